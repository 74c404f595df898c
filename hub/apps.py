from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = _("Hub")

    def ready(self) -> None:
        from .text import register_sqlite_collations

        connection_created.connect(register_sqlite_collations, dispatch_uid="hub_sqlite_collations")
