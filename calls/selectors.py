"""Reads that the calls' pages, feeds and alerts share, with the joins each needs decided here."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Min, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hub.feeds import earliest
from hub.text import collated
from organisations.models import Organisation

from .models import Call, CallDocument


def call_list() -> QuerySet[Call]:
    return Call.objects.published().for_list()


def open_calls_change_at(now=None) -> datetime | None:
    """When the open calls next change by themselves: as the next published call opens or
    closes (None while none is to)."""
    now = now or timezone.now()
    found = Call.objects.published().aggregate(
        opens=Min("opens", filter=Q(opens__gt=now)),
        closes=Min("deadline", filter=Q(deadline__gt=now)),
    )
    return earliest(found["opens"], found["closes"])


def call_public_detail(*, slug: str) -> Call:
    """A published call with what its page shows: funder, fields, regions, documents and the
    published events that present it (its info sessions)."""
    # Events stand above calls (an event may present a call), so they are reached through the
    # reverse relation rather than by importing them.
    info_sessions = Call._meta.get_field("events").related_model.objects
    queryset = (
        Call.objects.published()
        .select_related("funder")
        .prefetch_related(
            "fields",
            "regions",
            Prefetch("documents", queryset=CallDocument.objects.order_by("order", "pk")),
            Prefetch(
                "events",
                queryset=info_sessions.published().select_related("municipality").order_by("start"),
            ),
        )
    )
    return get_object_or_404(queryset, slug=slug)


def call_for_staff(user, slug: str) -> Call:
    """The call, for hub staff only; 404 for everyone else, published or not."""
    if not (user.is_authenticated and user.is_staff):
        raise Http404
    return get_object_or_404(Call.objects.select_related("funder"), slug=slug)


def call_closing_soonest(*, limit: int = 3) -> list[Call]:
    """Open calls, the nearest deadline first: the home page's block."""
    return list(call_list().open(timezone.now()).order_by("deadline", "pk")[:limit])


def organisation_of_member(user) -> Organisation | None:
    """The organisation a signed-in person works for (the first, if several), for "eligible for
    my organisation" and a subscription's first criteria."""
    if not user.is_authenticated:
        return None
    return (
        Organisation.objects.for_member(user)
        .select_related("seat")
        .prefetch_related("fields")
        .order_by("pk")
        .first()
    )


def organisations_to_invite(call: Call) -> QuerySet[Organisation]:
    """Verified organisations that may apply to the call and work in one of its fields: the
    NGOs to invite to its info day. A call with no fields counts every field."""
    organisations = Organisation.objects.verified().filter(country=call.country)
    if call.sectors:
        organisations = organisations.filter(sector__in=call.sectors)
    if call.legal_forms:
        organisations = organisations.filter(legal_form__in=call.legal_forms)
    region_ids = [region.pk for region in call.regions.all()]
    if region_ids:
        organisations = organisations.filter(
            Q(seat__region__in=region_ids)
            | Q(pk__in=Organisation.objects.filter(municipalities_served__region__in=region_ids))
        )
    field_ids = [field.pk for field in call.fields.all()]
    if field_ids:
        organisations = organisations.filter(
            pk__in=Organisation.objects.filter(fields__in=field_ids).values("pk")
        )
    return organisations.select_related("seat").order_by(collated("name"), "pk")
