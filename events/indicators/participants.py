"""Who took part and what they said at entry: the attendances every participant rule counts,
each person's first entry, the breakdowns by entry item, and the participant rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.entry import (
    INCOMPLETE,
    REFUSED,
    SPECIAL_ENTRY_ITEMS,
    AgeBand,
    Education,
    Employment,
    EntryItem,
    Gender,
    Household,
    YesNo,
)
from hub.indicators import Figure, Period, rule_register

from ..models import EventKind, Registration, SpecialAnswer

if TYPE_CHECKING:
    from hub.models import Operation


# Where each entry item is read, from a registration (special-category items from their own
# table, joined, never fetched per person for display).
ITEM_FIELDS = {
    EntryItem.AGE: "age_band",
    EntryItem.GENDER: "gender",
    EntryItem.EDUCATION: "education",
    EntryItem.EMPLOYMENT: "employment",
    EntryItem.THIRD_COUNTRY: "third_country",
    EntryItem.HOUSEHOLD: "household",
    EntryItem.HOMELESS: "homeless",
    EntryItem.RURAL: "rural",
    EntryItem.DISABILITY: "special_category__disability",
    EntryItem.MINORITY: "special_category__minority",
    EntryItem.FOREIGN_BACKGROUND: "special_category__foreign_background",
    EntryItem.OTHER_DISADVANTAGE: "special_category__other_disadvantage",
}
ALL_ITEMS = tuple(str(item) for item in EntryItem)
SPECIAL_CHOICES = tuple((str(v), str(label)) for v, label in SpecialAnswer.choices if v != REFUSED)
ITEM_CATEGORIES = {
    EntryItem.AGE: [str(v) for v in AgeBand.values],
    EntryItem.GENDER: [str(v) for v in Gender.values],
    EntryItem.EDUCATION: [str(v) for v in Education.values],
    EntryItem.EMPLOYMENT: [str(v) for v in Employment.values],
    EntryItem.THIRD_COUNTRY: [str(v) for v in YesNo.values],
    EntryItem.HOUSEHOLD: [str(v) for v in Household.values],
    EntryItem.HOMELESS: [str(v) for v in YesNo.values],
    EntryItem.RURAL: [str(v) for v in YesNo.values],
    **{item: [value for value, _label in SPECIAL_CHOICES] for item in SPECIAL_ENTRY_ITEMS},
}
# Special-category answers have no enumeration in hub: their labels go with the rules.
SPECIAL_CATEGORIES = {str(item): SPECIAL_CHOICES for item in SPECIAL_ENTRY_ITEMS}
ENTRY_VALUES = ("pk", "pid", "participant_id", "event_id", "event__start", *ITEM_FIELDS.values())


def attendances(
    *, start_at: datetime | None, end_before: datetime, kinds: Iterable[str] | None
) -> QuerySet[Registration]:
    """Attendances (not cancelled, marked present) at events held in the span."""
    registrations = (
        Registration.objects.active()
        .attended()
        .filter(
            pid__isnull=False,
            event__is_published=True,
            event__is_cancelled=False,
            event__start__lt=end_before,
            event__start__lte=timezone.now(),
        )
    )
    if start_at is not None:
        registrations = registrations.filter(event__start__gte=start_at)
    if kinds is not None:
        registrations = registrations.filter(event__kind__in=list(kinds))
    return registrations


def _kinds(params: Mapping) -> list[str] | None:
    kinds = params.get("kinds")
    return list(kinds) if kinds else None


def _items(params: Mapping) -> list[str]:
    wanted = params.get("breakdowns")
    return [item for item in ALL_ITEMS if wanted is None or item in wanted]


def first_entries(rows: Iterable[dict]) -> dict[Any, dict]:
    """Each person's first attendance in ``rows`` (by the session's start, then registration)."""
    first: dict[Any, dict] = {}
    for row in sorted(rows, key=lambda r: (r["event__start"], r["pk"])):
        first.setdefault(row["pid"], row)
    return first


def breakdowns(entries: Iterable[dict], items: Iterable[str]) -> dict[str, dict[str, int]]:
    """Count entry rows by each item: its categories, ``REFUSED``, and ``INCOMPLETE`` (a record
    missing any non-sensitive item broken down by counts in none of their categories)."""
    items = list(items)
    ordinary = [item for item in items if item not in SPECIAL_ENTRY_ITEMS]
    result = {
        item: {**dict.fromkeys(ITEM_CATEGORIES[item], 0), REFUSED: 0, INCOMPLETE: 0}
        for item in items
    }
    for entry in entries:
        complete = all(entry[ITEM_FIELDS[item]] for item in ordinary)
        for item in items:
            value = entry[ITEM_FIELDS[item]] or ""
            if item in SPECIAL_ENTRY_ITEMS:
                result[item][value or INCOMPLETE] += 1
            else:
                result[item][value if complete else INCOMPLETE] += 1
    return result


def people_figure(entries: dict[Any, dict], params: Mapping) -> Figure:
    return Figure(
        value=len(entries),
        # Each person by the registration that made them count: an erased person's row stays
        # (anonymous), so the rows behind a figure never change with an erasure.
        rows={"people": sorted(e["pk"] for e in entries.values())},
        breakdowns=breakdowns(entries.values(), _items(params)),
    )


PARTICIPANT_RULE = {"breakdowns": ALL_ITEMS, "categories": SPECIAL_CATEGORIES}


@rule_register(
    code="training_participants",
    label=_("Training participants"),
    definition=_("Distinct people present at a training in the period, each counted once."),
    **PARTICIPANT_RULE,
)
def training_participants(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    return participants_in(period, {**params, "kinds": [EventKind.TRAINING]})


@rule_register(
    code="training_participations",
    label=_("Training participations"),
    definition=_("Attendances at trainings in the period: one person at three sessions is three."),
    **PARTICIPANT_RULE,
)
def training_participations(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    return participations(
        period=period, operation=operation, params={**params, "kinds": ["training"]}
    )


def participants_in(period: Period, params: Mapping) -> Figure:
    """Distinct people present in the period, with their characteristics at their first
    attendance in it."""
    rows = attendances(
        start_at=period.start_at, end_before=period.end_before, kinds=_kinds(params)
    ).values(*ENTRY_VALUES)
    return people_figure(first_entries(rows), params)


@rule_register(
    code="participants_new",
    label=_("New participants"),
    definition=_(
        "People whose first attended session (in the operation, or ever) is in the period, each "
        "counted once, with their characteristics at entry. Registering without attending never "
        "counts."
    ),
    **PARTICIPANT_RULE,
)
def participants_new(*, period: Period, operation: Operation | None, params: Mapping) -> Figure:
    start_at = period.since(operation.start).start_at if operation is not None else None
    rows = attendances(
        start_at=start_at, end_before=period.end_before, kinds=_kinds(params)
    ).values(*ENTRY_VALUES)
    first = first_entries(rows)
    entered = {
        pid: entry for pid, entry in first.items() if entry["event__start"] >= period.start_at
    }
    return people_figure(entered, params)


@rule_register(
    code="participants_cumulative",
    label=_("Participants since the operation began"),
    definition=_(
        "People who attended at least once from the operation's start to the end of the period, "
        "each counted once with their characteristics at their first entry; recounted, never "
        "added up from periods."
    ),
    **PARTICIPANT_RULE,
)
def participants_cumulative(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    span = period.since(operation.start) if operation is not None else period
    return participants_in(span, params)


@rule_register(
    code="participations",
    label=_("Participations"),
    definition=_("Attendances in the period: one person at three events is three participations."),
    **PARTICIPANT_RULE,
)
def participations(*, period: Period, operation: Operation | None, params: Mapping) -> Figure:
    rows = list(
        attendances(
            start_at=period.start_at, end_before=period.end_before, kinds=_kinds(params)
        ).values(*ENTRY_VALUES)
    )
    return Figure(
        value=len(rows),
        rows={"events": sorted({row["event_id"] for row in rows})},
        breakdowns=breakdowns(rows, _items(params)),
    )
