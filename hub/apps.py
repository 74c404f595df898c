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
            documents_reports,  # noqa: F401 - the funder report as a kind of document
            privacy,  # noqa: F401 - the account's personal data and its export
            projects,  # noqa: F401 - the operation counted as a project (ESF CO20–CO22)
            rules,  # noqa: F401 - the combined rules (NGOs supported, programmes completed)
            signals,  # noqa: F401 - connects the receivers
        )
        from .text import register_sqlite_collations

        connection_created.connect(register_sqlite_collations, dispatch_uid="hub_sqlite_collations")
