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
