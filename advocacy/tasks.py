"""Thin Celery adapters for the consultation alerts; the rules live in ``advocacy.alerts``."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from hub.alerts import Frequency

from . import alerts


@shared_task
def send_consultation_alerts() -> int:
    """Every hour (Celery beat): the day's and the week's digests once their period is over,
    and the 7-day and 1-day reminders that are due. Each e-mail goes once, whenever it runs."""
    sent = alerts.digests_send(frequency=Frequency.DAILY)
    if timezone.localdate().isoweekday() == 1:
        sent += alerts.digests_send(frequency=Frequency.WEEKLY)
    return sent + alerts.reminders_send()
