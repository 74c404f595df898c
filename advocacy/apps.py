from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    name = "advocacy"
    verbose_name = _("Advocacy")

    def ready(self) -> None:
        from hub.sections import partnership_section_register, profile_section_register

        from . import (
            alerts,  # noqa: F401 - registers its alert kinds
            indicators,  # noqa: F401 - registers its rules and row kinds
            privacy,  # noqa: F401 - registers the personal data it holds
        )
        from .selectors import partnership_section, profile_section

        # The organisation's profile lists its initiatives and representations, and a
        # partnership's page what became of its policy proposals, without those apps importing
        # this one.
        profile_section_register(profile_section)
        partnership_section_register(partnership_section)
