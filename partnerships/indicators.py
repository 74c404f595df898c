"""What partnerships contribute to the funder reports: counts for a period.

``hub`` reads these functions and nothing else of this app. A period is two dates, both
included. A partnership counts in a period when it had started by its end and had not ended
before its start; "set up" counts those that started within it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.indicators import Figure, Period, RowKind, row_kind_register, rule_register
from hub.models import Operation
from organisations.models import Sector

from .models import Meeting, Outcome, OutcomeKind, OutcomeResult, Partner, Partnership
from .selectors import cross_sector_ids, sector_balance


def _running(start: date, end: date) -> QuerySet[Partnership]:
    return Partnership.objects.filter(Q(ended__isnull=True) | Q(ended__gte=start), started__lte=end)


def partnerships_set_up(start: date, end: date) -> int:
    return Partnership.objects.filter(started__range=(start, end)).count()


def cross_sector_partnerships(start: date, end: date) -> int:
    """Partnerships running in the period with an active partner of every sector at its end
    (or on the day they ended, if earlier)."""
    running = list(_running(start, end).values_list("pk", "ended"))
    found = set()
    for on in {min(ended, end) if ended else end for _pk, ended in running}:
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


# --- Rules and row kinds for the funder templates (hub.indicators) ------------------------------


def _running_partners(period: Period) -> list[tuple[int, date, date | None, date | None, int, str]]:
    """(partnership, started, ended, joined, left, organisation, sector) of every partner of the
    partnerships running in the period, in one query."""
    return list(
        Partner.objects.filter(partnership__in=_running(period.start, period.end)).values_list(
            "partnership_id",
            "partnership__ended",
            "joined",
            "left",
            "organisation_id",
            "organisation__sector",
        )
    )


@rule_register(
    code="partnerships_set_up",
    label=_("Partnerships set up"),
    definition=_("Local partnerships that started in the period."),
)
def partnerships_set_up_rule(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    ids = list(
        Partnership.objects.filter(started__range=(period.start, period.end)).values_list(
            "pk", flat=True
        )
    )
    return Figure(value=len(ids), rows={"partnerships": ids})


@rule_register(
    code="cross_sector_partnerships",
    label=_("Cross-sector partnerships"),
    definition=_(
        "Partnerships running in the period with at least one active partner from each of the "
        "three sectors at its end (or on the day the partnership ended, if earlier)."
    ),
)
def cross_sector_partnerships_rule(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    sectors: dict[int, set[str]] = {}
    for partnership_id, ended, joined, left, _organisation, sector in _running_partners(period):
        on = min(ended, period.end) if ended else period.end
        if joined <= on and (left is None or left > on):
            sectors.setdefault(partnership_id, set()).add(sector)
    ids = [pk for pk, found in sectors.items() if found >= set(Sector.values)]
    return Figure(value=len(ids), rows={"partnerships": ids})


@rule_register(
    code="partners_by_sector",
    label=_("Partner organisations by sector"),
    definition=_("Distinct organisations taking part in partnerships in the period, by sector."),
    categories={"sector": Sector.choices},
)
def partners_by_sector_rule(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    organisations: dict[int, str] = {}
    for _partnership, _ended, joined, left, organisation, sector in _running_partners(period):
        if joined <= period.end and (left is None or left >= period.start):
            organisations[organisation] = sector
    counts = dict.fromkeys(Sector.values, 0)
    for sector in organisations.values():
        counts[sector] += 1
    return Figure(
        value=len(organisations),
        rows={"organisations": list(organisations)},
        breakdowns={"sector": counts},
    )


@rule_register(
    code="outcomes_by_kind",
    label=_("Partnership outcomes by kind"),
    definition=_(
        "Project ideas, policy proposals, joint services and applications submitted in the period."
    ),
    categories={"kind": OutcomeKind.choices},
)
def outcomes_by_kind_rule(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    counts = dict.fromkeys(OutcomeKind.values, 0)
    ids = []
    for pk, kind in Outcome.objects.filter(
        submitted_on__range=(period.start, period.end)
    ).values_list("pk", "kind"):
        ids.append(pk)
        counts[kind] = counts.get(kind, 0) + 1
    return Figure(value=len(ids), rows={"outcomes": ids}, breakdowns={"kind": counts})


def _partnership_rows(ids: list[int]) -> list[dict[str, Any]]:
    """Each partnership with its sector balance today (one query for all)."""
    partnerships = (
        Partnership.objects.filter(pk__in=ids)
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=Partner.objects.select_related("organisation").only(
                    "partnership_id", "joined", "left", "organisation", "organisation__sector"
                ),
            )
        )
        .order_by("started", "pk")
        .only("title", "slug", "started", "ended", "stage")
    )
    rows = []
    for partnership in partnerships:
        balance = sector_balance(partnership.partners.all())
        rows.append(
            {
                "title": partnership.title,
                "started": partnership.started,
                "stage": partnership.get_stage_display(),
                **{f"sector_{sector}": count for sector, count in balance.counts.items()},
                "cross_sector": gettext("yes") if balance.is_cross_sector else "",
                "url": partnership.get_absolute_url(),
            }
        )
    return rows


def _outcome_rows(ids: list[int]) -> list[dict[str, Any]]:
    outcomes = (
        Outcome.objects.filter(pk__in=ids)
        .select_related("partnership")
        .order_by("submitted_on", "pk")
    )
    return [
        {
            "submitted_on": outcome.submitted_on,
            "partnership": outcome.partnership.title,
            "kind": outcome.get_kind_display(),
            "title": outcome.title,
            "submitted_to": outcome.submitted_to,
            "result": outcome.get_result_display(),
            "url": outcome.partnership.get_absolute_url(),
        }
        for outcome in outcomes
    ]


row_kind_register(
    RowKind(
        name="partnerships",
        label=_("Partnerships"),
        columns=(
            ("title", _("Title")),
            ("started", _("Started")),
            ("stage", _("Stage")),
            *((f"sector_{value}", label) for value, label in Sector.choices),
            ("cross_sector", _("Cross-sector")),
        ),
        fetch=_partnership_rows,
    )
)
row_kind_register(
    RowKind(
        name="outcomes",
        label=_("Outcomes"),
        columns=(
            ("submitted_on", _("Submitted on")),
            ("partnership", _("Partnership")),
            ("kind", _("Kind")),
            ("title", _("Title")),
            ("submitted_to", _("Submitted to")),
            ("result", _("Result")),
        ),
        fetch=_outcome_rows,
    )
)
