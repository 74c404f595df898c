"""Links in alert e-mails: absolute, in the recipient's language, and a signed one-click
unsubscribe that works from a mail program, signed out."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from ..tokens import signed_token, signed_token_read


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def localised_url(language: str, name: str, **kwargs) -> str:
    """An absolute address in the recipient's language, for an e-mail sent with no request."""
    with translation.override(language):
        return site_url(reverse(name, kwargs=kwargs or None))


def localised_page(language: str, obj) -> str:
    """The absolute address of an object's page in the recipient's language."""
    with translation.override(language):
        return site_url(obj.get_absolute_url())


def with_unsubscribe(message, url: str):
    """RFC 8058 one-click unsubscribe headers: mail programs post to ``url``, signed out."""
    message.extra_headers["List-Unsubscribe"] = f"<{url}>"
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


def token_make(*, salt: str, kind: str, pk: int) -> str:
    """A signed token naming one thing to stop; no expiry, so an old e-mail's link still works
    (the rule for every link's token: ``hub.tokens``)."""
    return signed_token([kind, pk], salt=salt)


def token_read(token: str, *, salt: str) -> tuple[str, int] | None:
    """(kind, pk) of a token, or None when it was tampered with."""
    found = signed_token_read(token, salt=salt)
    if not (isinstance(found, list) and len(found) == 2):
        return None
    kind, pk = found
    return kind, pk
