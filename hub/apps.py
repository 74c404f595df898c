from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = _("Hub")

    def ready(self) -> None:
        from .converters import IdConverter, TokenConverter

        # Registered before any URLconf is loaded: every app's links may use <token:…>, <id:…>.
        register_converter(TokenConverter, "token")
        register_converter(IdConverter, "id")

        from . import (
            checks,  # noqa: F401
            privacy,  # noqa: F401 - the account's personal data and its export
            signals,  # noqa: F401 - connects the receivers
            tasks,  # noqa: F401 - registered, so that services queue them by name
        )
        from .text import register_sqlite_collations

        connection_created.connect(register_sqlite_collations, dispatch_uid="hub_sqlite_collations")
