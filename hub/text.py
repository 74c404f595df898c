"""Text helpers shared by every app."""

from __future__ import annotations

from django.db.models import Q, Value
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.utils.text import slugify

_CYRILLIC = dict(
    zip(
        "абвгдежзийклмнопрстуфхцчшщъьюя",
        "a b v g d e zh z i y k l m n o p r s t u f h ts ch sh sht a y yu ya".split(),
        strict=True,
    )
)


def ascii_slug(name: str) -> str:
    """Slugs stay ASCII so addresses survive being printed and typed; Cyrillic is transliterated."""
    return slugify("".join(_CYRILLIC.get(ch, ch) for ch in name.lower()))


def equals_ignoring_case(field: str, value: str) -> Q:
    """``field`` equals ``value`` whatever the case, in the form an index on Lower(field) serves.

    Django's ``iexact`` compares UPPER() of both sides on PostgreSQL, which none of the indexes
    is built on, so it reads the whole table. Here both sides go through the database's LOWER().
    """
    return Q(Exact(Lower(field), Lower(Value(value))))
