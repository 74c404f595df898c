"""Rules that combine what several apps count: NGOs supported, programmes completed, hours.

They read the apps' ``indicators.py`` functions and nothing else of the apps.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from events import indicators as events
from hub.indicators import Figure, Period, rule_register
from hub.models import Operation
from organisations import indicators as organisations
from organisations.models import Sector, SupportKind


def completed_programme_organisation_ids(period: Period) -> set[int]:
    return set(events.completed_programme_organisation_ids(period=period))


def _supported(period: Period, *, sector: str, potential_only: bool = False) -> Figure:
    """Organisations of a sector with a support record or a training in the period, with the
    evidence for each: the support records and the training attendances that credit it. Three
    queries (records, trainings, the organisations' sectors)."""
    records = organisations.support_records(period=period, sectors=[sector])
    credits = events.training_credits(period=period)
    facts = organisations.organisation_sectors(set(records) | set(credits))
    ids = {
        pk
        for pk, (found, potential) in facts.items()
        if found == sector and (potential or not potential_only)
    }
    return Figure(
        value=len(ids),
        rows={
            "organisations": list(ids),
            "support": [pk for organisation in ids for pk in records.get(organisation, ())],
            "training_credits": [
                pk for organisation in ids for pk in credits.get(organisation, ())
            ],
        },
    )


@rule_register(
    code="ngos_supported",
    label=_("NGOs supported"),
    definition=_(
        "Distinct civil-sector organisations with a support record (mentoring, counselling, "
        "advice) or with a person who attended a training in the period. Only a link made by "
        "membership or confirmed by staff counts, never a freely typed name."
    ),
)
def ngos_supported(*, period: Period, operation: Operation | None, params: Mapping) -> Figure:
    return _supported(period, sector=Sector.CIVIL)


@rule_register(
    code="ngos_with_potential_supported",
    label=_("NGOs with potential supported"),
    definition=_("NGOs supported (as above) that the hub marked as NGOs with potential."),
)
def ngos_with_potential_supported(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    return _supported(period, sector=Sector.CIVIL, potential_only=True)


@rule_register(
    code="public_bodies_supported",
    label=_("Public bodies supported directly"),
    definition=_(
        "Distinct public-sector organisations the hub advised in the period, or whose staff "
        "attended a training in it."
    ),
)
def public_bodies_supported(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    return _supported(period, sector=Sector.PUBLIC)


@rule_register(
    code="smes_supported",
    label=_("SMEs supported"),
    definition=_(
        "Distinct organisations the hub's staff marked as micro, small or medium-sized "
        "enterprises, with a support record in the period or with a person who attended a "
        "training in it (linked by membership or confirmed by staff)."
    ),
)
def smes_supported(*, period: Period, operation: Operation | None, params: Mapping) -> Figure:
    records = organisations.support_records(period=period)
    credits = events.training_credits(period=period)
    ids = organisations.sme_ids(set(records) | set(credits))
    return Figure(
        value=len(ids),
        rows={
            "organisations": list(ids),
            "support": [pk for organisation in ids for pk in records.get(organisation, ())],
            "training_credits": [
                pk for organisation in ids for pk in credits.get(organisation, ())
            ],
        },
    )


def _hours(params: Mapping, key: str) -> Decimal:
    return Decimal(str(params.get(key, 25)))


@rule_register(
    code="ngos_with_potential_hours",
    label=_("NGOs with potential in intensive mentoring"),
    definition=_(
        "NGOs with potential that received at least the template's number of mentoring hours "
        "from the operation's start to the end of the period; each counts once."
    ),
)
def ngos_with_potential_hours(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    reached = organisations.mentoring_reached(
        period=period,
        since=operation.start if operation else period.start,
        hours=_hours(params, "hours"),
        kinds=params.get("kinds") or [SupportKind.MENTORING],
        potential_only=True,
    )["by_end"]
    return Figure(
        value=len(reached),
        rows={
            "organisations": list(reached),
            "support": [pk for ids in reached.values() for pk in ids],
        },
    )


@rule_register(
    code="organisations_completed_programme",
    label=_("Organisations that completed a capacity programme"),
    definition=_(
        "Civil-society organisations credited (by membership or staff's confirmation) with a "
        "person who attended every required session of a programme whose last session is in "
        "the period, or whose mentoring hours, counted from the operation's start, first reached "
        "the template's number in the period; each counts once."
    ),
)
def organisations_completed_programme(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    reached = organisations.mentoring_reached(
        period=period,
        since=operation.start if operation else period.start,
        hours=_hours(params, "mentoring_hours"),
        kinds=params.get("kinds") or [SupportKind.MENTORING],
        potential_only=False,
    )["in_period"]
    completed = completed_programme_organisation_ids(period) - set(reached)
    facts = organisations.organisation_sectors(set(reached) | completed)
    ids = {pk for pk, (sector, _p) in facts.items() if sector == Sector.CIVIL}
    return Figure(
        value=len(ids),
        rows={
            "organisations": list(ids),
            "support": [pk for org, found in reached.items() if org in ids for pk in found],
        },
    )
