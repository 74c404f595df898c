"""Every e-mail the portal sends is built here and leaves through a Celery task after commit."""

from __future__ import annotations

import base64

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from .selectors import hub_profile


def email_build(
    *,
    template: str,
    to: list[str],
    context: dict,
    language: str | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> EmailMultiAlternatives:
    """Render ``emails/<template>_subject.txt``, ``_body.txt`` and ``_body.html`` into a message."""
    context = {"hub_name": hub_profile().name, **context}
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        text = render_to_string(f"emails/{template}_body.txt", context)
        html = render_to_string(f"emails/{template}_body.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    return message


def email_send(*, message: EmailMessage) -> None:
    """Queue the message for a worker once the current transaction has committed."""
    from .tasks import send_email_message  # tasks import this module

    send_email_message.delay_on_commit(serialize_message(message))


def serialize_message(message: EmailMessage) -> dict:
    """A JSON-safe form of a message, since tasks take JSON only."""
    alternatives = getattr(message, "alternatives", [])
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[content, mimetype] for content, mimetype in alternatives],
        "attachments": [
            [name, _b64(content), mimetype] for name, content, mimetype in message.attachments
        ],
    }


def deserialize_message(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for name, content, mimetype in data["attachments"]:
        message.attach(name, base64.b64decode(content), mimetype)
    return message


def _b64(content: bytes | str) -> str:
    return base64.b64encode(content if isinstance(content, bytes) else content.encode()).decode()
