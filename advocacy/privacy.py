"""What advocacy holds about a person: their consultation alert and the alerts sent (hub.privacy).

Representatives in public bodies are public roles, recorded by staff by name; they are not tied to
an account and are corrected or removed by staff in the admin.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hub.alerts.privacy import sent_alerts_personal_data, subscription_personal_data
from hub.privacy import personal_data_register

from .models import ConsultationAlert, ConsultationSubscription

personal_data_register(
    subscription_personal_data(
        name="consultation_alert", label=_("Consultation alert"), model=ConsultationSubscription
    )
)
personal_data_register(
    sent_alerts_personal_data(
        name="consultation_alerts_sent",
        label=_("Consultation alerts sent"),
        model=ConsultationAlert,
    )
)
