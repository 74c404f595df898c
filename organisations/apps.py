from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from . import (
            indicators,  # noqa: F401 - registers its rules and row kinds for the reports
            privacy,  # noqa: F401 - registers the personal data it holds
            signals,  # noqa: F401 - connects its receivers
        )
