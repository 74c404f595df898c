"""What organisations contribute to the funder reports: counts and rows for a period.

``hub`` reads these functions and nothing else of this app: the support-hours rule, the row kinds
of organisations and support records, and the organisations' sectors and support records for the
hub's combined rules (NGOs supported, mentoring reached). A period is a ``hub.indicators.Period``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.indicators import Figure, Period, RowKind, row_kind_register, rule_register
from hub.models import Operation
from hub.text import collated

from .models import SME_CLASSES, Organisation, Sector, SupportKind, SupportRecord


def organisation_sectors(ids: Iterable[int]) -> dict[int, tuple[str, bool]]:
    """The sector and the "with potential" flag of each given organisation, in one query."""
    # Asked even for no ids (Django would skip an empty IN), so a report runs as many queries
    # for a quiet month as for a busy year.
    return {
        pk: (sector, potential)
        for pk, sector, potential in Organisation.objects.filter(
            pk__in=list(ids) or [0]
        ).values_list("pk", "sector", "has_potential")
    }


def sme_ids(ids: Iterable[int]) -> set[int]:
    """The given organisations the hub's staff marked micro, small or medium, in one query."""
    return set(
        Organisation.objects.filter(
            pk__in=list(ids) or [0], size_class__in=SME_CLASSES
        ).values_list("pk", flat=True)
    )


def support_records(*, period: Period, sectors: Iterable[str] = ()) -> dict[int, set[int]]:
    """Support records in the period, ``{organisation id: {record ids}}``, in one query."""
    records = SupportRecord.objects.filter(date__range=(period.start, period.end))
    if sectors:
        records = records.filter(organisation__sector__in=list(sectors))
    found: dict[int, set[int]] = {}
    for pk, organisation_id in records.values_list("pk", "organisation_id"):
        found.setdefault(organisation_id, set()).add(pk)
    return found


def mentoring_reached(
    *, period: Period, since: date, hours: Decimal, kinds: Iterable[str], potential_only: bool
) -> dict[str, dict[int, set[int]]]:
    """Organisations whose support of the given kinds, counted from ``since``, reached ``hours``:
    ``{"by_end": {organisation: records}, "in_period": {...}}`` — those that had reached it by the
    period's end, and those that crossed the line within the period (counted once, ever). One
    query."""
    records = SupportRecord.objects.filter(
        date__range=(min(since, period.start), period.end), kind__in=list(kinds)
    )
    if potential_only:
        records = records.filter(organisation__has_potential=True)
    before: dict[int, Decimal] = {}
    total: dict[int, Decimal] = {}
    evidence: dict[int, set[int]] = {}
    for pk, organisation_id, day, logged in records.values_list(
        "pk", "organisation_id", "date", "hours"
    ):
        total[organisation_id] = total.get(organisation_id, Decimal(0)) + logged
        evidence.setdefault(organisation_id, set()).add(pk)
        if day < period.start:
            before[organisation_id] = before.get(organisation_id, Decimal(0)) + logged
    by_end = {pk: evidence[pk] for pk, sum_ in total.items() if sum_ >= hours}
    in_period = {pk: ids for pk, ids in by_end.items() if before.get(pk, Decimal(0)) < hours}
    return {"by_end": by_end, "in_period": in_period}


@rule_register(
    code="support_hours",
    label=_("Mentoring and consultation hours"),
    definition=_(
        "The sum of the hours of support to organisations logged in the period, by kind of support."
    ),
    categories={"kind": SupportKind.choices},
)
def support_hours(*, period: Period, operation: Operation | None, params: Mapping) -> Figure:
    kinds = params.get("kinds") or SupportKind.values
    records = SupportRecord.objects.filter(
        date__range=(period.start, period.end), kind__in=list(kinds)
    )
    ids, by_kind = [], dict.fromkeys(kinds, Decimal(0))
    for pk, kind, hours in records.values_list("pk", "kind", "hours"):
        ids.append(pk)
        by_kind[kind] = by_kind.get(kind, Decimal(0)) + hours
    return Figure(
        value=sum(by_kind.values(), Decimal(0)),
        rows={"support": ids},
        breakdowns={"kind": {kind: float(hours) for kind, hours in by_kind.items()}},
    )


def _organisation_rows(ids: list[int]) -> list[dict[str, Any]]:
    sectors = dict(Sector.choices)
    rows = (
        Organisation.objects.filter(pk__in=ids)
        .select_related("seat")
        .order_by(collated("name"), "pk")
        .only("name", "slug", "sector", "registration_number", "has_potential", "seat__name")
    )
    return [
        {
            "name": organisation.name,
            "sector": sectors.get(organisation.sector, organisation.sector),
            "registration_number": organisation.registration_number,
            "seat": organisation.seat.name if organisation.seat else "",
            "has_potential": gettext("yes") if organisation.has_potential else "",
            "url": organisation.get_absolute_url(),
        }
        for organisation in rows
    ]


def _support_rows(ids: list[int]) -> list[dict[str, Any]]:
    kinds = dict(SupportKind.choices)
    rows = (
        SupportRecord.objects.filter(pk__in=ids)
        .select_related("organisation")
        .order_by("date", "pk")
        .only("date", "kind", "hours", "topic", "organisation__name", "organisation__slug")
    )
    return [
        {
            "date": record.date,
            "organisation": record.organisation.name,
            "kind": kinds.get(record.kind, record.kind),
            "hours": record.hours,
            "topic": record.topic,
            "url": record.organisation.get_absolute_url(),
        }
        for record in rows
    ]


row_kind_register(
    RowKind(
        name="organisations",
        label=_("Organisations"),
        columns=(
            ("name", _("Name")),
            ("sector", _("Sector")),
            ("registration_number", _("Registration number")),
            ("seat", _("Seat")),
            ("has_potential", _("NGO with potential")),
        ),
        fetch=_organisation_rows,
    )
)
row_kind_register(
    RowKind(
        name="support",
        label=_("Support records"),
        columns=(
            ("date", _("Date")),
            ("organisation", _("Organisation")),
            ("kind", _("Kind")),
            ("hours", _("Hours")),
            ("topic", _("Topic")),
        ),
        fetch=_support_rows,
    )
)
