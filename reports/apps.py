from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = pgettext_lazy("indicators and funder reports", "Reports")

    def ready(self) -> None:
        from . import (
            documents,  # noqa: F401 - the funder report as a kind of document
            projects,  # noqa: F401 - the operation counted as a project (ESF CO20–CO22)
            rules,  # noqa: F401 - the combined rules (NGOs supported, programmes completed)
        )
