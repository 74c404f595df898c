"""The "include other hubs" checkbox the events and calls lists share (``?include=peers``)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

INCLUDE_PEERS = "peers"


class IncludePeersInput(forms.CheckboxInput):
    """A checkbox sent as ``include=peers``, so the address says what it asks for."""

    def __init__(self):
        super().__init__(attrs={"value": INCLUDE_PEERS}, check_test=lambda v: v == INCLUDE_PEERS)

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def format_value(self, value):
        # The value attribute is always "peers" (from attrs); the checked state says if chosen.
        return None


class IncludePeersFilter(django_filters.ChoiceFilter):
    """Selects nothing among this hub's rows: the list adds other hubs' records beside them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Include other hubs"))
        kwargs.setdefault("choices", [(INCLUDE_PEERS, _("Include other hubs"))])
        kwargs.setdefault("widget", IncludePeersInput())
        kwargs.setdefault("method", self.include)
        super().__init__(**kwargs)

    @staticmethod
    def include(queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset


def includes_peers(data) -> bool:
    return data.get("include") == INCLUDE_PEERS
