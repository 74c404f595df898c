"""The indicators contract: how the apps' counting rules reach the funder templates and reports.

A funder template (``hub.models.FunderTemplate``) lists indicators; each names a *rule* by its
code. Rules live in the apps' ``indicators.py`` and register here (imported from the app's
``AppConfig.ready``), so ``hub`` never reaches into another app's tables:

    @rule_register(
        code="trainings_held",
        label=_("Trainings held"),
        definition=_("Published trainings that started in the period."),
    )
    def trainings_held(*, period: Period, operation: Operation | None, params: Mapping) -> Figure:
        ...

A rule is a keyword-only function of a ``Period`` (both days included, in the hub's time zone),
the operation the report is for (cumulative rules count from its start) and the indicator's
parameters (say ``{"hours": 25}``). It returns a ``Figure``: a JSON-safe value, the ids of the
rows behind it by row kind, and its breakdowns. Every rule runs a fixed number of queries,
whatever the data size.

Row kinds say how to show the rows behind a figure (``row_kind_register``): the app that owns
the rows fetches them by id and names the columns; kinds that identify people are for staff only.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .selectors import hub_zone

if TYPE_CHECKING:
    from .models import Operation


@dataclass(frozen=True)
class Period:
    """Whole days from ``start`` to ``end``, both included, in the hub's time zone."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A period ends on or after its start")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * (quarter - 1) + 1
        return cls(date(year, first, 1), cls.month(year, first + 2).end)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def from_json(cls, data: Mapping[str, str]) -> Period:
        return cls(date.fromisoformat(data["start"]), date.fromisoformat(data["end"]))

    def to_json(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    @property
    def start_at(self) -> datetime:
        """The first instant of the period (aware, hub time)."""
        return datetime.combine(self.start, time.min, tzinfo=hub_zone())

    @property
    def end_before(self) -> datetime:
        """The first instant after the period: filter with ``__lt``."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=hub_zone())

    def since(self, start: date) -> Period:
        """From ``start`` (an operation's first day) to this period's end: cumulative figures
        are recounted over it, never summed from periods."""
        return Period(min(start, self.end), self.end)

    def __str__(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


@dataclass
class Figure:
    """One rule's result for a period, JSON-safe (``to_json``) so a report can store it.

    ``value`` is an int (a count) or a Decimal (hours; stored as a string).
    ``rows`` maps a row kind to the sorted ids of the rows behind the value.
    ``breakdowns`` maps an entry item to ``{category: count}``; the ``REFUSED`` category counts
    those who chose not to say, ``INCOMPLETE`` those missing the item (grand total only).

    In memory the breakdowns are dicts in the rule's order; stored, they are ordered lists
    (``[{"key": item, "value": [{"key": category, "value": count}, …]}, …]``) because ``jsonb``
    keeps no key order and a report must print its categories in the template's order.
    """

    value: int | Decimal
    rows: dict[str, list[int]] = field(default_factory=dict)
    breakdowns: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        value = str(self.value) if isinstance(self.value, Decimal) else self.value
        return {
            "value": value,
            "rows": {kind: sorted(ids) for kind, ids in self.rows.items()},
            "breakdowns": [
                {"key": name, "value": [{"key": k, "value": v} for k, v in cells.items()]}
                for name, cells in self.breakdowns.items()
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Figure:
        value = data["value"]
        return cls(
            value=Decimal(value) if isinstance(value, str) else value,
            rows={kind: list(ids) for kind, ids in data.get("rows", {}).items()},
            breakdowns={
                table["key"]: {cell["key"]: cell["value"] for cell in table["value"]}
                for table in data.get("breakdowns", [])
            },
        )


RuleFunction = Callable[..., Figure]


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    definition: str
    compute: RuleFunction
    # The entry items this rule can break its figure down by (a template picks among them).
    breakdowns: tuple[str, ...] = ()
    # Labels of the categories of breakdowns that are not entry items (events by kind, partners
    # by sector): breakdown name -> choices, each (value, label).
    categories: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    def __call__(
        self,
        *,
        period: Period,
        operation: Operation | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Figure:
        return self.compute(period=period, operation=operation, params=params or {})


RULES: dict[str, Rule] = {}


def rule_register(
    *,
    code: str,
    label: str,
    definition: str,
    breakdowns: Iterable[str] = (),
    categories: Mapping[str, Iterable[tuple[str, str]]] | None = None,
) -> Callable[[RuleFunction], RuleFunction]:
    def register(function: RuleFunction) -> RuleFunction:
        RULES[code] = Rule(
            code,
            label,
            definition,
            function,
            tuple(breakdowns),
            {name: tuple(choices) for name, choices in (categories or {}).items()},
        )
        return function

    return register


def rule(code: str) -> Rule:
    try:
        return RULES[code]
    except KeyError as error:
        raise LookupError(f"No indicator rule {code!r} is registered") from error


def rule_choices() -> list[tuple[str, str]]:
    return sorted(((code, str(found.label)) for code, found in RULES.items()), key=lambda c: c[1])


@dataclass(frozen=True)
class RowKind:
    """How to show the rows behind a figure: ``fetch(ids)`` returns one dict per row, in a
    sensible order, with the keys named in ``columns`` (key, label) and ``url`` where the row
    has a page. ``staff_only`` kinds identify people: only those with the permission
    ``hub.view_people_behind_figures`` see the rows, everyone else the count."""

    name: str
    label: str
    columns: tuple[tuple[str, str], ...]
    fetch: Callable[[list[int]], list[dict[str, Any]]]
    staff_only: bool = False


ROW_KINDS: dict[str, RowKind] = {}


def row_kind_register(kind: RowKind) -> RowKind:
    ROW_KINDS[kind.name] = kind
    return kind


def row_kind(name: str) -> RowKind:
    try:
        return ROW_KINDS[name]
    except KeyError as error:
        raise LookupError(f"No row kind {name!r} is registered") from error
