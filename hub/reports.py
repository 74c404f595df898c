"""Funder reports: an operation's indicators for a period, against its targets.

``figures_gather`` is the one function that counts: the dashboard shows its answer, a report
stores it (JSON) with the rows behind it, and its PDF and XLSX are made from what is stored, so
they never disagree and never change. ``figures_display`` turns an answer into what a page or a
PDF prints (labels in the active language, special-category tables through the disclosure rule
of ``hub.disclosure``, bars for the charts with their values in words).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, pgettext

from .disclosure import answer_disclosure, disclosure_for, table_disclose
from .indicators import RULES, Figure, Period, row_kind
from .models import (
    COMPLETENESS_ITEMS,
    INCOMPLETE,
    REFUSED,
    SPECIAL_ENTRY_ITEMS,
    AgeBand,
    Education,
    Employment,
    EntryItem,
    FunderReport,
    FunderTemplate,
    Gender,
    Household,
    IndicatorTarget,
    Operation,
    ReportKind,
    TemplateIndicator,
    User,
    YesNo,
)
from .money import currency_on

REPORTS_PERMISSION = "hub.view_reports"

# The answers of every entry item with labels translated when shown (special-category items
# are yes or no, besides "chose not to say" and "incomplete").
YES_NO = (("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No")))
ENTRY_CATEGORIES = {
    EntryItem.AGE: AgeBand.choices,
    EntryItem.GENDER: Gender.choices,
    EntryItem.EDUCATION: Education.choices,
    EntryItem.EMPLOYMENT: Employment.choices,
    EntryItem.THIRD_COUNTRY: YesNo.choices,
    EntryItem.HOUSEHOLD: Household.choices,
    EntryItem.HOMELESS: YesNo.choices,
    EntryItem.RURAL: YesNo.choices,
    **{item: YES_NO for item in SPECIAL_ENTRY_ITEMS},
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
    params = {
        **template_params(operation.template),
        **(indicator.params or {}),
        "breakdowns": list(indicator.breakdowns),
    }
    return found(period=period, operation=operation, params=params)


def participants_choice(template: FunderTemplate) -> str:
    """Which events make participants under the template, in words (the report states it)."""
    from events.models import EventKind

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


# --- Showing -------------------------------------------------------------------------------------


def category_label(breakdown: str, category: str, rule_code: str) -> str:
    """A category's label in the active language: entry items from their enumerations, other
    breakdowns from the rule's choices (labels are never stored as text)."""
    if category == REFUSED:
        return gettext("Chose not to say")
    if category == INCOMPLETE:
        return gettext("Record incomplete (grand total only)")
    choices = dict(ENTRY_CATEGORIES.get(breakdown, ()))
    if not choices:
        found = RULES.get(rule_code)
        choices = dict(found.categories.get(breakdown, ())) if found else {}
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
        "record": gettext("Records"),
        "lacking": gettext("Items lacking, most often first"),
    }
    return str(labels.get(breakdown, breakdown))


def cell_display(count: Any) -> str:
    """A breakdown cell as printed; ``None`` is a cell hidden by the disclosure rule."""
    if count is None:
        return gettext("hidden")
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


def _breakdown_tables(
    figure: Figure, item: dict[str, Any], disclosure: dict[str, Any], threshold: int
) -> list[dict[str, Any]]:
    """A figure's breakdowns as printed, in the template's order of items and the enumeration's
    order of categories; special-category tables pass the disclosure rule (hub.disclosure)."""
    order = [name for name in item["breakdowns"] if name in figure.breakdowns]
    order += [name for name in figure.breakdowns if name not in order]
    tables = []
    for name in order:
        cells = figure.breakdowns[name]
        special = name in SPECIAL_ENTRY_ITEMS or bool(item.get("special_line"))
        withheld = special and not disclosure["offered"]
        if special and not withheld:
            # A special-category line's own tables have no hub-wide pattern: one with a small
            # cell is withheld whole.
            hidden = disclosure["hidden"].get(name, ()) if name in SPECIAL_ENTRY_ITEMS else ()
            cells = table_disclose(cells, hidden=hidden, threshold=threshold)
        numbers = [v for v in cells.values() if isinstance(v, int | float)]
        top = max(numbers, default=0) or 1
        rows = []
        for category, count in ({} if withheld else cells).items():
            shown = cell_display(count)
            rows.append(
                {
                    "category": category,
                    "label": category_label(name, category, item["rule"]),
                    "display": shown,
                    "count": count,
                    # Hidden cells draw no bar: its length would tell the number.
                    "width": 0 if count is None else round(100 * float(count) / float(top), 1),
                    "chart_label": f"{category_label(name, category, item['rule'])}: {shown}",
                }
            )
        tables.append(
            {
                "name": name,
                "label": breakdown_label(name),
                "special": special,
                "withheld": withheld,
                "hidden_any": any(row["count"] is None for row in rows),
                "cells": rows,
            }
        )
    return tables


def figures_display(data: dict[str, Any]) -> dict[str, Any]:
    """What the dashboard, the PDF and the XLSX print of gathered figures, in the active
    language: each indicator with its value, target, share of target, breakdowns and bars.
    Special-category tables leave only through the disclosure rule."""
    threshold = data["template"]["small_cell_threshold"]
    disclosure = answer_disclosure(data)
    indicators = []
    for item in data["indicators"]:
        figure = Figure.from_json(item["figure"]) if item["figure"] else None
        target = Decimal(item["target"]) if item["target"] is not None else None
        to_date = item.get("to_date")
        measured = Decimal(to_date["value"]) if to_date else None
        share = None
        if figure is not None and target:
            share = round(100 * (measured if to_date else Decimal(figure.value)) / target)
        indicators.append(
            {
                **item,
                "value": figure.value if figure is not None else None,
                "value_display": _number(figure.value) if figure is not None else "",
                "target_display": _number(target) if target is not None else "",
                "share": share,
                "bar": min(share, 100) if share is not None else 0,
                "chart_label": gettext("%(value)s of the target %(target)s: %(share)s %%")
                % {
                    "value": _number(measured if to_date else figure.value),
                    "target": _number(target),
                    "share": share,
                }
                if share is not None
                else "",
                "to_date_period": Period.from_json(to_date) if to_date else None,
                "to_date_display": _number(measured) if to_date else "",
                "breakdown_list": _breakdown_tables(figure, item, disclosure, threshold)
                if figure is not None
                else [],
                "row_kinds": sorted(figure.rows) if figure is not None else [],
            }
        )
    # The funder's codes first, then the hub's own indicators under a heading of their own.
    indicators.sort(key=lambda item: bool(item.get("hub_own")))
    for item in indicators:
        if item.get("hub_own"):
            item["hub_section"] = True
            break
    return {
        **data,
        "period_obj": Period.from_json(data["period"]),
        "indicator_list": indicators,
        "threshold": threshold,
    }


# Rows that identify people need this (hub staff as such do not have it; superusers do).
PEOPLE_PERMISSION = "hub.view_people_behind_figures"
# Naming the people of a special-category line tells each one's answer: this too is needed.
SPECIAL_PERMISSION = "events.view_special_category"


def rows_for(*, kind: str, ids: list[int], user: Any, special: bool = False) -> dict[str, Any]:
    """The rows behind a figure, or only their number where the kind identifies people and the
    user lacks ``PEOPLE_PERMISSION`` (or, behind a ``special`` line, ``SPECIAL_PERMISSION``).
    An unknown kind (its app not installed) shows only the number."""
    try:
        found = row_kind(kind)
    except LookupError:
        return {"kind": kind, "label": kind, "count": len(ids), "columns": [], "rows": None}
    hidden = found.staff_only and not (
        user.has_perm(PEOPLE_PERMISSION) and (not special or user.has_perm(SPECIAL_PERMISSION))
    )
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


def annexes_gather(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows behind every figure of a report, each kind once (people never), as JSON to
    store with the figures: values tagged by type so dates and amounts come back as they were."""
    ids: dict[str, set[int]] = {}
    for item in data["indicators"]:
        for kind, found in ((item.get("figure") or {}).get("rows") or {}).items():
            ids.setdefault(kind, set()).update(found)
    order = {kind: n for n, kind in enumerate(ANNEX_ORDER)}
    found = []
    for kind in sorted(ids, key=lambda k: (order.get(k, len(order)), k)):
        try:
            described = row_kind(kind)
        except LookupError:
            continue
        if described.staff_only:
            continue
        rows = described.fetch(sorted(ids[kind]))
        found.append(
            {
                "kind": kind,
                "rows": [{key: _stored(value) for key, value in row.items()} for row in rows],
            }
        )
    return found


def _stored(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _restored(value: Any) -> Any:
    if isinstance(value, dict):
        if "datetime" in value:
            return datetime.fromisoformat(value["datetime"])
        if "date" in value:
            return date.fromisoformat(value["date"])
        if "decimal" in value:
            return Decimal(value["decimal"])
    return value


def annexes(
    stored: list[dict[str, Any]], *, kinds: list[str] | None = None
) -> list[dict[str, Any]]:
    """A report's stored rows as printed, with column names in the active language; only the
    given kinds (the PDF prints the evidence a funder asks for, the XLSX holds every kind)."""
    found = []
    for annex in stored:
        if kinds is not None and annex["kind"] not in kinds:
            continue
        try:
            described = row_kind(annex["kind"])
        except LookupError:
            continue
        rows = [{key: _restored(value) for key, value in row.items()} for row in annex["rows"]]
        found.append(
            {
                "kind": annex["kind"],
                "label": described.label,
                "columns": described.columns,
                "rows": _with_cells(rows, described.columns),
            }
        )
    return found


# --- Periods a coordinator picks -----------------------------------------------------------------


def period_choices(operation: Operation) -> list[tuple[str, str]]:
    """The whole operation, then each year and quarter it runs in, latest first (a year or a
    quarter the operation only partly covers counts from its first or to its last day)."""
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


def period_within(period: Period, operation: Operation) -> Period | None:
    """The part of the period the operation runs in; None when they do not meet."""
    start, end = max(period.start, operation.start), min(period.end, operation.end)
    return Period(start, end) if start <= end else None


def period_from_choice(value: str, operation: Operation) -> Period | None:
    """The period a choice names, clipped to the operation; None for anything not offered."""
    if value == "operation":
        return Period(operation.start, operation.end)
    if value not in {choice for choice, _label in period_choices(operation)} or value == "custom":
        return None
    year, _sep, quarter = value.partition("-q")
    whole = Period.quarter(int(year), int(quarter)) if quarter else Period.year(int(year))
    return period_within(whole, operation)


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
    """The report's figures: gathered once, on its first render, with the rows behind them and
    what changed since the previous version; then always the stored ones."""
    if report.figures is None:
        from django.utils import translation

        with translation.override(report.language):
            data = figures_gather(
                operation=report.operation, period=Period(report.start, report.end)
            )
        previous = (
            FunderReport.objects.filter(
                operation=report.operation_id,
                start=report.start,
                end=report.end,
                kind=report.kind,
                version__lt=report.version,
                figures__isnull=False,
            )
            .order_by("-version")
            .values_list("figures", flat=True)
            .first()
        )
        FunderReport.objects.filter(pk=report.pk, figures__isnull=True).update(
            figures=data,
            rows=annexes_gather(data),
            changes=figures_changes(previous, data) if previous is not None else None,
            gathered_at=timezone.now(),
        )
        report.refresh_from_db(fields=["figures", "rows", "changes", "gathered_at"])
    if report.rows is None:  # gathered before the rows were kept: kept from now on
        FunderReport.objects.filter(pk=report.pk, rows__isnull=True).update(
            rows=annexes_gather(report.figures)
        )
        report.refresh_from_db(fields=["rows"])
    return report.figures


def changes_display(report: FunderReport) -> list[dict[str, str]]:
    """What changed since the previous version, with labels in the active language."""
    rules = {item["code"]: item["rule"] for item in (report.figures or {}).get("indicators", [])}
    shown = []
    for change in report.changes or []:
        what = ""
        if change["breakdown"]:
            category = category_label(
                change["breakdown"], change["category"], rules.get(change["code"], "")
            )
            what = f"{breakdown_label(change['breakdown'])}: {category}"
        shown.append({**change, "what": what})
    return shown


def figures_changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures of ``after`` that differ from ``before`` (the previous version), in the
    template's order: each value, and each breakdown cell as published (hidden cells as
    hidden), with the indicator's code."""

    def published(data: dict[str, Any]) -> dict[tuple[str, str, str], str]:
        with_labels = figures_display(data)
        found = {}
        for item in with_labels["indicator_list"]:
            found[(item["code"], "", "")] = item["value_display"]
            for table in item["breakdown_list"]:
                for cell in table["cells"]:
                    found[(item["code"], table["name"], cell["category"])] = cell["display"]
        return found

    old, new = published(before), published(after)
    changes = []
    for key, value in new.items():
        if old.get(key, "") != value:
            code, breakdown, category = key
            changes.append(
                {
                    "code": code,
                    "breakdown": breakdown,
                    "category": category,
                    "before": old.get(key, ""),
                    "after": value,
                }
            )
    return changes
