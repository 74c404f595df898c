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
    AlertKind,
    Delivery,
    alert_criteria_initial,
    alert_kind_register,
    alert_recipient_for_token,
    alert_subscription_save,
    alert_subscription_stop,
    alerts_send,
    digests,
    localised_url,
    reminders,
    subscriptions_receiving,
)
from organisations.models import Organisation

from .models import AlertKind as LoggedKind
from .models import Consultation, ConsultationAlert, ConsultationSubscription


def subscription_initial(*, organisation: Organisation | None) -> dict:
    """A new subscription's criteria, taken from the person's organisation."""
    return alert_criteria_initial(organisation)


def subscription_save(
    *, user, organisation, fields, levels: list[str], regions, frequency: str, language: str
) -> ConsultationSubscription:
    return alert_subscription_save(
        model=ConsultationSubscription,
        user=user,
        organisation=organisation,
        fields=fields,
        regions=regions,
        frequency=frequency,
        language=language,
        levels=levels,
    )


def subscription_stop(*, user) -> None:
    alert_subscription_stop(model=ConsultationSubscription, user=user)


def unsubscribe_token(*, subscription: ConsultationSubscription) -> str:
    return subscription.unsubscribe_token()


def unsubscribe_target(token: str) -> ConsultationSubscription | None:
    """What a token stops, or None for a token that was tampered with or is stale."""
    return alert_recipient_for_token(token, ConsultationSubscription)


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


def _reminded(consultations: list[Consultation]):
    """The subscribers a consultation matches."""
    subscriptions = subscriptions_receiving(ConsultationSubscription)
    return lambda consultation: [
        (subscription, {})
        for subscription in subscriptions
        if subscription_matches(subscription, consultation)
    ]


def _link(language: str, consultation: Consultation) -> str:
    return localised_url(language, "advocacy:consultation", slug=consultation.slug)


def _digest_context(delivery: Delivery, language: str) -> dict:
    return {
        "consultations": [(c, _link(language, c)) for c in delivery.items],
        "alerts_url": localised_url(language, "advocacy:alerts"),
    }


def _reminder_context(delivery: Delivery, language: str) -> dict:
    consultation = delivery.items[0]
    return {"consultation": consultation, "consultation_url": _link(language, consultation)}


DIGEST = alert_kind_register(
    AlertKind(
        name="advocacy:digest",
        template="advocacy/digest",
        unsubscribe_url="advocacy:unsubscribe",
        due=digests(
            subscriptions=lambda frequency: subscriptions_receiving(
                ConsultationSubscription, frequency
            ),
            published=_published,
            matches=subscription_matches,
        ),
        context=_digest_context,
        log=ConsultationAlert,
        log_kind=LoggedKind.DIGEST,
    )
)
REMINDER = alert_kind_register(
    AlertKind(
        name="advocacy:reminder",
        template="advocacy/reminder",
        unsubscribe_url="advocacy:unsubscribe",
        due=reminders(closing=_closing, recipients=_reminded),
        context=_reminder_context,
        log=ConsultationAlert,
        log_kind=LoggedKind.REMINDER,
    )
)


def digests_send(*, frequency: str, now: datetime | None = None) -> int:
    """E-mail each active subscriber with this frequency the consultations published in the last
    period that are still open and match; nobody gets an empty digest. Returns e-mails queued."""
    return alerts_send(kind=DIGEST, frequency=frequency, now=now)


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind the subscribers a consultation matches 7 days and 1 day before its deadline, each
    reminder once per person."""
    return alerts_send(kind=REMINDER, now=now)
