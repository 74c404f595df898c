"""E-mails about an organisation: written in its country's language, queued after the transaction
commits."""

from __future__ import annotations

from django.conf import settings

from hub.emails import email_build, email_send
from hub.selectors import hub_profile

from ..models import Organisation, Role


def admin_emails(organisation: Organisation) -> list[str]:
    return list(
        organisation.memberships.filter(role=Role.ADMIN, user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def email_about(
    *,
    template: str,
    to: list[str],
    organisation: Organisation,
    key: str,
    context: dict | None = None,
    language: str | None = None,
) -> None:
    """Queue one e-mail about an organisation, sent after the transaction commits."""
    email_send(
        key=key,
        message=email_build(
            template=f"organisations/{template}",
            to=to,
            context={
                "organisation": organisation,
                "site_url": settings.SITE_URL,
                "hub_email": hub_profile().email,
                **(context or {}),
            },
            language=language or organisation.language,
        ),
    )


def email_admins_of(organisation: Organisation, *, template: str, context: dict, key: str) -> None:
    recipients = admin_emails(organisation)
    if recipients:
        email_about(
            template=template, to=recipients, organisation=organisation, context=context, key=key
        )
