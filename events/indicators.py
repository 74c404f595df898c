"""What events contribute to the funder reports: counts and rows for a period.

``hub`` reads these functions and nothing else of this app. A period is two dates, both
included, in the hub's time zone. An event counts in the period it starts in, once it has
started and if it is published; a participation is a registration marked present at check-in.
Every function is one query, whatever the number of events.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from hub.text import collated

from .models import Event, EventKind, Registration


def events_held(start: date, end: date) -> QuerySet[Event]:
    return Event.objects.published().filter(
        start__date__range=(start, end), start__lte=timezone.now()
    )


def _participations(start: date, end: date, kinds: Iterable[str] | None) -> QuerySet:
    registrations = (
        Registration.objects.active().attended().filter(event__in=events_held(start, end))
    )
    if kinds is not None:
        registrations = registrations.filter(event__kind__in=list(kinds))
    return registrations


def events_by_kind(start: date, end: date) -> dict[str, int]:
    """Events held in the period, by kind (every kind present, zero where none)."""
    counts = dict(events_held(start, end).order_by().values_list("kind").annotate(n=Count("pk")))
    return {kind: counts.get(kind, 0) for kind in EventKind.values}


def trainings_held(start: date, end: date) -> int:
    return events_held(start, end).filter(kind=EventKind.TRAINING).count()


def participants(start: date, end: date, *, kinds: Iterable[str] | None = None) -> int:
    """Distinct people who attended, told apart by e-mail address (case aside)."""
    return _participations(start, end, kinds).aggregate(n=Count(Lower("email"), distinct=True))["n"]


def participations(start: date, end: date, *, kinds: Iterable[str] | None = None) -> int:
    """Attendances: one person at three trainings is three participations."""
    return _participations(start, end, kinds).count()


def participating_organisation_ids(
    start: date, end: date, *, kinds: Iterable[str] | None = None
) -> set[int]:
    """Organisations from the directory whose people attended (for "NGOs supported", pass
    ``kinds=[EventKind.TRAINING]`` and join with the organisations' support records)."""
    return set(
        _participations(start, end, kinds)
        .filter(organisation__isnull=False)
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def organisations_took_part(start: date, end: date, *, kinds: Iterable[str] | None = None) -> int:
    """Organisations that took part: those from the directory, and names typed at registration
    (compared case aside)."""
    counts = _participations(start, end, kinds).aggregate(
        linked=Count("organisation", distinct=True),
        typed=Count(
            Lower("organisation_name"),
            distinct=True,
            filter=Q(organisation__isnull=True) & ~Q(organisation_name=""),
        ),
    )
    return counts["linked"] + counts["typed"]


def municipalities_reached(start: date, end: date) -> list[dict]:
    """Municipalities where events were held in the period, with how many: the rows behind the
    count. Online-only events reach no municipality of their own."""
    return list(
        events_held(start, end)
        .filter(municipality__isnull=False)
        .order_by()
        .values("municipality_id", "municipality__name", "municipality__region__name")
        .annotate(events=Count("pk"))
        .order_by(collated("municipality__name"))
    )


def event_rows(start: date, end: date) -> list[dict]:
    """One row per event held in the period, with its attendance: the evidence for the counts."""
    return list(
        events_held(start, end)
        .order_by("start", "pk")
        .values("pk", "title", "kind", "start", "end", "municipality__name", "capacity")
        .annotate(
            confirmed=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.CONFIRMED),
            ),
            attended=Count(
                "registrations",
                filter=Q(registrations__attended=True)
                & ~Q(registrations__status=Registration.Status.CANCELLED),
            ),
        )
    )


def summary(start: date, end: date) -> dict:
    """Every figure at once, for a report page."""
    return {
        "events_by_kind": events_by_kind(start, end),
        "trainings_held": trainings_held(start, end),
        "participants": participants(start, end),
        "participations": participations(start, end),
        "training_participants": participants(start, end, kinds=[EventKind.TRAINING]),
        "training_participations": participations(start, end, kinds=[EventKind.TRAINING]),
        "organisations_took_part": organisations_took_part(start, end),
        "municipalities_reached": len(municipalities_reached(start, end)),
    }
