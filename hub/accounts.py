from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter

from .emails import email_send


class AccountAdapter(DefaultAccountAdapter):
    """allauth's e-mails (verification, password reset) leave through the project's mail task."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        message = self.render_mail(template_prefix, email, context)
        email_send(message=message)
