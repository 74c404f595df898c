from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # Registers the events' counting rules and row kinds for the funder reports, and the
        # attendance sheet and the certificate as kinds of document.
        from . import (
            indicators,  # noqa: F401
            peer_source,  # noqa: F401 - how other hubs' events are read
            privacy,  # noqa: F401 - registers the personal data it holds
        )
        from .services import documents  # noqa: F401
