"""Signed links in reminder e-mails: one click confirms a profile without signing in."""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

from .models import Organisation

_SALT = "organisations.confirm"
CONFIRMATION_LINK_VALIDITY = timedelta(days=60)


def confirmation_token(organisation: Organisation) -> str:
    return signing.dumps(organisation.pk, salt=_SALT)


def confirmation_token_valid(organisation: Organisation, token: str) -> bool:
    try:
        pk = signing.loads(token, salt=_SALT, max_age=CONFIRMATION_LINK_VALIDITY)
    except signing.BadSignature:
        return False
    return pk == organisation.pk


_CLAIM_SALT = "organisations.claim"
CLAIM_LINK_VALIDITY = timedelta(days=60)


def claim_token(organisation: Organisation) -> str:
    """The link in a "claim your profile" e-mail: names the organisation and the address it was
    sent to, so opening it proves that address."""
    return signing.dumps({"o": organisation.pk, "e": organisation.email}, salt=_CLAIM_SALT)


def claim_token_read(token: str) -> tuple[int, str] | None:
    """(organisation id, address) of a valid, unexpired claim link; None otherwise."""
    try:
        data = signing.loads(token, salt=_CLAIM_SALT, max_age=CLAIM_LINK_VALIDITY)
    except signing.BadSignature:
        return None
    return data["o"], data["e"]
