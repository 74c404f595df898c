"""The periods a coordinator picks: the whole operation, its years and quarters, or dates."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext, pgettext

from hub.indicators import Period
from hub.models import Operation


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
