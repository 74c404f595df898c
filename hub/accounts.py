from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation

from .emails import email_send
from .selectors import hub_profile


@dataclass(frozen=True)
class HubSite:
    """What allauth's e-mails call the site ("Hello from …!"): the hub, by its own name."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    """allauth's e-mails (verification, password reset) leave through the outbox, named by the hub."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        message = self.render_mail(template_prefix, email, context)
        # Each call is a new message (a new link); allauth itself limits how often it sends.
        email_send(
            message=message,
            key=f"account:{template_prefix}:{uuid.uuid4().hex}",
            template=template_prefix,
            language=translation.get_language() or "",
        )

    def render_mail(self, template_prefix, email, context, headers=None):
        # Without django.contrib.sites allauth would have no name for the hub at all.
        request = context.get("request")
        domain = request.get_host() if request else urlsplit(settings.SITE_URL).netloc
        context = {**context, "current_site": HubSite(name=hub_profile().name, domain=domain)}
        return super().render_mail(template_prefix, email, context, headers=headers)
