"""What is read from a peer: one registered source per kind of record.

A source names the API path, the validator every item must pass (the fields, types, required
values and lengths the published schema gives), the local model the item is kept in, how an
item becomes a row, and which rows are still current. The app that owns the kind of record
registers its source (events.peer_source, calls.peer_source) from its AppConfig.ready, so this
app stands below them and imports neither. Adding a kind of record (news) is registering one
more source and showing its model where it belongs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from .models import PeerRecord


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


def length_of(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def text_field(model, name: str, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=length_of(model, name), allow_blank=True, trim_whitespace=False, **kwargs
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


def common_row(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": item["url"],
        "title": item["title"],
        "language": item["language"],
        "field_slugs": "," + ",".join(item["fields"]) + "," if item["fields"] else "",
        "remote_updated_at": item["updated_at"],
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
