"""What advocacy contributes to the funder reports: rules for a period, and the rows behind them.

``hub`` reads these rules through ``hub.indicators`` and nothing else of this app. Funders count
advocacy per objective, not per activity: an initiative counts once, however many actions and
submissions it had. Each rule is a fixed number of queries whatever the data size.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hub.indicators import Figure, Period, RowKind, row_kind_register, rule_register
from organisations.models import Organisation, Sector

from .models import (
    RESULTS,
    Consultation,
    Initiative,
    InitiativeStatus,
    Level,
    Representation,
    Submission,
    Supporter,
)

INITIATIVES = "advocacy_initiative"
SUBMISSIONS = "advocacy_submission"
CONSULTATIONS = "advocacy_consultation"
ORGANISATIONS = "advocacy_organisation"
REPRESENTATIONS = "advocacy_representation"


def _active(period: Period):
    return Initiative.objects.active(period.start, period.end)


@rule_register(
    code="advocacy_initiatives_active",
    label=_("Advocacy initiatives active"),
    definition=_(
        "Initiatives started by the end of the period that had not reached a result before its "
        "start, each counted once however many actions and submissions it had."
    ),
    categories={"status": InitiativeStatus.choices},
)
def initiatives_active(*, period: Period, operation=None, params: Mapping | None = None) -> Figure:
    rows = list(_active(period).values_list("pk", "status"))
    by_status = dict.fromkeys(InitiativeStatus.values, 0)
    for _pk, status in rows:
        by_status[status] += 1
    return Figure(
        value=len(rows),
        rows={INITIATIVES: [pk for pk, _status in rows]},
        breakdowns={"status": by_status},
    )


@rule_register(
    code="advocacy_submissions",
    label=_("Advocacy submissions"),
    definition=_("Comments and proposals submitted to public bodies in the period."),
)
def submissions(*, period: Period, operation=None, params: Mapping | None = None) -> Figure:
    ids = list(
        Submission.objects.filter(date__range=(period.start, period.end)).values_list(
            "pk", flat=True
        )
    )
    return Figure(value=len(ids), rows={SUBMISSIONS: ids})


@rule_register(
    code="consultations_answered",
    label=_("Public consultations answered"),
    definition=_(
        "Distinct public consultations that an initiative answered with a submission in the period."
    ),
)
def consultations_answered(
    *, period: Period, operation=None, params: Mapping | None = None
) -> Figure:
    ids = list(
        Consultation.objects.filter(
            initiatives__submissions__date__range=(period.start, period.end)
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    return Figure(value=len(ids), rows={CONSULTATIONS: ids})


@rule_register(
    code="advocacy_results_by_kind",
    label=_("Advocacy results by kind"),
    definition=_(
        "Initiatives that reached a result in the period (adopted, partly adopted, rejected, "
        "withdrawn), by that result."
    ),
    categories={"result": [(s, InitiativeStatus(s).label) for s in RESULTS]},
)
def results_by_kind(*, period: Period, operation=None, params: Mapping | None = None) -> Figure:
    rows = list(
        Initiative.objects.filter(
            closed__range=(period.start, period.end), status__in=RESULTS
        ).values_list("pk", "status")
    )
    by_result = {str(status): 0 for status in RESULTS}
    for _pk, status in rows:
        by_result[status] += 1
    return Figure(
        value=len(rows),
        rows={INITIATIVES: [pk for pk, _status in rows]},
        breakdowns={"result": by_result},
    )


@rule_register(
    code="advocacy_organisations_by_sector",
    label=_("Organisations involved in advocacy, by sector"),
    definition=_(
        "Distinct organisations leading or supporting an initiative active in the period, by "
        "sector."
    ),
    categories={"sector": Sector.choices},
)
def organisations_by_sector(
    *, period: Period, operation=None, params: Mapping | None = None
) -> Figure:
    active = _active(period).values("pk")
    supporting = Supporter.objects.filter(initiative__in=active).values("organisation_id")
    rows = list(
        Organisation.objects.filter(Q(advocacy_led__in=active) | Q(pk__in=supporting))
        .values_list("pk", "sector")
        .distinct()
    )
    by_sector = dict.fromkeys(Sector.values, 0)
    for _pk, sector in rows:
        by_sector[sector] += 1
    return Figure(
        value=len(rows),
        rows={ORGANISATIONS: [pk for pk, _sector in rows]},
        breakdowns={"sector": by_sector},
    )


@rule_register(
    code="representatives_in_public_bodies",
    label=_("NGO representatives in public bodies"),
    definition=_("Seats NGO representatives held in public bodies during the period, by level."),
    categories={"level": Level.choices},
)
def representatives(*, period: Period, operation=None, params: Mapping | None = None) -> Figure:
    rows = list(
        Representation.objects.filter(
            Q(mandate_to__isnull=True) | Q(mandate_to__gte=period.start),
            mandate_from__lte=period.end,
        ).values_list("pk", "level")
    )
    by_level = dict.fromkeys(Level.values, 0)
    for _pk, level in rows:
        by_level[level] += 1
    return Figure(
        value=len(rows),
        rows={REPRESENTATIONS: [pk for pk, _level in rows]},
        breakdowns={"level": by_level},
    )


# The rows behind the figures.


def _initiative_rows(ids: list[int]) -> list[dict]:
    found = Initiative.objects.filter(pk__in=ids).select_related("lead").order_by("title", "pk")
    return [
        {
            "title": i.title,
            "lead": i.lead.name,
            "status": i.get_status_display(),
            "started": i.started,
            "url": i.get_absolute_url(),
        }
        for i in found
    ]


def _submission_rows(ids: list[int]) -> list[dict]:
    found = Submission.objects.filter(pk__in=ids).select_related("initiative").order_by("date")
    return [
        {
            "what": s.what,
            "to_whom": s.to_whom,
            "date": s.date,
            "response": s.get_response_display(),
            "url": s.initiative.get_absolute_url(),
        }
        for s in found
    ]


def _consultation_rows(ids: list[int]) -> list[dict]:
    found = Consultation.objects.filter(pk__in=ids).select_related("body").order_by("deadline")
    return [
        {
            "title": c.title,
            "body": c.body.name,
            "deadline": c.deadline,
            "url": c.get_absolute_url(),
        }
        for c in found
    ]


def _organisation_rows(ids: list[int]) -> list[dict]:
    found = Organisation.objects.filter(pk__in=ids).order_by("name", "pk")
    return [
        {"name": o.name, "sector": o.get_sector_display(), "url": o.get_absolute_url()}
        for o in found
    ]


def _representation_rows(ids: list[int]) -> list[dict]:
    found = Representation.objects.filter(pk__in=ids).order_by("body", "person", "pk")
    return [
        {
            "person": r.person,
            "body": r.body,
            "level": r.get_level_display(),
            "mandate_from": r.mandate_from,
            "mandate_to": r.mandate_to,
        }
        for r in found
    ]


row_kind_register(
    RowKind(
        INITIATIVES,
        _("Advocacy initiatives"),
        (
            ("title", _("Title")),
            ("lead", _("Lead organisation")),
            ("status", _("Status")),
            ("started", _("Started")),
        ),
        _initiative_rows,
    )
)
row_kind_register(
    RowKind(
        SUBMISSIONS,
        _("Submissions"),
        (
            ("what", _("What was submitted")),
            ("to_whom", _("Submitted to")),
            ("date", _("Submitted on")),
            ("response", _("The body's response")),
        ),
        _submission_rows,
    )
)
row_kind_register(
    RowKind(
        CONSULTATIONS,
        _("Public consultations"),
        (("title", _("Title")), ("body", _("Public body")), ("deadline", _("Deadline"))),
        _consultation_rows,
    )
)
row_kind_register(
    RowKind(
        ORGANISATIONS,
        _("Organisations"),
        (("name", _("Name")), ("sector", _("Sector"))),
        _organisation_rows,
    )
)
# Names people: staff only.
row_kind_register(
    RowKind(
        REPRESENTATIONS,
        _("Representations in public bodies"),
        (
            ("person", _("Representative")),
            ("body", _("Public body")),
            ("level", _("Level")),
            ("mandate_from", _("Mandate from")),
            ("mandate_to", _("Mandate to")),
        ),
        _representation_rows,
        staff_only=True,
    )
)
