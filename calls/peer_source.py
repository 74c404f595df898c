"""The calls other hubs publish, as this portal reads them: how each item is checked and kept."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from peers.models import PeerCall
from peers.sources import RecordItem, Source, common_row, length_of, register, text_field

from .models import Call, Funder


class CallItem(RecordItem):
    title = serializers.CharField(max_length=length_of(Call, "title"))
    programme = text_field(Call, "programme")
    funder_name = serializers.CharField(max_length=length_of(Funder, "name"))
    funder_kind = serializers.CharField(max_length=length_of(Funder, "kind"), allow_blank=True)
    summary = serializers.CharField(max_length=5000, allow_blank=True)
    opens = serializers.DateTimeField(allow_null=True)
    deadline = serializers.DateTimeField()


def _call_row(item: dict[str, Any]) -> dict[str, Any]:
    return {
        **common_row(item),
        "programme": item["programme"],
        "funder_name": item["funder_name"],
        "funder_kind": item["funder_kind"],
        "summary": item["summary"],
        "opens": item["opens"],
        "deadline": item["deadline"],
    }


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
