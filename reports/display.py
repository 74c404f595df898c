"""Showing gathered figures: labels in the active language, special-category tables through
the disclosure rule of ``reports.disclosure``, bars for the charts with their values in words, and
what changed between two versions of a report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from hub.entry import ENTRY_CATEGORIES, INCOMPLETE, REFUSED, SPECIAL_ENTRY_ITEMS, EntryItem
from hub.indicators import RULES, Figure, Period

from .disclosure import answer_disclosure, table_disclose
from .models import FunderReport


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


def _breakdown_tables(
    figure: Figure, item: dict[str, Any], disclosure: dict[str, Any], threshold: int
) -> list[dict[str, Any]]:
    """A figure's breakdowns as printed, in the template's order of items and the enumeration's
    order of categories; special-category tables pass the disclosure rule (reports.disclosure)."""
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
