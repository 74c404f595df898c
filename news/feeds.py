"""The hub's news as an Atom feed; each entry links back to its page."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.selectors import hub_profile

from .models import NewsItem
from .selectors import news_list, news_next_published_at

FEED_LENGTH = 30


def feed_changes_at(request: HttpRequest) -> datetime | None:
    """When the news feed next changes by itself: as a news item dated later appears."""
    return news_next_published_at()


class NewsFeed(Feed):
    feed_type = Atom1Feed
    subtitle = gettext_lazy("News from the hub, the newest first.")

    def title(self) -> str:
        return _("News: %(hub)s") % {"hub": hub_profile().name}

    def link(self) -> str:
        return reverse("news:list")

    def items(self) -> list[NewsItem]:
        return list(news_list()[:FEED_LENGTH])

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return item.summary

    def item_pubdate(self, item: NewsItem):
        return item.published_at

    def item_updateddate(self, item: NewsItem):
        return item.updated_at

    def item_author_name(self, item: NewsItem) -> str:
        return hub_profile().name
