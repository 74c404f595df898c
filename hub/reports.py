"""Funder reports: an operation's indicators for a period, against its targets.

``figures_gather`` is the one function that counts: the dashboard shows its answer, a report
stores it (JSON) and its PDF and XLSX are made from the stored answer, so they never disagree.
``figures_display`` turns an answer into what a page or a PDF prints (labels in the active
language, small cells hidden, bars for the charts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from .indicators import RULES, Figure, Period, row_kind
from .models import (
    INCOMPLETE,
    REFUSED,
    SPECIAL_ENTRY_ITEMS,
    AgeBand,
    Education,
    Employment,
    EntryItem,
    FunderReport,
    Gender,
    IndicatorTarget,
    Operation,
    ReportKind,
    TemplateIndicator,
    User,
)
from .money import currency_on

REPORTS_PERMISSION = "hub.view_reports"

ENTRY_CATEGORIES = {
    EntryItem.AGE: AgeBand.choices,
    EntryItem.GENDER: Gender.choices,
    EntryItem.EDUCATION: Education.choices,
    EntryItem.EMPLOYMENT: Employment.choices,
}


def reports_link_visible(user: Any) -> bool:
    """``may_see_reports`` in one query, for the navigation on every page."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    app_label, codename = REPORTS_PERMISSION.split(".")
    return Permission.objects.filter(
        Q(user=user) | Q(group__user=user), content_type__app_label=app_label, codename=codename
    ).exists()


def may_see_reports(user: Any) -> bool:
    """Coordinators (the permission, whichever group grants it) and hub staff."""
    return bool(user.is_authenticated and (user.is_staff or user.has_perm(REPORTS_PERMISSION)))


# --- Counting ------------------------------------------------------------------------------------


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
    params = {**(indicator.params or {}), "breakdowns": list(indicator.breakdowns)}
    return found(period=period, operation=operation, params=params)


def figures_gather(*, operation: Operation, period: Period) -> dict[str, Any]:
    """Every indicator of the operation's template for the period, with its target, as JSON.

    Labels and definitions are in the active language. Queries: the indicators, the targets,
    the template, then each rule's own fixed number — none grows with the data."""
    indicators = _indicators(operation)
    targets = {
        (indicator_id, year): value
        for indicator_id, year, value in IndicatorTarget.objects.filter(
            operation=operation
        ).values_list("indicator_id", "year", "value")
    }
    template = operation.template
    answer = []
    for indicator in indicators:
        figure = figure_for(indicator, period=period, operation=operation)
        target, target_year = target_for(targets, indicator.pk, period)
        answer.append(
            {
                "id": indicator.pk,
                "code": indicator.code,
                "label": indicator.label,
                "definition": indicator.definition,
                "rule": indicator.rule,
                "breakdowns": list(indicator.breakdowns),
                "available": figure is not None,
                "figure": figure.to_json() if figure is not None else None,
                "target": str(target) if target is not None else None,
                "target_year": target_year,
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
            "small_cell_threshold": template.small_cell_threshold if template else 5,
        },
        "period": period.to_json(),
        "gathered_at": timezone.now().isoformat(),
        "indicators": answer,
    }


# --- Showing -------------------------------------------------------------------------------------


def category_label(breakdown: str, category: str, rule_code: str) -> str:
    if category == REFUSED:
        return gettext("Chose not to say")
    if category == INCOMPLETE:
        return gettext("Record incomplete (grand total only)")
    found = RULES.get(rule_code)
    choices = dict(found.categories.get(breakdown, ())) if found else {}
    choices = choices or dict(ENTRY_CATEGORIES.get(breakdown, ()))
    if category in choices:
        return str(choices[category])
    if category in ("yes", "true"):
        return gettext("Yes")
    if category in ("no", "false"):
        return gettext("No")
    return category


def breakdown_label(breakdown: str) -> str:
    labels = {
        **dict(EntryItem.choices),
        "kind": gettext("Kind"),
        "sector": gettext("Sector"),
        "funder_kind": gettext("Kind of funder"),
    }
    return str(labels.get(breakdown, breakdown))


def cell_display(count: Any, *, special: bool, threshold: int) -> str:
    """A breakdown cell as printed: special-category cells under the threshold as "<N" (zero
    stays zero, it discloses nobody); totals are never hidden."""
    if special and isinstance(count, int) and 0 < count < threshold:
        return f"<{threshold}"
    if isinstance(count, float):
        return _number(Decimal(str(count)))
    return str(count)


def _number(value: Decimal | int) -> str:
    from django.utils.formats import number_format

    if isinstance(value, Decimal) and value == value.to_integral():
        value = int(value)
    return number_format(value, decimal_pos=None if isinstance(value, int) else 1)


@dataclass
class Bar:
    label: str
    value: str
    width: float  # of 100


def figures_display(data: dict[str, Any]) -> dict[str, Any]:
    """What the dashboard, the PDF and the XLSX print of gathered figures, in the active
    language: each indicator with its value, target, share of target, breakdowns and bars."""
    threshold = data["template"]["small_cell_threshold"]
    indicators = []
    for item in data["indicators"]:
        figure = Figure.from_json(item["figure"]) if item["figure"] else None
        target = Decimal(item["target"]) if item["target"] is not None else None
        share = None
        if figure is not None and target:
            share = round(100 * Decimal(figure.value) / target)
        breakdowns = []
        if figure is not None:
            for name, cells in figure.breakdowns.items():
                special = name in SPECIAL_ENTRY_ITEMS
                numbers = [v for v in cells.values() if isinstance(v, int | float)]
                top = max(numbers, default=0) or 1
                rows = []
                for category, count in cells.items():
                    shown = cell_display(count, special=special, threshold=threshold)
                    hidden = shown.startswith("<")
                    rows.append(
                        {
                            "category": category,
                            "label": category_label(name, category, item["rule"]),
                            "display": shown,
                            "count": None if hidden else count,
                            # Hidden cells draw no bar: its length would tell the number.
                            "width": 0 if hidden else round(100 * float(count) / float(top), 1),
                        }
                    )
                breakdowns.append(
                    {
                        "name": name,
                        "label": breakdown_label(name),
                        "special": special,
                        "cells": rows,
                    }
                )
        indicators.append(
            {
                **item,
                "value": figure.value if figure is not None else None,
                "value_display": _number(figure.value) if figure is not None else "",
                "target_display": _number(target) if target is not None else "",
                "share": share,
                "bar": min(share, 100) if share is not None else 0,
                "breakdown_list": breakdowns,
                "row_kinds": sorted(figure.rows) if figure is not None else [],
            }
        )
    return {
        **data,
        "period_obj": Period.from_json(data["period"]),
        "indicator_list": indicators,
        "threshold": threshold,
    }


def rows_for(*, kind: str, ids: list[int], user: Any) -> dict[str, Any]:
    """The rows behind a figure, or only their number where the kind identifies people and the
    user is not staff. An unknown kind (its app not installed) shows only the number."""
    try:
        found = row_kind(kind)
    except LookupError:
        return {"kind": kind, "label": kind, "count": len(ids), "columns": [], "rows": None}
    hidden = found.staff_only and not getattr(user, "is_staff", False)
    return {
        "kind": kind,
        "label": found.label,
        "count": len(ids),
        "columns": found.columns,
        "rows": None if hidden else _with_cells(found.fetch(ids), found.columns),
        "staff_only": found.staff_only,
    }


def _with_cells(rows: list[dict[str, Any]], columns) -> list[dict[str, Any]]:
    """Each row with ``cells``: its values in the order of the columns, for templates."""
    return [{**row, "cells": [row.get(key) for key, _label in columns]} for row in rows]


# Annexes: the rows behind all figures, by kind, in this order (then any other kind).
ANNEX_ORDER = ["events", "organisations", "partnerships", "outcomes", "support", "calls"]
# What the PDF prints as annexes: events with their participants, the NGOs supported,
# partnerships with their sector balance, outcomes.
PDF_ANNEXES = ["events", "organisations", "partnerships", "outcomes"]


def annexes(data: dict[str, Any], *, kinds: list[str] | None = None) -> list[dict[str, Any]]:
    """The rows behind every figure of a report, each kind once (people never); only the given
    kinds (the PDF prints the evidence a funder asks for, the XLSX holds every kind)."""
    ids: dict[str, set[int]] = {}
    for item in data["indicators"]:
        for kind, found in ((item.get("figure") or {}).get("rows") or {}).items():
            ids.setdefault(kind, set()).update(found)
    order = {kind: n for n, kind in enumerate(ANNEX_ORDER)}
    found = []
    for kind in sorted(ids, key=lambda k: (order.get(k, len(order)), k)):
        if kinds is not None and kind not in kinds:
            continue
        try:
            described = row_kind(kind)
        except LookupError:
            continue
        if described.staff_only:
            continue
        found.append(
            {
                "kind": kind,
                "label": described.label,
                "columns": described.columns,
                "rows": _with_cells(described.fetch(sorted(ids[kind])), described.columns),
            }
        )
    return found


# --- Periods a coordinator picks -----------------------------------------------------------------


def period_choices(operation: Operation) -> list[tuple[str, str]]:
    """The whole operation, then each year and quarter it runs in, latest first."""
    choices = [("operation", gettext("The whole operation"))]
    for year in range(operation.end.year, operation.start.year - 1, -1):
        choices.append((f"{year}", str(year)))
        for quarter in range(4, 0, -1):
            period = Period.quarter(year, quarter)
            if period.end >= operation.start and period.start <= operation.end:
                label = pgettext("quarter of a year", "Q%(quarter)s %(year)s") % {
                    "quarter": quarter,
                    "year": year,
                }
                choices.append((f"{year}-q{quarter}", label))
    choices.append(("custom", gettext("Dates of my choice")))
    return choices


def period_from_choice(value: str, operation: Operation) -> Period | None:
    if value == "operation":
        return Period(operation.start, operation.end)
    year, _sep, quarter = value.partition("-q")
    if not year.isdigit():
        return None
    if quarter:
        return Period.quarter(int(year), int(quarter)) if quarter in "1234" else None
    return Period.year(int(year))


def default_choice(operation: Operation, today: date | None = None) -> str:
    """The quarter of today while the operation runs, else its last quarter."""
    today = min(max(today or timezone.localdate(), operation.start), operation.end)
    return f"{today.year}-q{(today.month - 1) // 3 + 1}"


# --- Asking for a report -------------------------------------------------------------------------


@transaction.atomic
def funder_report_request(
    *, operation: Operation, period: Period, kind: str, language: str, by: User | None
) -> FunderReport:
    """A new version of the operation's report for the period, queued for a worker. Earlier
    versions stay as they were sent."""
    from .documents import document_request
    from .documents_reports import FUNDER_REPORT

    Operation.objects.select_for_update().filter(pk=operation.pk).first()
    latest = FunderReport.objects.filter(
        operation=operation, start=period.start, end=period.end, kind=kind
    ).aggregate(latest=Max("version"))["latest"]
    report = FunderReport.objects.create(
        operation=operation,
        start=period.start,
        end=period.end,
        kind=kind if kind in ReportKind.values else ReportKind.PROGRESS,
        language=language,
        version=(latest or 0) + 1,
        requested_by=by if by is not None and by.is_authenticated else None,
    )
    document_request(kind=FUNDER_REPORT, subject=report, language=language, by=by)
    return report


def funder_report_figures(report: FunderReport) -> dict[str, Any]:
    """The report's figures: gathered once, on its first render, then always the stored ones."""
    if report.figures is None:
        from django.utils import translation

        with translation.override(report.language):
            data = figures_gather(
                operation=report.operation, period=Period(report.start, report.end)
            )
        FunderReport.objects.filter(pk=report.pk, figures__isnull=True).update(
            figures=data, gathered_at=timezone.now()
        )
        report.refresh_from_db(fields=["figures", "gathered_at"])
    return report.figures
