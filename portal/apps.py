from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The site as a whole: its addresses, home and about pages, the API, the sitemap, the
    embeds and the demo. It stands above every app and no app imports it. It has no models, so
    the admin never shows its name."""

    name = "portal"
