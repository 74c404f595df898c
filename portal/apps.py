from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site as a whole: its addresses, home and about pages, the API, the sitemap, the
    embeds and the demo. It stands above every app and no app imports it."""

    name = "portal"
    verbose_name = _("Portal")
