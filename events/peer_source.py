"""The events other hubs publish, as this portal reads them: how each item is checked and kept."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from peers.models import PeerEvent
from peers.sources import RecordItem, Source, common_row, length_of, register, text_field

from .models import Event


class EventItem(RecordItem):
    title = serializers.CharField(max_length=length_of(Event, "title"))
    kind = serializers.CharField(max_length=length_of(Event, "kind"))
    kind_label = serializers.CharField(max_length=100, allow_blank=True)
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    venue = text_field(Event, "venue")
    municipality = serializers.CharField(max_length=100, allow_null=True, allow_blank=True)
    municipality_name = serializers.CharField(max_length=100, allow_null=True, allow_blank=True)
    is_online_only = serializers.BooleanField()
    organiser_name = serializers.CharField(max_length=250, allow_blank=True)

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError("ends before it starts")
        return attrs


def _event_row(item: dict[str, Any]) -> dict[str, Any]:
    return {
        **common_row(item),
        "kind": item["kind"],
        "kind_label": item["kind_label"],
        "start": item["start"],
        "end": item["end"],
        "venue": item["venue"],
        "municipality": item["municipality"] or "",
        "municipality_name": item["municipality_name"] or "",
        "is_online_only": item["is_online_only"],
        "organiser_name": item["organiser_name"],
    }


register(
    Source(
        name="events",
        path="/api/v1/events/",
        validator=EventItem,
        model=PeerEvent,
        row=_event_row,
        current=lambda records, now: records.filter(end__gte=now),
    )
)
