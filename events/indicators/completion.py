"""Trainings completed (a programme's sessions, or a training on its own) and the organisations
credited by the people who attended them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.indicators import Figure, Period, rule_register

from ..models import CREDITING_LINKS, Event, EventKind, Registration
from .participants import ENTRY_VALUES, PARTICIPANT_RULE, attendances, first_entries, people_figure

if TYPE_CHECKING:
    from hub.models import Operation


# Programmes and completion ----------------------------------------------------------------------


@dataclass
class _Unit:
    """A training one completes: a programme's sessions, or one training event on its own."""

    sessions: list[dict]

    @property
    def required(self) -> set[int]:
        required = {s["pk"] for s in self.sessions if s["required_session"]}
        return required or {s["pk"] for s in self.sessions}

    @property
    def days(self) -> int:
        zone = timezone.get_current_timezone()
        days = set()
        for session in self.sessions:
            day, last = session["start"].astimezone(zone).date(), session["end"].astimezone(zone)
            while day <= last.date():
                days.add(day)
                day = day.fromordinal(day.toordinal() + 1)
        return len(days)


def _completed(
    period: Period, *, programmes_only: bool, min_days: int = 1
) -> list[tuple[_Unit, list[dict]]]:
    """Trainings whose last session is in the period, with the attendance rows of the people who
    attended every required session. Two queries."""
    last = Subquery(
        Event.objects.filter(
            programme_id=OuterRef("programme_id"), is_published=True, is_cancelled=False
        )
        .order_by()
        .values("programme_id")
        .annotate(last=Max("start"))
        .values("last")[:1]
    )
    sessions = (
        Event.objects.published()
        .filter(is_cancelled=False)
        .annotate(last=Coalesce(last, F("start")))
        .filter(last__gte=period.start_at, last__lt=period.end_before, last__lte=timezone.now())
    )
    if programmes_only:
        sessions = sessions.filter(programme__isnull=False)
    else:
        sessions = sessions.filter(Q(programme__isnull=False) | Q(kind=EventKind.TRAINING))
    units: dict[tuple, _Unit] = {}
    for session in sessions.values("pk", "programme_id", "start", "end", "required_session"):
        key = (
            ("programme", session["programme_id"])
            if session["programme_id"]
            else ("event", session["pk"])
        )
        units.setdefault(key, _Unit([])).sessions.append(session)
    units = {key: unit for key, unit in units.items() if unit.days >= min_days}
    session_unit = {s["pk"]: key for key, unit in units.items() for s in unit.sessions}
    rows = (
        Registration.objects.active()
        .attended()
        .filter(pid__isnull=False, event__in=sessions.values("pk"))
        .values(*ENTRY_VALUES, "organisation_id", "organisation_link")
    )
    attended: dict[tuple, dict[Any, list[dict]]] = {}
    for row in rows:
        if row["event_id"] in session_unit:  # not of a training too short to count
            unit = session_unit[row["event_id"]]
            attended.setdefault(unit, {}).setdefault(row["pid"], []).append(row)
    completed = []
    for key, people in attended.items():
        required = units[key].required
        for person_rows in people.values():
            if required <= {row["event_id"] for row in person_rows}:
                completed.append((units[key], person_rows))
    return completed


@rule_register(
    code="people_completed_training",
    label=_("People who completed a training"),
    definition=_(
        "People who attended every required session (every session, where none is marked "
        "required) of a training lasting at least the indicator's number of days — a "
        "programme's sessions, or a training event on its own — whose last session is in the "
        "period; each person counts once. Cancelled sessions do not count. Source: attendance "
        "sheets."
    ),
    **PARTICIPANT_RULE,
)
def people_completed_training(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    completed = _completed(period, programmes_only=False, min_days=int(params.get("min_days", 2)))
    return people_figure(first_entries(row for _u, rows in completed for row in rows), params)


def completed_programme_organisation_ids(*, period: Period) -> set[int]:
    """Directory organisations credited (by membership or staff) by a person who completed a
    programme whose last session is in the period."""
    return {
        row["organisation_id"]
        for _unit, rows in _completed(period, programmes_only=True)
        for row in rows
        if row["organisation_id"] and row["organisation_link"] in CREDITING_LINKS
    }


def training_credits(*, period: Period) -> dict[int, set[int]]:
    """Directory organisations credited by people present at a training in the period, with
    the registrations that credit them: ``{organisation id: {registration ids}}``. Only a link
    made by the person's membership or confirmed by staff counts. One query."""
    credits: dict[int, set[int]] = {}
    for pk, organisation_id in (
        attendances(
            start_at=period.start_at, end_before=period.end_before, kinds=[EventKind.TRAINING]
        )
        .filter(organisation__isnull=False, organisation_link__in=CREDITING_LINKS)
        .values_list("pk", "organisation_id")
    ):
        credits.setdefault(organisation_id, set()).add(pk)
    return credits


def training_organisation_ids(*, period: Period) -> set[int]:
    """Directory organisations credited by people present at a training in the period."""
    return set(training_credits(period=period))
