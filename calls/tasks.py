"""Thin Celery adapters for the call alerts; the rules live in ``calls.services``."""

from __future__ import annotations

from celery import shared_task

from hub.alerts import Frequency

from . import services


@shared_task
def send_daily_digests() -> int:
    """Every morning (Celery beat): yesterday's new calls to daily subscribers."""
    return services.digests_send(frequency=Frequency.DAILY)


@shared_task
def send_weekly_digests() -> int:
    """Monday mornings (Celery beat): the last week's new calls to weekly subscribers."""
    return services.digests_send(frequency=Frequency.WEEKLY)


@shared_task
def send_deadline_reminders() -> int:
    """Every hour (Celery beat): the 7-day and 1-day reminders that are due; each goes once."""
    return services.reminders_send()
