"""Consultation alerts: subscriptions, the digest of new consultations and deadline reminders.

They work as the calls' alerts do (``hub.alerts``): every e-mail goes through the outbox under a
key naming the subscriber and the period or the consultation and the reminder, so a job run
twice, or twice at once, sends each once; each carries a one-click unsubscribe link that works
signed out. A job reads subscribers and consultations in a fixed number of queries.
"""

from __future__ import annotations

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
from organisations.models import Organisation

from .models import AlertKind, Consultation, ConsultationAlert, ConsultationSubscription

UNSUBSCRIBE_SALT = "advocacy.unsubscribe"


def subscription_initial(*, organisation: Organisation | None) -> dict:
    """A new subscription's criteria, taken from the person's organisation."""
    if organisation is None:
        return {}
    return {
        "fields": [field.pk for field in organisation.fields.all()],
        "regions": [organisation.seat.region_id] if organisation.seat_id else [],
    }


def subscription_save(
    *, user, organisation, fields, levels: list[str], regions, frequency: str, language: str
) -> ConsultationSubscription:
    with transaction.atomic():
        subscription, _created = ConsultationSubscription.objects.update_or_create(
            user=user,
            defaults={
                "organisation": organisation,
                "levels": levels,
                "frequency": frequency,
                "language": language,
                "is_active": True,
            },
        )
        subscription.fields.set(fields)
        subscription.regions.set(regions)
    return subscription


def unsubscribe_token(*, subscription: ConsultationSubscription) -> str:
    return token_make(salt=UNSUBSCRIBE_SALT, kind="s", pk=subscription.pk)


def unsubscribe_target(token: str) -> ConsultationSubscription | None:
    """What a token stops, or None for a token that was tampered with or is stale."""
    found = token_read(token, salt=UNSUBSCRIBE_SALT)
    if found is None or found[0] != "s":
        return None
    return ConsultationSubscription.objects.filter(pk=found[1]).select_related("user").first()


def unsubscribe(*, subscription: ConsultationSubscription) -> None:
    ConsultationSubscription.objects.filter(pk=subscription.pk).update(is_active=False)


def subscription_matches(subscription: ConsultationSubscription, consultation) -> bool:
    """Empty criteria mean "any"; a consultation with no municipalities concerns everyone.
    Needs the subscription's fields and regions and the consultation's fields and
    municipalities prefetched."""
    if subscription.levels and consultation.level not in subscription.levels:
        return False
    wanted_fields = {f.pk for f in subscription.fields.all()}
    offered_fields = {f.pk for f in consultation.fields.all()}
    if wanted_fields and offered_fields and not wanted_fields & offered_fields:
        return False
    wanted_regions = {r.pk for r in subscription.regions.all()}
    places = {m.region_id for m in consultation.municipalities.all()}
    return not (wanted_regions and places and not wanted_regions & places)


def _subscriptions(frequency: str | None = None) -> list[ConsultationSubscription]:
    queryset = ConsultationSubscription.objects.filter(is_active=True, user__is_active=True)
    if frequency:
        queryset = queryset.filter(frequency=frequency)
    return list(
        queryset.select_related("user").prefetch_related("fields", "regions").order_by("pk")
    )


def _consultations(queryset) -> list[Consultation]:
    return list(queryset.select_related("body").prefetch_related("fields", "municipalities"))


@dataclass
class _Pending:
    key: str
    kind: str
    user: object
    consultations: list[Consultation] = field(default_factory=list)
    message: object = None


def _send(pending: list[_Pending]) -> int:
    """Put the messages in the outbox and log the alerts; returns how many were new. The
    outbox's unique key is the guarantee; the alert log only saves building them again."""
    if not pending:
        return 0
    known = set(
        ConsultationAlert.objects.filter(key__in=[p.key for p in pending]).values_list(
            "key", flat=True
        )
    )
    new = [p for p in pending if p.key not in known]
    if not new:
        return 0
    with transaction.atomic():
        ids = email_send_many(messages=[(p.key, p.message) for p in new])
        ConsultationAlert.objects.bulk_create(
            [
                ConsultationAlert(key=p.key, kind=p.kind, user=p.user, email_id=ids.get(p.key))
                for p in new
            ],
            ignore_conflicts=True,
        )
        alerts = dict(
            ConsultationAlert.objects.filter(key__in=[p.key for p in new]).values_list("key", "pk")
        )
        through = ConsultationAlert.consultations.through
        through.objects.bulk_create(
            [
                through(consultationalert_id=alerts[p.key], consultation_id=c.pk)
                for p in new
                for c in p.consultations
            ],
            ignore_conflicts=True,
        )
    return len(new)


def _unsubscribe_url(subscription: ConsultationSubscription) -> str:
    return localised_url(
        subscription.language,
        "advocacy:unsubscribe",
        token=unsubscribe_token(subscription=subscription),
    )


def _link(language: str, consultation: Consultation) -> str:
    return localised_url(language, "advocacy:consultation", slug=consultation.slug)


def digests_send(*, frequency: str, now: datetime | None = None) -> int:
    """E-mail each active subscriber with this frequency the consultations published in the last
    period that are still open and match; nobody gets an empty digest. Returns e-mails queued."""
    now = now or timezone.now()
    start, end, period = digest_period(frequency, now)
    consultations = _consultations(
        Consultation.objects.filter(
            created_at__gte=start, created_at__lt=end, deadline__gt=now
        ).order_by("deadline", "pk")
    )
    if not consultations:
        return 0
    pending = []
    for subscription in _subscriptions(frequency):
        matching = [c for c in consultations if subscription_matches(subscription, c)]
        if not matching:
            continue
        url = _unsubscribe_url(subscription)
        message = email_build(
            template="advocacy/digest",
            to=[subscription.user.email],
            context={
                "consultations": [(c, _link(subscription.language, c)) for c in matching],
                "unsubscribe_url": url,
                "alerts_url": localised_url(subscription.language, "advocacy:alerts"),
            },
            language=subscription.language,
        )
        pending.append(
            _Pending(
                key=f"advocacy:digest:{subscription.pk}:{frequency}:{period}",
                kind=AlertKind.DIGEST,
                user=subscription.user,
                consultations=matching,
                message=with_unsubscribe(message, url),
            )
        )
    return _send(pending)


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind the subscribers a consultation matches 7 days and 1 day before its deadline, each
    reminder once per person."""
    now = now or timezone.now()
    consultations = _consultations(
        Consultation.objects.open(now)
        .filter(deadline__lte=now + timedelta(days=max(REMINDER_DAYS)))
        .order_by("deadline", "pk")
    )
    if not consultations:
        return 0
    subscriptions = _subscriptions()
    pending = []
    for consultation in consultations:
        days = reminder_days(consultation.deadline, now)
        for subscription in subscriptions:
            if not subscription_matches(subscription, consultation):
                continue
            url = _unsubscribe_url(subscription)
            message = email_build(
                template="advocacy/reminder",
                to=[subscription.user.email],
                context={
                    "consultation": consultation,
                    "consultation_url": _link(subscription.language, consultation),
                    "days": days,
                    # The time left to the hour, as of the run: "1 day, 15 hours".
                    "now": now,
                    "unsubscribe_url": url,
                },
                language=subscription.language,
            )
            pending.append(
                _Pending(
                    key=f"advocacy:reminder:{consultation.pk}:{subscription.user_id}:{days}",
                    kind=AlertKind.REMINDER,
                    user=subscription.user,
                    consultations=[consultation],
                    message=with_unsubscribe(message, url),
                )
            )
    return _send(pending)
