"""Counting: an operation's indicators for a period, against its targets.

``figures_gather`` is the one function that counts: the dashboard shows its answer, a report
stores it (JSON) with the rows behind it, and its PDF and XLSX are made from what is stored, so
they never disagree and never change (``reports.display`` prints it).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from events.models import EventKind
from hub.entry import COMPLETENESS_ITEMS, SPECIAL_ENTRY_ITEMS
from hub.indicators import RULES, Figure, Period
from hub.models import FunderTemplate, IndicatorTarget, Operation, TemplateIndicator
from hub.money import currency_on

from .disclosure import disclosure_for


def _indicators(operation: Operation) -> list[TemplateIndicator]:
    if operation.template_id is None:
        return []
    return list(TemplateIndicator.objects.filter(template_id=operation.template_id))


def target_for(
    targets: dict[tuple[int, int | None], Decimal], indicator_id: int, period: Period
) -> tuple[Decimal | None, int | None]:
    """The year's target when the period lies within one year and it has one; else the whole
    operation's."""
    if period.start.year == period.end.year:
        found = targets.get((indicator_id, period.start.year))
        if found is not None:
            return found, period.start.year
    return targets.get((indicator_id, None)), None


def figure_for(
    indicator: TemplateIndicator, *, period: Period, operation: Operation
) -> Figure | None:
    """One indicator's figure; None when no rule of that code is registered (yet)."""
    found = RULES.get(indicator.rule)
    if found is None:
        return None
    params = {
        **template_params(operation.template),
        **(indicator.params or {}),
        "breakdowns": list(indicator.breakdowns),
    }
    return found(period=period, operation=operation, params=params)


def participants_choice(template: FunderTemplate) -> str:
    """Which events make participants under the template, in words (the report states it)."""
    kinds = dict(EventKind.choices)
    named = ", ".join(str(kinds.get(kind, kind)) for kind in template.participant_kinds)
    if template.programmes_only:
        return gettext("Only the sessions of a programme make participants.")
    if named:
        return gettext("Attending one of these kinds of events makes a participant: %(kinds)s.") % {
            "kinds": named
        }
    return gettext("Attending any event makes a participant.")


def annex_lines(params: dict | None) -> list[dict]:
    """An indicator's Annex line: one set of conditions (``where``), or several of which any
    (``any_of``)."""
    params = params or {}
    return list(params.get("any_of") or []) or [params.get("where") or {}]


def special_line(params: dict | None) -> bool:
    """Whether an indicator counts people by a special-category answer (disability, minority,
    foreign background, other disadvantage): its figure is special-category data."""
    return any(SPECIAL_ENTRY_ITEMS & set(line) for line in annex_lines(params))


def template_params(template: FunderTemplate | None) -> dict[str, Any]:
    """What the template decides for every participant indicator: which events make
    participants, the non-sensitive items it asks, and what a record lacking one counts in."""
    if template is None:
        return {}
    return {
        "participant_kinds": list(template.participant_kinds),
        "programmes_only": template.programmes_only,
        "required": [i for i in COMPLETENESS_ITEMS if i in template.entry_items],
        "completeness": template.completeness,
    }


def to_date_span(period: Period, operation: Operation, target_year: int | None) -> Period | None:
    """The span a target is measured over up to the period's end: the target's year (or the
    whole operation) from its first day the operation runs. None when that is the period itself:
    a quarter's figure is then shown with the year to date, never against a year's target."""
    first = max(date(target_year, 1, 1), operation.start) if target_year else operation.start
    span = Period(min(first, period.end), period.end)
    return None if span == period else span


def figures_gather(*, operation: Operation, period: Period) -> dict[str, Any]:
    """Every indicator of the operation's template for the period, with its target, as JSON.

    Where the target is for a longer span than the period (a year's target for a quarter), the
    figure for that span to the period's end (year to date, operation to date) is gathered too,
    and the share of the target is of that figure.

    Labels and definitions are in the active language. Queries: the indicators, the targets,
    the template, then each rule's own fixed number (twice where a span to date is counted too)
    — none grows with the data."""
    indicators = _indicators(operation)
    targets = {
        (indicator_id, year): value
        for indicator_id, year, value in IndicatorTarget.objects.filter(
            operation=operation
        ).values_list("indicator_id", "year", "value")
    }
    template = operation.template
    threshold = template.small_cell_threshold if template else 5
    answer = []
    for indicator in indicators:
        figure = figure_for(indicator, period=period, operation=operation)
        target, target_year = target_for(targets, indicator.pk, period)
        to_date = None
        span = to_date_span(period, operation, target_year) if target is not None else None
        if figure is not None and span is not None:
            found = figure_for(indicator, period=span, operation=operation)
            value = found.to_json()["value"]
            to_date = {**span.to_json(), "value": value}
        answer.append(
            {
                "id": indicator.pk,
                "code": indicator.code,
                "label": indicator.label,
                "definition": indicator.definition,
                "rule": indicator.rule,
                "breakdowns": list(indicator.breakdowns),
                "hub_own": indicator.hub_own,
                # A line of people who said yes to a special-category question (disability,
                # minority, foreign background): its breakdowns are special-category tables.
                "special_line": special_line(indicator.params),
                "available": figure is not None,
                "figure": figure.to_json() if figure is not None else None,
                "target": str(target) if target is not None else None,
                "target_year": target_year,
                "to_date": to_date,
            }
        )
    return {
        "operation": {
            "id": operation.pk,
            "name": operation.name,
            "funder": operation.funder,
            "programme": operation.programme,
            "priority_axis": operation.priority_axis,
            "investment_priority": operation.investment_priority,
            "specific_objective": operation.specific_objective,
            "start": operation.start.isoformat(),
            "end": operation.end.isoformat(),
            "value": str(operation.value) if operation.value is not None else None,
            # In the currency of the operation's start (a Bulgarian one of 2025 is in lev).
            "currency": currency_on(operation.start),
        },
        "template": {
            "code": template.code if template else "",
            "name": template.name if template else "",
            "small_cell_threshold": threshold,
            "participants": participants_choice(template) if template else "",
            "completeness": template.get_completeness_display() if template else "",
        },
        "period": period.to_json(),
        "disclosure": disclosure_for(
            operation=operation, period=period, indicators=indicators, threshold=threshold
        ),
        "gathered_at": timezone.now().isoformat(),
        "indicators": answer,
    }
