"""The rows behind the figures: shown on the page, stored with a report as its annexes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from hub.indicators import row_kind

from .access import PEOPLE_PERMISSION, SPECIAL_PERMISSION


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
