"""Consultation alerts: subscriptions, the digest of new consultations and deadline reminders.

They go through the one alert mechanism (``hub.alerts``), as the calls' alerts do: every e-mail
goes through the outbox under a key naming the subscriber and the period or the consultation and
the reminder, so a job run twice, or twice at once, sends each once; each carries a one-click
unsubscribe link that works signed out. A job reads subscribers and consultations in a fixed
number of queries.
"""

from __future__ import annotations

from datetime import datetime

from hub.alerts import (
    alert_criteria_initial,
    alert_recipient_for_token,
    alert_subscription_save,
    alert_subscription_stop,
    alerts_send,
    item_alert_kinds_register,
)
from organisations.models import Organisation

from .models import Consultation, ConsultationAlert, ConsultationSubscription


def subscription_initial(*, organisation: Organisation | None) -> dict:
    """A new subscription's criteria, taken from the person's organisation."""
    return alert_criteria_initial(organisation)


def subscription_save(*, user, organisation, **choices) -> ConsultationSubscription:
    """The person's consultation alert: ``fields``, ``levels``, ``regions``, ``frequency`` and
    ``language`` (``hub.alerts.alert_subscription_save``)."""
    return alert_subscription_save(
        model=ConsultationSubscription, user=user, organisation=organisation, **choices
    )


def subscription_stop(*, user) -> None:
    alert_subscription_stop(model=ConsultationSubscription, user=user)


def unsubscribe_token(*, subscription: ConsultationSubscription) -> str:
    return subscription.unsubscribe_token()


def unsubscribe_target(token: str) -> ConsultationSubscription | None:
    """What a token stops, or None for a token that was tampered with or is stale."""
    return alert_recipient_for_token(token, ConsultationSubscription)


def _consultations(queryset) -> list[Consultation]:
    return list(queryset.select_related("body").prefetch_related("fields", "municipalities"))


def _published(start: datetime, end: datetime, now: datetime) -> list[Consultation]:
    """Consultations put up in the period and still open."""
    return _consultations(
        Consultation.objects.filter(
            created_at__gte=start, created_at__lt=end, deadline__gt=now
        ).order_by("deadline", "pk")
    )


def _closing(now: datetime, until: datetime) -> list[Consultation]:
    return _consultations(
        Consultation.objects.open(now).filter(deadline__lte=until).order_by("deadline", "pk")
    )


DIGEST, REMINDER = item_alert_kinds_register(
    subscription=ConsultationSubscription,
    published=_published,
    closing=_closing,
    log=ConsultationAlert,
)


def digests_send(*, frequency: str, now: datetime | None = None) -> int:
    """E-mail each active subscriber with this frequency the consultations published in the last
    period that are still open and match; nobody gets an empty digest. Returns e-mails queued."""
    return alerts_send(kind=DIGEST, frequency=frequency, now=now)


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind the subscribers a consultation matches 7 days and 1 day before its deadline, each
    reminder once per person."""
    return alerts_send(kind=REMINDER, now=now)
