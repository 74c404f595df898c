"""Text helpers shared by every app."""

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
