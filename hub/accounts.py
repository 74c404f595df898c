from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

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

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """The confirmation link carries the page the person signed up for ("Register your
        organisation", "Join", an event), so it leads there even when opened in another browser,
        where the sign-up's session is not: only a path on this site, never another address."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        wanted = request and (request.POST.get("next") or request.GET.get("next"))
        if wanted and wanted.startswith("/") and self.is_safe_url(wanted):
            url = f"{url}?{urlencode({'next': wanted})}"
        return url

    def is_safe_url(self, url: str | None) -> bool:
        """Only paths on this site: a sign-up link cannot send someone elsewhere afterwards."""
        return bool(url) and url_has_allowed_host_and_scheme(
            url, allowed_hosts=None, require_https=False
        )

    def render_mail(self, template_prefix, email, context, headers=None):
        # Without django.contrib.sites allauth would have no name for the hub at all.
        request = context.get("request")
        domain = request.get_host() if request else urlsplit(settings.SITE_URL).netloc
        context = {**context, "current_site": HubSite(name=hub_profile().name, domain=domain)}
        return super().render_mail(template_prefix, email, context, headers=headers)
