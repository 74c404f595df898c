"""What organisations contribute to the funder reports: counts and rows for a period.

``hub`` reads these functions and nothing else of this app. A period is two dates, both included.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum

from .models import Organisation, Sector, SupportRecord


def supported_organisation_ids(start: date, end: date, *, with_potential: bool = False) -> set[int]:
    """Organisations the hub mentored, counselled or advised in the period. The report adds
    those with an attended training (from events) and counts the union."""
    records = SupportRecord.objects.filter(date__range=(start, end))
    if with_potential:
        records = records.filter(organisation__has_potential=True)
    return set(records.values_list("organisation_id", flat=True).distinct())


def support_summary(start: date, end: date) -> dict:
    """Support given in the period: records and hours, in total and by kind."""
    records = SupportRecord.objects.filter(date__range=(start, end))
    by_kind = {
        row["kind"]: {"records": row["records"], "hours": row["hours"] or Decimal(0)}
        for row in records.values("kind").annotate(records=Count("pk"), hours=Sum("hours"))
    }
    totals = records.aggregate(records=Count("pk"), hours=Sum("hours"))
    return {
        "records": totals["records"],
        "hours": totals["hours"] or Decimal(0),
        "organisations": records.values("organisation_id").distinct().count(),
        "by_kind": by_kind,
    }


def support_rows(start: date, end: date) -> list[dict]:
    """One row per support record in the period: the evidence behind the counts."""
    return list(
        SupportRecord.objects.filter(date__range=(start, end))
        .order_by("date", "pk")
        .values(
            "date",
            "kind",
            "hours",
            "topic",
            "organisation__name",
            "organisation__registration_number",
            "organisation__has_potential",
            "given_by__email",
        )
    )


def organisations_by_sector(ids: set[int]) -> dict[str, int]:
    """How many of the given organisations are civil, public or private."""
    counts = dict(
        Organisation.objects.filter(pk__in=ids)
        .values_list("sector")
        .annotate(count=Count("pk"))
        .values_list("sector", "count")
    )
    return {sector: counts.get(sector, 0) for sector in Sector.values}


def organisations_verified(start: date, end: date) -> int:
    """Organisations that entered the directory in the period."""
    return Organisation.objects.verified().filter(verified_at__date__range=(start, end)).count()
