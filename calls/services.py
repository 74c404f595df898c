"""Alerts: subscriptions, followed calls, the digests of new calls and the deadline reminders.

Every alert e-mail goes through the outbox under a key that names it (the subscriber, the
period or the call, the reminder), so a job run twice, or twice at once, sends it once. A job
reads its subscribers and calls in a fixed number of queries and matches them in memory.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from hub.alerts import (
    REMINDER_DAYS,
    digest_period,
    localised_url,
    reminder_days,
    token_make,
    token_read,
    with_unsubscribe,
)
from hub.emails import email_build, email_send_many
from organisations.models import Membership, Organisation

from .models import Alert, AlertKind, Call, CallFollow, Subscription

UNSUBSCRIBE_SALT = "calls.unsubscribe"


# --- Subscriptions and follows ---------------------------------------------------------------


def subscription_initial(*, organisation: Organisation | None) -> dict:
    """A new subscription's criteria, taken from the person's organisation."""
    if organisation is None:
        return {}
    regions = []
    if organisation.seat_id:
        regions = [organisation.seat.region_id]
    return {
        "fields": [field.pk for field in organisation.fields.all()],
        "sectors": [organisation.sector],
        "legal_forms": [organisation.legal_form],
        "regions": regions,
    }


def subscription_save(
    *,
    user,
    organisation: Organisation | None,
    fields,
    sectors: list[str],
    legal_forms: list[str],
    regions,
    frequency: str,
    language: str,
) -> Subscription:
    with transaction.atomic():
        subscription, _created = Subscription.objects.update_or_create(
            user=user,
            defaults={
                "organisation": organisation,
                "sectors": sectors,
                "legal_forms": legal_forms,
                "frequency": frequency,
                "language": language,
                "is_active": True,
            },
        )
        subscription.fields.set(fields)
        subscription.regions.set(regions)
    return subscription


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
    found = token_read(token, salt=UNSUBSCRIBE_SALT)
    if found is None:
        return None
    kind, pk = found
    if kind == "s":
        return Subscription.objects.filter(pk=pk).select_related("user").first()
    if kind == "f":
        return CallFollow.objects.filter(pk=pk).select_related("user", "call").first()
    return None


def unsubscribe(*, target: Subscription | CallFollow) -> None:
    if isinstance(target, Subscription):
        Subscription.objects.filter(pk=target.pk).update(is_active=False)
    else:
        CallFollow.objects.filter(pk=target.pk).delete()


# --- Matching ----------------------------------------------------------------------------------


def _overlaps(wanted, offered) -> bool:
    """Empty on either side means "any"."""
    return not wanted or not offered or bool(set(wanted) & set(offered))


def subscription_matches(subscription: Subscription, call: Call) -> bool:
    """Needs both sides' fields and regions prefetched."""
    call_regions = {region.pk for region in call.regions.all()}
    wanted_regions = subscription.regions.all()
    if wanted_regions:
        if call_regions and not call_regions & {region.pk for region in wanted_regions}:
            return False
        if not call_regions and call.country not in {region.country for region in wanted_regions}:
            return False
    return (
        _overlaps(subscription.sectors, call.sectors)
        and _overlaps(subscription.legal_forms, call.legal_forms)
        and _overlaps([f.pk for f in subscription.fields.all()], [f.pk for f in call.fields.all()])
    )


def _subscriptions(frequency: str | None = None):
    queryset = Subscription.objects.filter(is_active=True, user__is_active=True)
    if frequency:
        queryset = queryset.filter(frequency=frequency)
    return list(
        queryset.select_related("user").prefetch_related("fields", "regions").order_by("pk")
    )


def _calls(queryset):
    return list(queryset.select_related("funder").prefetch_related("fields", "regions"))


# --- Sending ----------------------------------------------------------------------------------


@dataclass
class _Pending:
    key: str
    kind: str
    user: object
    organisation_id: int | None
    calls: list[Call] = field(default_factory=list)
    message: object = None


def _send(pending: list[_Pending]) -> int:
    """Put the messages in the outbox and log the alerts; returns how many were new."""
    if not pending:
        return 0
    known = set(
        Alert.objects.filter(key__in=[p.key for p in pending]).values_list("key", flat=True)
    )
    new = [p for p in pending if p.key not in known]
    if not new:
        return 0
    with transaction.atomic():
        ids = email_send_many(messages=[(p.key, p.message) for p in new])
        Alert.objects.bulk_create(
            [
                Alert(
                    key=p.key,
                    kind=p.kind,
                    user=p.user,
                    organisation_id=p.organisation_id,
                    email_id=ids.get(p.key),
                )
                for p in new
            ],
            ignore_conflicts=True,
        )
        alerts = dict(Alert.objects.filter(key__in=[p.key for p in new]).values_list("key", "pk"))
        Alert.calls.through.objects.bulk_create(
            [
                Alert.calls.through(alert_id=alerts[p.key], call_id=call.pk)
                for p in new
                for call in p.calls
            ],
            ignore_conflicts=True,
        )
    return len(new)


def digests_send(*, frequency: str, now: datetime | None = None) -> int:
    """E-mail each active subscriber with this frequency the calls published in the last period
    that match their criteria; a subscriber with no match gets nothing. Returns e-mails queued."""
    now = now or timezone.now()
    start, end, period = digest_period(frequency, now)
    calls = _calls(
        Call.objects.published()
        .filter(published_at__gte=start, published_at__lt=end, deadline__gt=now)
        .order_by("deadline", "pk")
    )
    if not calls:
        return 0
    pending = []
    for subscription in _subscriptions(frequency):
        matching = [call for call in calls if subscription_matches(subscription, call)]
        if not matching:
            continue
        key = f"calls:digest:{subscription.pk}:{frequency}:{period}"
        url = localised_url(
            subscription.language,
            "calls:unsubscribe",
            token=unsubscribe_token(kind="s", pk=subscription.pk),
        )
        message = email_build(
            template="calls/digest",
            to=[subscription.user.email],
            context={
                "calls": [(call, _call_url(subscription.language, call)) for call in matching],
                "unsubscribe_url": url,
                "alerts_url": localised_url(subscription.language, "calls:alerts"),
            },
            language=subscription.language,
        )
        pending.append(
            _Pending(
                key=key,
                kind=AlertKind.DIGEST,
                user=subscription.user,
                organisation_id=subscription.organisation_id,
                calls=matching,
                message=with_unsubscribe(message, url),
            )
        )
    return _send(pending)


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind followers, and subscribers the call matches, 7 days and 1 day before a deadline.

    A call whose deadline is 7 days away or nearer gets its 7-day reminder, and from 1 day its
    1-day reminder, each once per person; a follower who also matches gets one e-mail."""
    now = now or timezone.now()
    calls = _calls(
        Call.objects.published()
        .open(now)
        .filter(deadline__lte=now + timedelta(days=max(REMINDER_DAYS)))
        .order_by("deadline", "pk")
    )
    if not calls:
        return 0
    follows = defaultdict(dict)
    for follow in CallFollow.objects.filter(
        call__in=[call.pk for call in calls], user__is_active=True
    ).select_related("user"):
        follows[follow.call_id][follow.user_id] = follow
    subscriptions = _subscriptions()
    memberships = _organisations_of(
        {f.user_id for per_call in follows.values() for f in per_call.values()}
    )
    pending = []
    for call in calls:
        days = reminder_days(call.deadline, now)
        recipients = {}
        for subscription in subscriptions:
            if subscription_matches(subscription, call):
                recipients[subscription.user_id] = (
                    subscription.user,
                    subscription.language,
                    subscription.organisation_id,
                    unsubscribe_token(kind="s", pk=subscription.pk),
                )
        for user_id, follow in follows[call.pk].items():
            recipients[user_id] = (
                follow.user,
                follow.language,
                memberships.get(user_id),
                unsubscribe_token(kind="f", pk=follow.pk),
            )
        for user_id, (user, language, organisation_id, token) in recipients.items():
            url = localised_url(language, "calls:unsubscribe", token=token)
            message = email_build(
                template="calls/reminder",
                to=[user.email],
                context={
                    "call": call,
                    "call_url": _call_url(language, call),
                    "days": days,
                    # The time left to the hour, as of the run: "1 day, 15 hours".
                    "now": now,
                    "unsubscribe_url": url,
                },
                language=language,
            )
            pending.append(
                _Pending(
                    key=f"calls:reminder:{call.pk}:{user_id}:{days}",
                    kind=AlertKind.REMINDER,
                    user=user,
                    organisation_id=organisation_id,
                    calls=[call],
                    message=with_unsubscribe(message, url),
                )
            )
    return _send(pending)


def _organisations_of(user_ids: set[int]) -> dict[int, int]:
    if not user_ids:
        return {}
    rows = Membership.objects.filter(user_id__in=user_ids).order_by("pk")
    found: dict[int, int] = {}
    for user_id, organisation_id in rows.values_list("user_id", "organisation_id"):
        found.setdefault(user_id, organisation_id)
    return found


def _call_url(language: str, call: Call) -> str:
    return localised_url(language, "calls:detail", slug=call.slug)
