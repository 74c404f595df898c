"""Links that work without signing in: the one rule every token follows.

A token in a link grants exactly what it names, and nothing reachable from it:

- a **stored secret** (a registration's personal link, an invitation) opens the one row it is
  stored on, and that row's own pages and files. It is compared in constant time; an empty
  token never matches. Who typed an e-mail address into a form proves nothing about the
  address, so a stored secret never opens anything else held about the same address (the
  person's account, other registrations, e-mails): that goes only *to* the address, through
  a signed link in an e-mail (``hub.privacy.personal_data_copy_request``).
- a **signed token** (an unsubscribe link, an organisation's confirm or claim link, a link to a
  copy of one's data) names one thing by its id, under a salt of its own, so a token made for
  one purpose is refused by every other. Where the link should stop working, it is read with a
  maximum age. A token that was tampered with, has expired or names something else reads as
  ``None``; the page then answers 404 (or 410 where the link is known to have expired).

Every place a link's token grants access goes through ``rows_for_token``, ``token_matches``
or ``signed_token_read``; ``tests/hub/test_token_access.py`` holds the matrix of every such address
with the right token, a wrong one, and another person's.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, TypeVar

from django.core import signing
from django.db.models import Model, QuerySet
from django.utils.crypto import constant_time_compare

M = TypeVar("M", bound=Model)


def token_matches(expected: str | None, given: str | None) -> bool:
    """A stored secret against the one a link brings: equal, and neither empty."""
    return bool(expected) and bool(given) and constant_time_compare(expected, given)


def rows_for_token(
    queryset: QuerySet[M], token: str | None, *, field: str = "token"
) -> QuerySet[M]:
    """The rows whose stored secret is this token (at most one: the column is unique); none for
    an empty token. The database compares, through the column's unique index."""
    if not token:
        return queryset.none()
    return queryset.filter(**{field: token})


def signed_token(value: Any, *, salt: str) -> str:
    """A signed, URL-safe token carrying ``value`` (JSON-safe), valid only under ``salt``."""
    return signing.dumps(value, salt=salt, compress=True)


def signed_token_read(token: str, *, salt: str, max_age: timedelta | None = None) -> Any | None:
    """What a signed token carries, or None when it is forged, made for another salt or older
    than ``max_age``."""
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
