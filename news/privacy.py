"""What the newsletter holds about a person: their subscription (hub.privacy)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from hub.privacy import Person, PersonalData, personal_data_register

from .models import NewsletterSubscriber


def _subscriptions(person: Person):
    return NewsletterSubscriber.objects.filter(person.email_q())


def _collect(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "email": subscriber.email,
            "language": subscriber.language,
            "frequency": subscriber.frequency,
            "subscribed_at": subscriber.created_at,
            "confirmed_at": subscriber.confirmed_at,
        }
        for subscriber in _subscriptions(person)
    ]


def _erase(person: Person) -> int:
    count, _deleted = _subscriptions(person).delete()
    return count


personal_data_register(
    PersonalData(
        name="newsletter_subscription",
        label=_("Newsletter subscription"),
        collect=_collect,
        erase=_erase,
    )
)
