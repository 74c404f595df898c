"""What advocacy holds about a person: their consultation alert and the alerts sent (hub.privacy).

Representatives in public bodies are public roles, recorded by staff by name; they are not tied to
an account and are corrected or removed by staff in the admin.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from hub.privacy import Person, PersonalData, personal_data_register

from .models import ConsultationAlert, ConsultationSubscription


def _collect_subscription(person: Person) -> list[dict[str, Any]]:
    if person.user is None:
        return []
    return [
        {
            "frequency": subscription.frequency,
            "language": subscription.language,
            "active": subscription.is_active,
            "levels": subscription.levels,
            "fields": [str(field) for field in subscription.fields.all()],
            "regions": [str(region) for region in subscription.regions.all()],
            "created_at": subscription.created_at,
        }
        for subscription in ConsultationSubscription.objects.filter(
            user=person.user
        ).prefetch_related("fields", "regions")
    ]


def _erase_subscription(person: Person) -> int:
    if person.user is None:
        return 0
    count, _deleted = ConsultationSubscription.objects.filter(user=person.user).delete()
    return count


def _collect_alerts(person: Person) -> list[dict[str, Any]]:
    if person.user is None:
        return []
    return [
        {"kind": alert.kind, "sent_at": alert.created_at}
        for alert in ConsultationAlert.objects.filter(user=person.user).order_by("created_at")
    ]


def _keep_alerts(person: Person) -> int:
    """Alerts sent stay as rows of the anonymised account (they are counted)."""
    return 0


personal_data_register(
    PersonalData(
        name="consultation_alert",
        label=_("Consultation alert"),
        collect=_collect_subscription,
        erase=_erase_subscription,
    )
)
personal_data_register(
    PersonalData(
        name="consultation_alerts_sent",
        label=_("Consultation alerts sent"),
        collect=_collect_alerts,
        erase=_keep_alerts,
    )
)
