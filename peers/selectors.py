"""What the events and calls lists and feeds show of other hubs: only stored records, never a
request to a peer. One query each (the records with their peer)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from .models import PeerCall, PeerEvent

# Filters of the calls list that other hubs' records hold nothing to answer (eligibility,
# area, amount, this hub's funders): with one of them set, no other hub's call is shown.
CALL_FILTERS_NOT_KEPT = ("funder", "sector", "legal_form", "region", "amount", "mine")


def _shown(model) -> QuerySet:
    return model.objects.filter(peer__is_active=True).select_related("peer")


def _search(records: QuerySet, text: str, *names: str) -> QuerySet:
    match = Q()
    for word in text.split():
        any_field = Q()
        for name in names:
            any_field |= Q(**{f"{name}__icontains": word})
        match &= any_field
    return records.filter(match)


def peer_events(*, filters: dict[str, Any] | None = None, now: datetime | None = None) -> list:
    """Other hubs' events still to come, soonest first, narrowed as the events list is (search,
    kind, field, municipality, month); none for past events, which are not kept."""
    filters = filters or {}
    now = now or timezone.now()
    if filters.get("when") == "past":
        return []
    records = _shown(PeerEvent).filter(end__gte=now)
    if filters.get("q"):
        records = _search(
            records, filters["q"], "title", "venue", "municipality_name", "organiser_name"
        )
    if filters.get("kind"):
        records = records.filter(kind=filters["kind"])
    if filters.get("field"):
        records = records.filter(field_slugs__contains=f",{filters['field'].slug},")
    if filters.get("municipality"):
        records = records.filter(municipality=filters["municipality"].slug)
    if filters.get("month"):
        try:
            first = datetime.strptime(filters["month"], "%Y-%m")  # noqa: DTZ007 (made aware below)
        except ValueError:
            return []
        following = first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1)
        records = records.filter(
            start__gte=timezone.make_aware(first), start__lt=timezone.make_aware(following)
        )
    return list(records.order_by("start", "pk")[: settings.PEERS_LIST_LENGTH])


def peer_calls(
    *,
    closing_soon: timedelta,
    filters: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> list:
    """Other hubs' calls not yet closed, the nearest deadline first, narrowed as the calls list
    is (search, status, field, kind of funder, deadline); none for closed calls, which are not
    kept. ``closing_soon`` is the calls list's own measure of a deadline close at hand."""
    filters = filters or {}
    now = now or timezone.now()
    records = _shown(PeerCall).filter(deadline__gt=now)
    status = filters.get("status")
    if status == "closed" or any(filters.get(name) for name in CALL_FILTERS_NOT_KEPT):
        return []
    if status == "open":
        records = records.filter(Q(opens__isnull=True) | Q(opens__lte=now))
    elif status == "upcoming":
        records = records.filter(opens__gt=now)
    elif status == "closing_soon":
        records = records.filter(Q(opens__isnull=True) | Q(opens__lte=now)).filter(
            deadline__lte=now + closing_soon
        )
    if filters.get("q"):
        records = _search(records, filters["q"], "title", "funder_name", "programme", "summary")
    if filters.get("field"):
        records = records.filter(field_slugs__contains=f",{filters['field'].slug},")
    if filters.get("funder_kind"):
        records = records.filter(funder_kind=filters["funder_kind"])
    if filters.get("deadline_before"):
        end = timezone.make_aware(datetime.combine(filters["deadline_before"], time.min))
        records = records.filter(deadline__lt=end)
    return list(records.order_by("deadline", "pk")[: settings.PEERS_LIST_LENGTH])


def peer_events_change_at(now: datetime | None = None) -> datetime | None:
    """When the other hubs' events shown (``peer_events``) next change by themselves: as the
    first of them ends."""
    records = _shown(PeerEvent).filter(end__gte=now or timezone.now())
    return records.aggregate(first=Min("end"))["first"]


def peer_calls_change_at(now: datetime | None = None) -> datetime | None:
    """When the other hubs' calls shown (``peer_calls``) next change by themselves: as the
    first of their deadlines passes."""
    records = _shown(PeerCall).filter(deadline__gt=now or timezone.now())
    return records.aggregate(first=Min("deadline"))["first"]
