from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        from hub.sections import profile_section_register

        from . import (
            documents,  # noqa: F401 - registers the agreement as a kind of document
            indicators,  # noqa: F401 - registers its rules and row kinds for the reports
        )
        from .selectors import profile_section

        # The organisation's profile lists its partnerships without importing this app.
        profile_section_register(profile_section)
