from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = pgettext_lazy("funding calls", "Calls")
