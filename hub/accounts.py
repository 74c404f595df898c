from __future__ import annotations

import uuid

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from .emails import email_send


class AccountAdapter(DefaultAccountAdapter):
    """allauth's e-mails (verification, password reset) leave through the outbox."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        message = self.render_mail(template_prefix, email, context)
        # Each call is a new message (a new link); allauth itself limits how often it sends.
        email_send(
            message=message,
            key=f"account:{template_prefix}:{uuid.uuid4().hex}",
            template=template_prefix,
            language=translation.get_language() or "",
        )
