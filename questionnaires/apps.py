from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "questionnaires"
    verbose_name = _("Questionnaires")

    def ready(self) -> None:
        # Registers the counting rules on answers and the personal data the answers are.
        from . import (
            indicators,  # noqa: F401
            privacy,  # noqa: F401
        )
