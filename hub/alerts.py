"""What e-mail alerts of any app share: how often, links that work from a mail program, a signed
one-click unsubscribe, and the calendar period a digest covers.

The calls' alerts were the first; consultations use these the same way. Every alert goes
through the outbox (``hub.emails``) under a key naming the recipient and the period or the
reminder, so a job run twice, or twice at once, sends it once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .tokens import signed_token, signed_token_read

REMINDER_DAYS = (7, 1)


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def localised_url(language: str, name: str, **kwargs) -> str:
    """An absolute address in the recipient's language, for an e-mail sent with no request."""
    with translation.override(language):
        return site_url(reverse(name, kwargs=kwargs or None))


def with_unsubscribe(message, url: str):
    """RFC 8058 one-click unsubscribe headers: mail programs post to ``url``, signed out."""
    message.extra_headers["List-Unsubscribe"] = f"<{url}>"
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


def token_make(*, salt: str, kind: str, pk: int) -> str:
    """A signed token naming one thing to stop; no expiry, so an old e-mail's link still works
    (the rule for every link's token: ``hub.tokens``)."""
    return signed_token([kind, pk], salt=salt)


def token_read(token: str, *, salt: str) -> tuple[str, int] | None:
    """(kind, pk) of a token, or None when it was tampered with."""
    found = signed_token_read(token, salt=salt)
    if not (isinstance(found, list) and len(found) == 2):
        return None
    kind, pk = found
    return kind, pk


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
