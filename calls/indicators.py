"""What calls contribute to the funder reports: counts for a period.

``hub`` reads these functions and nothing else of this app. A period is two dates, both
included, in the hub's time zone. Every function is one query, whatever the number of calls.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count

from hub.models import OutboxEmail

from .models import Alert, Call, FunderKind


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
