"""What calls hold about a person: their call alert, the calls they follow, alerts sent (hub.privacy)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from hub.alerts.privacy import sent_alerts_personal_data, subscription_personal_data
from hub.privacy import Person, PersonalData, personal_data_register

from .models import Alert, CallFollow, Subscription


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


personal_data_register(
    subscription_personal_data(name="call_alert", label=_("Call alert"), model=Subscription)
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
    sent_alerts_personal_data(name="call_alerts_sent", label=_("Call alerts sent"), model=Alert)
)
