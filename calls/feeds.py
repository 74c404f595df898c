"""New calls as an Atom feed, open calls' deadlines as an iCalendar file; each entry links back."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from hub.selectors import hub_profile
from peers.feeds import origin
from peers.filters import includes_peers
from peers.models import PeerCall
from peers.selectors import peer_calls, peer_calls_change_at

from .models import CLOSING_SOON, Call
from .selectors import call_list, open_calls_change_at

FEED_LENGTH = 50


class CallFeed(Feed):
    """New calls, newest first; with ``?include=peers`` other hubs' open and upcoming calls
    too, each linking to the other portal."""

    feed_type = Atom1Feed
    subtitle = gettext_lazy("Funding calls published by the hub, the newest first.")

    def title(self) -> str:
        return _("Funding calls: %(hub)s") % {"hub": hub_profile().name}

    def link(self) -> str:
        from django.urls import reverse

        return reverse("calls:list")

    def get_object(self, request, *args, **kwargs) -> bool:
        return includes_peers(request.GET)

    def items(self, include_peers: bool) -> list[Call | PeerCall]:
        items: list[Call | PeerCall] = list(
            call_list().order_by("-published_at", "-pk")[:FEED_LENGTH]
        )
        if include_peers:
            items.extend(peer_calls(closing_soon=CLOSING_SOON))
            items.sort(key=self.item_pubdate, reverse=True)
        return items[:FEED_LENGTH]

    def item_title(self, item: Call | PeerCall) -> str:
        return item.title

    def item_link(self, item: Call | PeerCall) -> str:
        return item.url if isinstance(item, PeerCall) else item.get_absolute_url()

    def item_description(self, item: Call | PeerCall) -> str:
        if isinstance(item, PeerCall):
            return f"{item.summary}\n\n{origin(item)}".strip()
        return item.summary

    def item_pubdate(self, item: Call | PeerCall):
        if isinstance(item, PeerCall):
            return item.read_at
        return item.published_at or item.created_at

    def item_updateddate(self, item: Call | PeerCall):
        return item.remote_updated_at if isinstance(item, PeerCall) else item.updated_at

    def item_author_name(self, item: Call | PeerCall) -> str:
        if isinstance(item, PeerCall):
            return f"{item.funder_name} ({item.peer.name})"
        return item.funder.name

    def item_categories(self, item: Call | PeerCall) -> list[str]:
        if isinstance(item, PeerCall):
            return []
        return [field.name for field in item.fields.all()]


def feed_changes_at(request: HttpRequest) -> datetime | None:
    """When the calls feed at this address next changes by itself: with ``?include=peers``, as
    the first deadline of other hubs' calls shown passes."""
    return peer_calls_change_at() if includes_peers(request.GET) else None


def deadlines_change_at(request: HttpRequest) -> datetime | None:
    """When the deadlines calendar next changes by itself: as a call opens or closes."""
    return open_calls_change_at()


def deadlines(request: HttpRequest) -> HttpResponse:
    calls = call_list().open(timezone.now()).order_by("deadline", "pk")
    calendar = Calendar()
    calendar.add("prodid", "-//Stičišče//calls//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Deadlines of funding calls"))
    stamp = timezone.now()
    domain = hub_profile().email.rpartition("@")[2] or "sticisce"
    for call in calls:
        url = request.build_absolute_uri(call.get_absolute_url())
        entry = CalendarEvent()
        entry.add("uid", f"call-deadline-{call.pk}@{domain}")
        entry.add("dtstamp", stamp)
        entry.add("last-modified", call.updated_at)
        entry.add("dtstart", call.local_deadline)
        entry.add("dtend", call.local_deadline)
        entry.add("summary", _("Deadline: %(title)s") % {"title": call.title})
        entry.add("description", f"{call.funder.name}\n\n{call.summary}\n\n{url}")
        entry.add("url", url)
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="call-deadlines.ics"'
    return response
