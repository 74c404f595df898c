"""What a member's alerts hold about them, for the copy of their data and its erasure
(``hub.privacy``): their subscription, and the alerts sent to them."""

from __future__ import annotations

from typing import Any

from ..privacy import Person, PersonalData
from .models import AlertSubscription, SentAlert


def subscription_personal_data(
    *, name: str, label: str, model: type[AlertSubscription]
) -> PersonalData:
    """The person's subscription with its criteria; erasing deletes it."""

    def collect(person: Person) -> list[dict[str, Any]]:
        if person.user is None:
            return []
        found = model.objects.filter(user=person.user).prefetch_related("fields", "regions")
        return [
            {
                "frequency": subscription.frequency,
                "language": subscription.language,
                "active": subscription.is_active,
                **{criterion: getattr(subscription, criterion) for criterion in model.criteria},
                "fields": [str(field) for field in subscription.fields.all()],
                "regions": [str(region) for region in subscription.regions.all()],
                "created_at": subscription.created_at,
            }
            for subscription in found
        ]

    def erase(person: Person) -> int:
        if person.user is None:
            return 0
        count, _deleted = model.objects.filter(user=person.user).delete()
        return count

    return PersonalData(name=name, label=label, collect=collect, erase=erase)


def sent_alerts_personal_data(*, name: str, label: str, model: type[SentAlert]) -> PersonalData:
    """The alerts sent to the person. Erasing keeps them: they are counted in the hub's
    indicators, and stay tied to the anonymised account."""

    def collect(person: Person) -> list[dict[str, Any]]:
        if person.user is None:
            return []
        return [
            {"kind": alert.kind, "sent_at": alert.created_at}
            for alert in model.objects.filter(user=person.user).order_by("created_at")
        ]

    def keep(person: Person) -> int:
        return 0

    return PersonalData(name=name, label=label, collect=collect, erase=keep)
