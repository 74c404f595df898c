from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News and newsletter")

    def ready(self) -> None:
        from . import (
            privacy,  # noqa: F401 - registers the personal data it holds
            services,  # noqa: F401 - registers the newsletter's alert kind
        )
