from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # Registers the attendance sheet and the certificate as kinds of document.
        from . import privacy  # noqa: F401 - registers the personal data it holds
        from .services import documents  # noqa: F401
