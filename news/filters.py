"""The news list's filter for the API: what changed since a time."""

from __future__ import annotations

import django_filters

from hub.rest import ModifiedSinceFilter

from .models import NewsItem


class NewsApiFilter(django_filters.FilterSet):
    modified_since = ModifiedSinceFilter()

    class Meta:
        model = NewsItem
        fields = ["modified_since"]


class NewsFilter(django_filters.FilterSet):
    """The news list takes no filter; an embed of it names none."""

    class Meta:
        model = NewsItem
        fields: list[str] = []
