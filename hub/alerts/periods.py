"""How often alerts go and when: the calendar period a digest covers, the reminder that is due."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REMINDER_DAYS = (7, 1)


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


def digest_period(frequency: str, now: datetime) -> tuple[datetime, datetime, str]:
    """The calendar period a digest covers, ending at today's midnight in the hub's time zone,
    and its name for the key: a job run again the same day finds the same key."""
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    days = 1 if frequency == Frequency.DAILY else 7
    return today - timedelta(days=days), today, today.date().isoformat()


def reminder_days(deadline: datetime, now: datetime) -> int | None:
    """Which reminder is due for a deadline: 7 from a week before, 1 from a day before."""
    due = [days for days in REMINDER_DAYS if deadline - now <= timedelta(days=days)]
    return min(due) if due else None
