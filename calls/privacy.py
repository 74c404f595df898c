"""What calls hold about a person: their call alert, the calls they follow, alerts sent (hub.privacy)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from hub.privacy import Person, PersonalData, personal_data_register

from .models import Alert, CallFollow, Subscription


def _collect_subscription(person: Person) -> list[dict[str, Any]]:
    if person.user is None:
        return []
    return [
        {
            "frequency": subscription.frequency,
            "language": subscription.language,
            "active": subscription.is_active,
            "sectors": subscription.sectors,
            "legal_forms": subscription.legal_forms,
            "fields": [str(field) for field in subscription.fields.all()],
            "regions": [str(region) for region in subscription.regions.all()],
            "created_at": subscription.created_at,
        }
        for subscription in Subscription.objects.filter(user=person.user).prefetch_related(
            "fields", "regions"
        )
    ]


def _erase_subscription(person: Person) -> int:
    if person.user is None:
        return 0
    count, _deleted = Subscription.objects.filter(user=person.user).delete()
    return count


def _collect_follows(person: Person) -> list[dict[str, Any]]:
    if person.user is None:
        return []
    return [
        {"call": follow.call.title, "since": follow.created_at}
        for follow in CallFollow.objects.filter(user=person.user).select_related("call")
    ]


def _erase_follows(person: Person) -> int:
    if person.user is None:
        return 0
    count, _deleted = CallFollow.objects.filter(user=person.user).delete()
    return count


def _collect_alerts(person: Person) -> list[dict[str, Any]]:
    if person.user is None:
        return []
    return [
        {"kind": alert.kind, "sent_at": alert.created_at}
        for alert in Alert.objects.filter(user=person.user).order_by("created_at")
    ]


def _keep_alerts(person: Person) -> int:
    """Alerts delivered are an indicator: the rows stay, tied to the anonymised account."""
    return 0


personal_data_register(
    PersonalData(
        name="call_alert",
        label=_("Call alert"),
        collect=_collect_subscription,
        erase=_erase_subscription,
    )
)
personal_data_register(
    PersonalData(
        name="followed_calls",
        label=_("Followed calls"),
        collect=_collect_follows,
        erase=_erase_follows,
    )
)
personal_data_register(
    PersonalData(
        name="call_alerts_sent",
        label=_("Call alerts sent"),
        collect=_collect_alerts,
        erase=_keep_alerts,
    )
)
