"""Events held, trainings held and the municipalities they reached."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hub.indicators import Figure, Period, rule_register

from ..models import Event, EventKind, Registration

if TYPE_CHECKING:
    from hub.models import Operation


def events_held(period: Period) -> QuerySet[Event]:
    """Published events, not cancelled, that started in the period (and by now)."""
    return Event.objects.held().filter(start__gte=period.start_at, start__lt=period.end_before)


@rule_register(
    code="events_by_kind",
    label=_("Events held"),
    definition=_("Published events that started in the period and were not cancelled, by kind."),
    categories={"kind": EventKind.choices},
)
def events_by_kind(*, period: Period, operation: Operation | None, params: Mapping) -> Figure:
    rows = list(events_held(period).order_by("start", "pk").values_list("pk", "kind"))
    by_kind = dict.fromkeys(EventKind.values, 0)
    for _pk, kind in rows:
        by_kind[kind] += 1
    return Figure(
        value=len(rows), rows={"events": [pk for pk, _kind in rows]}, breakdowns={"kind": by_kind}
    )


@rule_register(
    code="trainings_held",
    label=_("Trainings held"),
    definition=_(
        "Published trainings, not cancelled, that started in the period with at least one person "
        "marked present (a registration that was not cancelled); the sessions of a programme "
        "held in the period count once together."
    ),
)
def trainings_held(*, period: Period, operation: Operation | None, params: Mapping) -> Figure:
    # The sessions with a present, not cancelled registration, in a subquery: excluding the
    # events with a cancelled registration would drop a training for one person's cancellation.
    present = Registration.objects.active().attended().values("event_id")
    rows = list(
        events_held(period)
        .filter(kind=EventKind.TRAINING, pk__in=present)
        .order_by()
        .values_list("pk", "programme_id")
    )
    trainings = {("programme", p) if p else ("event", pk) for pk, p in rows}
    return Figure(value=len(trainings), rows={"events": sorted({pk for pk, _p in rows})})


@rule_register(
    code="municipalities_reached",
    label=_("Municipalities reached"),
    definition=_(
        "Municipalities where a published event that was not cancelled started in the period; "
        "events without a municipality (online only) reach none."
    ),
)
def municipalities_reached(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    ids = set(
        events_held(period)
        .filter(municipality__isnull=False)
        .order_by()
        .values_list("municipality_id", flat=True)
        .distinct()
    )
    return Figure(value=len(ids), rows={"municipalities": sorted(ids)})
