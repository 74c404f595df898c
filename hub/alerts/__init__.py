"""E-mail alerts, one mechanism for every app: subscriptions (``models``), subscribing and
unsubscribing (``subscriptions``), what is due and how it is sent once (``sending``), how often
and when (``periods``), and the links an alert carries (``links``).

Calls (digests of new calls, deadline reminders), consultations (the same) and the newsletter
(an issue to each confirmed address) each register their kinds and send through
``alerts_send``. Forms, privacy entries and the unsubscribe page they share are in ``forms``,
``privacy`` and ``views``, imported by the apps that use them.
"""

from .links import localised_url, site_url, token_make, token_read, with_unsubscribe
from .models import AlertRecipient, AlertSubscription, SentAlert, subscriber_account
from .periods import REMINDER_DAYS, Frequency, digest_period, reminder_days
from .sending import (
    ALERT_KINDS,
    AlertKind,
    Delivery,
    alert_kind_register,
    alerts_send,
    item_alert_kinds_register,
    subscriptions_receiving,
)
from .subscriptions import (
    alert_criteria_initial,
    alert_recipient_for_token,
    alert_subscription_save,
    alert_subscription_stop,
    alert_unsubscribe,
)

__all__ = [
    "ALERT_KINDS",
    "REMINDER_DAYS",
    "AlertKind",
    "AlertRecipient",
    "AlertSubscription",
    "Delivery",
    "Frequency",
    "SentAlert",
    "alert_criteria_initial",
    "alert_kind_register",
    "alert_recipient_for_token",
    "alert_subscription_save",
    "alert_subscription_stop",
    "alert_unsubscribe",
    "alerts_send",
    "digest_period",
    "item_alert_kinds_register",
    "localised_url",
    "reminder_days",
    "site_url",
    "subscriber_account",
    "subscriptions_receiving",
    "token_make",
    "token_read",
    "with_unsubscribe",
]
