"""What is read from a peer: one registered source per kind of record.

A source names the API path, the validator every item must pass (the fields, types, required
values and lengths the published schema gives), the local model the item is kept in, how an
item becomes a row, and which rows are still current. Adding a kind of record (news) is
registering one more source and showing its model where it belongs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from calls.models import Call, Funder
from events.models import Event

from .models import PeerCall, PeerEvent, PeerRecord


class StrictSerializer(serializers.Serializer):
    """A validator that also refuses values of the wrong JSON type, which DRF would coerce
    ("12" for a number, 1 for true)."""

    json_types: dict[type, tuple[type, ...]] = {
        serializers.IntegerField: (int,),
        serializers.BooleanField: (bool,),
        serializers.CharField: (str,),
        serializers.DateTimeField: (str,),
        serializers.ListField: (list,),
    }

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError("not an object")
        errors = {}
        for name, field in self.fields.items():
            value = data.get(name)
            if value is None:
                continue
            for kind, allowed in self.json_types.items():
                if isinstance(field, kind):
                    wrong = not isinstance(value, allowed) or (
                        kind is serializers.IntegerField and isinstance(value, bool)
                    )
                    if wrong:
                        errors[name] = [f"expected {allowed[0].__name__}"]
                    break
        if errors:
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


def _length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _text(model, name: str, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=_length(model, name), allow_blank=True, trim_whitespace=False, **kwargs
    )


class RecordItem(StrictSerializer):
    id = serializers.IntegerField(min_value=1)
    language = serializers.CharField(max_length=5, allow_blank=True)
    fields = serializers.ListField(
        child=serializers.CharField(max_length=100), max_length=30, allow_empty=True
    )
    updated_at = serializers.DateTimeField()
    url = serializers.URLField(max_length=500)

    def validate_url(self, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise serializers.ValidationError("not a web address")
        return value


class EventItem(RecordItem):
    title = serializers.CharField(max_length=_length(Event, "title"))
    kind = serializers.CharField(max_length=_length(Event, "kind"))
    kind_label = serializers.CharField(max_length=100, allow_blank=True)
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    venue = _text(Event, "venue")
    municipality = serializers.CharField(max_length=100, allow_null=True, allow_blank=True)
    municipality_name = serializers.CharField(max_length=100, allow_null=True, allow_blank=True)
    is_online_only = serializers.BooleanField()
    organiser_name = serializers.CharField(max_length=250, allow_blank=True)

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError("ends before it starts")
        return attrs


class CallItem(RecordItem):
    title = serializers.CharField(max_length=_length(Call, "title"))
    programme = _text(Call, "programme")
    funder_name = serializers.CharField(max_length=_length(Funder, "name"))
    funder_kind = serializers.CharField(max_length=_length(Funder, "kind"), allow_blank=True)
    summary = serializers.CharField(max_length=5000, allow_blank=True)
    opens = serializers.DateTimeField(allow_null=True)
    deadline = serializers.DateTimeField()


def _common(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": item["url"],
        "title": item["title"],
        "language": item["language"],
        "field_slugs": "," + ",".join(item["fields"]) + "," if item["fields"] else "",
        "remote_updated_at": item["updated_at"],
    }


def _event_row(item: dict[str, Any]) -> dict[str, Any]:
    return {
        **_common(item),
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


def _call_row(item: dict[str, Any]) -> dict[str, Any]:
    return {
        **_common(item),
        "programme": item["programme"],
        "funder_name": item["funder_name"],
        "funder_kind": item["funder_kind"],
        "summary": item["summary"],
        "opens": item["opens"],
        "deadline": item["deadline"],
    }


@dataclass(frozen=True)
class Source:
    name: str
    path: str
    validator: type[serializers.Serializer]
    model: type[PeerRecord]
    row: Callable[[dict[str, Any]], dict[str, Any]]
    # The rows still worth keeping at ``now``; the others have ended and are dropped.
    current: Callable[[QuerySet, datetime], QuerySet]


SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    SOURCES[source.name] = source


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
register(
    Source(
        name="calls",
        path="/api/v1/calls/",
        validator=CallItem,
        model=PeerCall,
        row=_call_row,
        current=lambda records, now: records.filter(deadline__gt=now),
    )
)
