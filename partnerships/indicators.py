"""What partnerships contribute to the funder reports: counts for a period.

``hub`` reads these functions and nothing else of this app. A period is two dates, both
included. A partnership counts in a period when it had started by its end and had not ended
before its start; "set up" counts those that started within it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from organisations.models import Sector

from .models import Meeting, Outcome, OutcomeKind, OutcomeResult, Partner, Partnership
from .selectors import cross_sector_ids


def _running(start: date, end: date) -> QuerySet[Partnership]:
    return Partnership.objects.filter(Q(ended__isnull=True) | Q(ended__gte=start), started__lte=end)


def partnerships_set_up(start: date, end: date) -> int:
    return Partnership.objects.filter(started__range=(start, end)).count()


def cross_sector_partnerships(start: date, end: date) -> int:
    """Partnerships running in the period with an active partner of every sector at its end
    (or on the day they ended, if earlier)."""
    running = list(_running(start, end).values_list("pk", "ended"))
    found = set()
    for on in {min(ended, end) if ended else end for _, ended in running}:
        ids = [pk for pk, ended in running if (min(ended, end) if ended else end) == on]
        found |= cross_sector_ids(Partnership.objects.filter(pk__in=ids), on=on)
    return len(found)


def _partners(start: date, end: date) -> QuerySet[Partner]:
    """Partners that took part during the period, in partnerships running in it."""
    return Partner.objects.filter(
        Q(left__isnull=True) | Q(left__gte=start),
        joined__lte=end,
        partnership__in=_running(start, end),
    )


def partners_by_sector(start: date, end: date) -> dict[str, int]:
    """Distinct organisations taking part in partnerships in the period, by sector."""
    counts = dict.fromkeys(Sector.values, 0)
    rows = (
        _partners(start, end)
        .values("organisation__sector")
        .annotate(organisations=Count("organisation", distinct=True))
    )
    for row in rows:
        counts[row["organisation__sector"]] = row["organisations"]
    return counts


def meetings_held(start: date, end: date) -> int:
    return Meeting.objects.filter(date__range=(start, end)).count()


def outcomes_by_kind_and_result(start: date, end: date) -> dict[str, dict[str, int]]:
    """Outcomes submitted in the period: {kind: {result: n}}, every kind and result present."""
    table = {kind: dict.fromkeys(OutcomeResult.values, 0) for kind in OutcomeKind.values}
    rows = (
        Outcome.objects.filter(submitted_on__range=(start, end))
        .values("kind", "result")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        table[row["kind"]][row["result"]] = row["n"]
    return table


def in_kind_value(start: date, end: date) -> Decimal:
    """The value of in-kind contributions of partners taking part in the period."""
    total = _partners(start, end).aggregate(total=Sum("in_kind_value"))["total"]
    return total or Decimal(0)
