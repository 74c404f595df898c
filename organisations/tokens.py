"""Signed links in e-mails to an organisation: one click confirms a profile without signing in,
or claims it from the address it was sent to (the rule for every link's token: ``hub.tokens``)."""

from __future__ import annotations

from datetime import timedelta

from hub.tokens import signed_token, signed_token_read

from .models import Organisation

_SALT = "organisations.confirm"
CONFIRMATION_LINK_VALIDITY = timedelta(days=60)


def confirmation_token(organisation: Organisation) -> str:
    return signed_token(organisation.pk, salt=_SALT)


def confirmation_token_valid(organisation: Organisation, token: str) -> bool:
    pk = signed_token_read(token, salt=_SALT, max_age=CONFIRMATION_LINK_VALIDITY)
    return pk is not None and pk == organisation.pk


_CLAIM_SALT = "organisations.claim"
CLAIM_LINK_VALIDITY = timedelta(days=60)


def claim_token(organisation: Organisation) -> str:
    """The link in a "claim your profile" e-mail: names the organisation and the address it was
    sent to, so opening it proves that address."""
    return signed_token({"o": organisation.pk, "e": organisation.email}, salt=_CLAIM_SALT)


def claim_token_read(token: str) -> tuple[int, str] | None:
    """(organisation id, address) of a valid, unexpired claim link; None otherwise."""
    data = signed_token_read(token, salt=_CLAIM_SALT, max_age=CLAIM_LINK_VALIDITY)
    if not isinstance(data, dict) or "o" not in data or "e" not in data:
        return None
    return data["o"], data["e"]
