"""What calls contribute to the funder reports: counts for a period.

``hub`` reads these functions and nothing else of this app. A period is two dates, both
included, in the hub's time zone. Every function is one query, whatever the number of calls.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.indicators import Figure, Period, RowKind, row_kind_register, rule_register
from hub.models import Operation, OutboxEmail

from .models import Alert, AlertKind, Call, FunderKind


def calls_published(start: date, end: date) -> dict[str, int]:
    """Calls published in the period, by the kind of their funder (every kind, zero where none)."""
    counts = dict(
        Call.objects.published()
        .filter(published_at__date__range=(start, end))
        .order_by()
        .values_list("funder__kind")
        .annotate(n=Count("pk"))
    )
    return {kind: counts.get(kind, 0) for kind in FunderKind.values}


def _delivered(start: date, end: date):
    return Alert.objects.filter(
        email__status=OutboxEmail.Status.SENT, email__sent_at__date__range=(start, end)
    )


def alerts_delivered(start: date, end: date) -> int:
    """Alert e-mails (digests and reminders) the mail server accepted in the period."""
    return _delivered(start, end).count()


def organisations_reached(start: date, end: date) -> int:
    """Distinct organisations whose people got at least one alert in the period."""
    return (
        _delivered(start, end)
        .exclude(organisation=None)
        .aggregate(n=Count("organisation", distinct=True))["n"]
    )


# --- Rules and row kinds for the funder templates (hub.indicators) ------------------------------


@rule_register(
    code="calls_published",
    label=_("Funding calls published"),
    definition=_("Funding calls the hub published on the portal in the period, by kind of funder."),
    categories={"funder_kind": FunderKind.choices},
)
def calls_published_rule(*, period: Period, operation: Operation | None, params: Mapping) -> Figure:
    counts = dict.fromkeys(FunderKind.values, 0)
    ids = []
    for pk, kind in (
        Call.objects.published()
        .filter(published_at__gte=period.start_at, published_at__lt=period.end_before)
        .values_list("pk", "funder__kind")
    ):
        ids.append(pk)
        counts[kind] = counts.get(kind, 0) + 1
    return Figure(value=len(ids), rows={"calls": ids}, breakdowns={"funder_kind": counts})


@rule_register(
    code="alerts_delivered",
    label=_("Call alerts delivered"),
    definition=_(
        "Alerts about new calls and deadlines that the mail server accepted in the period."
    ),
    categories={"kind": AlertKind.choices},
)
def alerts_delivered_rule(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    counts = dict.fromkeys(AlertKind.values, 0)
    ids = []
    for pk, kind in Alert.objects.filter(
        email__status=OutboxEmail.Status.SENT,
        email__sent_at__gte=period.start_at,
        email__sent_at__lt=period.end_before,
    ).values_list("pk", "kind"):
        ids.append(pk)
        counts[kind] += 1
    # The rows behind it are the alerts (day, kind, calls), never their recipients.
    return Figure(value=len(ids), rows={"alerts": ids}, breakdowns={"kind": counts})


def _call_rows(ids: list[int]) -> list[dict[str, Any]]:
    calls = Call.objects.filter(pk__in=ids).select_related("funder").order_by("published_at", "pk")
    return [
        {
            "published_at": timezone.localtime(call.published_at).date()
            if call.published_at
            else None,
            "title": call.title,
            "funder": call.funder.name,
            "deadline": timezone.localtime(call.deadline).date(),
            "url": call.get_absolute_url(),
        }
        for call in calls
    ]


def _alert_rows(ids: list[int]) -> list[dict[str, Any]]:
    """Each alert the mail server accepted: when, which kind, for which organisation, about
    which calls. Who received it is not shown: the figure counts alerts, not people."""
    kinds = dict(AlertKind.choices)
    alerts = (
        Alert.objects.filter(pk__in=ids)
        .select_related("email", "organisation")
        .prefetch_related(Prefetch("calls", queryset=Call.objects.order_by("title", "pk")))
        .order_by("email__sent_at", "pk")
    )
    return [
        {
            "sent_at": timezone.localtime(alert.email.sent_at).date() if alert.email else None,
            "kind": kinds.get(alert.kind, alert.kind),
            "organisation": alert.organisation.name if alert.organisation else "",
            "calls": ", ".join(call.title for call in alert.calls.all()),
        }
        for alert in alerts
    ]


row_kind_register(
    RowKind(
        name="calls",
        label=_("Funding calls"),
        columns=(
            ("published_at", _("Published")),
            ("title", _("Title")),
            ("funder", _("Funder")),
            ("deadline", _("Deadline")),
        ),
        fetch=_call_rows,
    )
)
row_kind_register(
    RowKind(
        name="alerts",
        label=_("Call alerts delivered"),
        columns=(
            ("sent_at", _("Sent")),
            ("kind", _("Kind")),
            ("organisation", _("Organisation")),
            ("calls", _("Funding calls")),
        ),
        fetch=_alert_rows,
    )
)
