"""Disclosure control for breakdowns of special-category data (disability, minority, foreign
background): the one rule every table passes before it leaves the server — the dashboard, the
PDF and every spreadsheet.

The method is complementary suppression with one suppression pattern for the whole hub:

1. Special-category breakdowns are offered only for the periods the dashboard lists (whole
   quarters, whole years, the whole operation), never for dates of one's choice, so two
   overlapping periods picked at will cannot be subtracted from each other.
2. For each special item, the categories with a small cell (1 to threshold − 1) in *any* table
   of *any* indicator over *any* of those periods of *any* operation are hidden, together with
   the next-smallest category when only one is (so no hidden cell is the total minus the shown
   ones). The "chose not to say" and "incomplete" lines are categories like the others.
3. That same set of categories is hidden in every table of the item where any of them counts
   someone; a table where they count nobody shows its zeros.

Why it holds: take any person whose answer is one of the hidden categories and imagine their
answer were another hidden category. Every table that counts that person hides both cells, so
every published number — totals, shown cells, any period, any indicator — stays the same. Two
worlds that publish the same numbers cannot be told apart: whatever an attacker adds up or
subtracts, a hidden cell with someone in it is never pinned to one value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from hub.entry import SPECIAL_ENTRY_ITEMS
from hub.indicators import RULES, Figure, Period
from hub.models import Operation, TemplateIndicator

from .periods import period_choices, period_from_choice

Tables = Mapping[str, Iterable[Mapping[str, int]]]


def offered_periods(operation: Operation) -> list[Period]:
    """The periods the dashboard lists for the operation (never dates of one's choice)."""
    found = []
    for value, _label in period_choices(operation):
        period = period_from_choice(value, operation) if value != "custom" else None
        if period is not None and period not in found:
            found.append(period)
    return found


def _special_indicators(indicators: Iterable[TemplateIndicator]) -> list[TemplateIndicator]:
    """Indicators whose rule can break its figure down by a special-category item."""
    return [
        indicator
        for indicator in indicators
        if indicator.rule in RULES and SPECIAL_ENTRY_ITEMS & set(RULES[indicator.rule].breakdowns)
    ]


def special_tables(
    *, operation: Operation, indicators: Iterable[TemplateIndicator], periods: Iterable[Period]
) -> dict[str, list[dict[str, int]]]:
    """Every special-category table the portal publishes for the operation, by item."""
    tables: dict[str, list[dict[str, int]]] = {}
    chosen = _special_indicators(indicators)
    for period in periods:
        for indicator in chosen:
            wanted = [item for item in indicator.breakdowns if item in SPECIAL_ENTRY_ITEMS]
            params = {**(indicator.params or {}), "breakdowns": wanted}
            figure: Figure = RULES[indicator.rule](
                period=period, operation=operation, params=params
            )
            for item, cells in figure.breakdowns.items():
                if item in SPECIAL_ENTRY_ITEMS:
                    tables.setdefault(item, []).append(dict(cells))
    return tables


def suppression_pattern(tables: Tables, *, threshold: int) -> dict[str, list[str]]:
    """For each special item, the categories hidden in all its tables (see the module's text)."""
    pattern = {}
    for item, found in tables.items():
        found = list(found)
        order: list[str] = []
        totals: dict[str, int] = {}
        for cells in found:
            for category, count in cells.items():
                if category not in totals:
                    order.append(category)
                totals[category] = totals.get(category, 0) + count
        hidden = {c for cells in found for c, count in cells.items() if 0 < count < threshold}
        if len(hidden) == 1:
            others = [c for c in order if c not in hidden]
            if others:
                hidden.add(min(others, key=lambda c: (totals[c], order.index(c))))
        if hidden:
            pattern[item] = [c for c in order if c in hidden]
    return pattern


def table_disclose(
    cells: Mapping[str, Any], *, hidden: Iterable[str], threshold: int
) -> dict[str, Any]:
    """A special-category table as published: hidden cells are ``None``.

    The pattern's categories are hidden unless they count nobody here. A table the pattern was
    not made from (a report gathered under an earlier pattern) that still has a small cell is
    withheld whole: publishing nothing of it is always safe."""
    hidden = set(hidden)
    counts_someone = any(cells.get(category) for category in hidden)
    shown = {
        category: None if counts_someone and category in hidden else count
        for category, count in cells.items()
    }
    if any(isinstance(n, int) and 0 < n < threshold for n in shown.values()):
        return dict.fromkeys(cells)
    return shown


def disclosure_for(
    *,
    operation: Operation,
    period: Period,
    indicators: Iterable[TemplateIndicator],
    threshold: int,
) -> dict[str, Any]:
    """What a gathered answer stores of the rule: whether special-category breakdowns are
    offered for the period, and the hub's suppression pattern.

    The pattern is made from the tables of every operation with special-category breakdowns,
    not only this one's: the rules count the hub's events whatever the operation, so two
    operations running at once publish tables of the same people, and one pattern for all of
    them is what keeps the argument above whole. Queries: the operations and their templates'
    indicators, then each rule's own for each offered period of each such operation (counted
    for any period, offered or not, so that a month runs as many queries as a year)."""
    indicators = list(indicators)
    offered = period in offered_periods(operation)
    if not _special_indicators(indicators):
        return {"offered": offered, "hidden": {}}
    return {"offered": offered, "hidden": hub_suppression_pattern(threshold=threshold)}


def hub_suppression_pattern(*, threshold: int) -> dict[str, list[str]]:
    """The one pattern for the whole hub, made from every special-category table of every
    offered period of every operation (``disclosure_for``), at the strictest threshold among
    ``threshold`` and the operations' templates'."""
    by_template: dict[int, list[TemplateIndicator]] = {}
    for indicator in TemplateIndicator.objects.filter(
        template__operations__isnull=False
    ).distinct():
        by_template.setdefault(indicator.template_id, []).append(indicator)
    tables: dict[str, list[dict[str, int]]] = {}
    strictest = threshold
    for other in Operation.objects.exclude(template=None).select_related("template"):
        chosen = _special_indicators(by_template.get(other.template_id, []))
        if not chosen:
            continue
        strictest = max(strictest, other.template.small_cell_threshold)
        found = special_tables(operation=other, indicators=chosen, periods=offered_periods(other))
        for item, cells in found.items():
            tables.setdefault(item, []).extend(cells)
    return suppression_pattern(tables, threshold=strictest)


def figures_tables(data: Mapping[str, Any]) -> dict[str, list[dict[str, int]]]:
    """The special-category tables of one gathered answer, by item."""
    tables: dict[str, list[dict[str, int]]] = {}
    for item in data["indicators"]:
        if item.get("figure"):
            for name, cells in Figure.from_json(item["figure"]).breakdowns.items():
                if name in SPECIAL_ENTRY_ITEMS:
                    tables.setdefault(name, []).append(cells)
    return tables


def answer_disclosure(data: Mapping[str, Any]) -> dict[str, Any]:
    """The rule stored with an answer; a report gathered before it was stored is protected by
    a pattern made from its own tables."""
    if "disclosure" in data:
        return data["disclosure"]
    threshold = data["template"]["small_cell_threshold"]
    return {
        "offered": True,
        "hidden": suppression_pattern(figures_tables(data), threshold=threshold),
    }
