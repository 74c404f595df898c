from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = pgettext_lazy("funding calls", "Calls")

    def ready(self) -> None:
        from . import (
            indicators,  # noqa: F401 - registers its rules and row kinds for the reports
            peer_source,  # noqa: F401 - how other hubs' calls are read
            privacy,  # noqa: F401 - registers the personal data it holds
            services,  # noqa: F401 - registers its alert kinds
        )
