"""Alerts: subscriptions, followed calls, the digests of new calls and the deadline reminders.

They go through the one alert mechanism (``hub.alerts``): every e-mail goes through the outbox
under a key that names it (the subscriber, the period or the call, the reminder), so a job run
twice, or twice at once, sends it once. A job reads its subscribers and calls in a fixed number of
queries and matches them in memory.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from hub.alerts import (
    alert_criteria_initial,
    alert_recipient_for_token,
    alert_subscription_save,
    alert_subscription_stop,
    alerts_send,
    item_alert_kinds_register,
    subscriptions_receiving,
    token_make,
)
from organisations.models import Membership, Organisation

from .models import UNSUBSCRIBE_SALT, Alert, Call, CallFollow, Subscription

# --- Subscriptions and follows ---------------------------------------------------------------


def subscription_initial(*, organisation: Organisation | None) -> dict:
    """A new subscription's criteria, taken from the person's organisation."""
    if organisation is None:
        return {}
    return {
        **alert_criteria_initial(organisation),
        "sectors": [organisation.sector],
        "legal_forms": [organisation.legal_form],
    }


def subscription_save(*, user, organisation: Organisation | None, **choices) -> Subscription:
    """The person's call alert: ``fields``, ``sectors``, ``legal_forms``, ``regions``,
    ``frequency`` and ``language`` (``hub.alerts.alert_subscription_save``)."""
    return alert_subscription_save(
        model=Subscription, user=user, organisation=organisation, **choices
    )


def subscription_stop(*, user) -> None:
    alert_subscription_stop(model=Subscription, user=user)


def call_follow(*, user, call: Call, language: str) -> CallFollow:
    follow, _created = CallFollow.objects.get_or_create(
        user=user, call=call, defaults={"language": language}
    )
    return follow


def call_unfollow(*, user, call: Call) -> None:
    CallFollow.objects.filter(user=user, call=call).delete()


def unsubscribe_token(*, kind: str, pk: int) -> str:
    """A signed token for one subscription ("s") or one followed call ("f"); no expiry, so an
    old e-mail's link still works."""
    return token_make(salt=UNSUBSCRIBE_SALT, kind=kind, pk=pk)


def unsubscribe_target(token: str) -> Subscription | CallFollow | None:
    """What a token stops, or None for a token that was tampered with or is stale."""
    return alert_recipient_for_token(token, Subscription, CallFollow)


def _calls(queryset):
    return list(queryset.select_related("funder").prefetch_related("fields", "regions"))


# --- Sending ----------------------------------------------------------------------------------


def _published(start: datetime, end: datetime, now: datetime) -> list[Call]:
    return _calls(
        Call.objects.published()
        .filter(published_at__gte=start, published_at__lt=end, deadline__gt=now)
        .order_by("deadline", "pk")
    )


def _closing(now: datetime, until: datetime) -> list[Call]:
    return _calls(
        Call.objects.published().open(now).filter(deadline__lte=until).order_by("deadline", "pk")
    )


def _reminded(calls: list[Call]):
    """Followers and the subscribers a call matches; a follower who also matches is reminded
    once, through the follow."""
    follows = defaultdict(dict)
    for follow in CallFollow.objects.filter(
        call__in=[call.pk for call in calls], user__is_active=True
    ).select_related("user"):
        follows[follow.call_id][follow.user_id] = follow
    subscriptions = subscriptions_receiving(Subscription)
    memberships = _organisations_of(
        {f.user_id for per_call in follows.values() for f in per_call.values()}
    )

    def of(call: Call):
        recipients = {
            subscription.user_id: (subscription, {"organisation_id": subscription.organisation_id})
            for subscription in subscriptions
            if subscription.matches(call)
        }
        for user_id, follow in follows[call.pk].items():
            recipients[user_id] = (follow, {"organisation_id": memberships.get(user_id)})
        return recipients.values()

    return of


def _organisations_of(user_ids: set[int]) -> dict[int, int]:
    if not user_ids:
        return {}
    rows = Membership.objects.filter(user_id__in=user_ids).order_by("pk")
    found: dict[int, int] = {}
    for user_id, organisation_id in rows.values_list("user_id", "organisation_id"):
        found.setdefault(user_id, organisation_id)
    return found


DIGEST, REMINDER = item_alert_kinds_register(
    subscription=Subscription,
    published=_published,
    closing=_closing,
    log=Alert,
    recipients=_reminded,
    log_columns=lambda subscription: {"organisation_id": subscription.organisation_id},
)


def digests_send(*, frequency: str, now: datetime | None = None) -> int:
    """E-mail each active subscriber with this frequency the calls published in the last period
    that match their criteria; a subscriber with no match gets nothing. Returns e-mails queued."""
    return alerts_send(kind=DIGEST, frequency=frequency, now=now)


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind followers, and subscribers the call matches, 7 days and 1 day before a deadline.

    A call whose deadline is 7 days away or nearer gets its 7-day reminder, and from 1 day its
    1-day reminder, each once per person; a follower who also matches gets one e-mail."""
    return alerts_send(kind=REMINDER, now=now)
