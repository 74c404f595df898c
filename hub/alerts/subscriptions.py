"""Subscribing, stopping and unsubscribing: the writes every app's alerts share."""

from __future__ import annotations

from typing import TypeVar

from django.db import transaction

from .links import token_read
from .models import AlertRecipient, AlertSubscription

S = TypeVar("S", bound=AlertSubscription)


def alert_criteria_initial(organisation) -> dict:
    """The fields and regions a new subscription starts from: the person's organisation's."""
    if organisation is None:
        return {}
    return {
        "fields": [field.pk for field in organisation.fields.all()],
        "regions": [organisation.seat.region_id] if organisation.seat_id else [],
    }


def alert_subscription_save(
    *,
    model: type[S],
    user,
    organisation,
    fields,
    regions,
    frequency: str,
    language: str,
    **criteria,
) -> S:
    """A person's one subscription of this kind, created or replaced, and active again."""
    with transaction.atomic():
        subscription, _created = model.objects.update_or_create(
            user=user,
            defaults={
                "organisation": organisation,
                **criteria,
                "frequency": frequency,
                "language": language,
                "is_active": True,
            },
        )
        subscription.fields.set(fields)
        subscription.regions.set(regions)
    return subscription


def alert_subscription_stop(*, model: type[AlertSubscription], user) -> None:
    """No more e-mails; the criteria stay for when the person starts again."""
    model.objects.filter(user=user).update(is_active=False)


def alert_recipient_for_token(token: str, *models: type[AlertRecipient]) -> AlertRecipient | None:
    """The row an unsubscribe token names, among models that share one salt; None for a token
    tampered with, made for anything else, or naming a row that is gone."""
    found = token_read(token, salt=models[0].unsubscribe_salt)
    if found is None:
        return None
    kind, pk = found
    for model in models:
        if model.unsubscribe_kind == kind:
            return model.objects.filter(pk=pk).select_related(*model.unsubscribe_related).first()
    return None


def alert_unsubscribe(*, recipient: AlertRecipient) -> None:
    """Stop the e-mails an unsubscribe link names: the row is switched off or forgotten."""
    rows = type(recipient).objects.filter(pk=recipient.pk)
    if recipient.stops_by_deleting:
        rows.delete()
    else:
        rows.update(is_active=False)
