"""Path converters for the secret parts of addresses and for row ids."""

from __future__ import annotations


class TokenConverter:
    """A token in a link: URL-safe base64 and the separators of Django's signed values.

    Anything else (a NUL byte, spaces, a broken UTF-8 sequence, a novel-length string) does not
    match, so the address answers 404 before a view or the database sees it.
    """

    regex = r"[A-Za-z0-9_:.\-]{1,128}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class IdConverter:
    """A row id: up to nine digits, so a hand-made number beyond any id answers 404 instead of
    overflowing the database's integer."""

    regex = r"[0-9]{1,9}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
