"""Text helpers shared by every app: slugs, the text searches compare, and alphabetical order.

Search: ``search_normalise`` folds case, diacritics and script, so "Žiri", "ZIRI" and "ziri" are one
word and "Русе" is "ruse". Cyrillic is transliterated by the Bulgarian official system (the one on
Bulgarian road signs and passports: щ → sht, ъ → a, ж → zh), because the portal's Cyrillic names
are Bulgarian; general-purpose tables (Unidecode, which is also GPL, and anyascii) transliterate
the Russian way (щ → shch, ъ dropped) and would not find "Targovishte" from "Търговище". Latin
letters lose their marks through Unicode decomposition, plus a few letters that do not decompose
(ł, đ, ø, ß…). So: the standard library and two small tables, no dependency.

Order: names are sorted as the reader's language sorts them (Slovene č after c and š after s,
Polish ł after l, Bulgarian Cyrillic before Latin). PostgreSQL does it with ICU collations created
in hub's migrations; SQLite gets collations of the same names, registered on each connection, that
compare with ``sort_key``, a small pure-Python rendering of the same ICU rules (PyICU would need a
compiler to install). ``collated("name")`` is the one expression every ordering uses.
"""

from __future__ import annotations

import html
import unicodedata
from functools import lru_cache, partial

from django.conf import settings
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.utils.deconstruct import deconstructible
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import get_language

_CYRILLIC = dict(
    zip(
        "абвгдежзийклмнопрстуфхцчшщъьюя",
        "a b v g d e zh z i y k l m n o p r s t u f h ts ch sh sht a y yu ya".split(),
        strict=True,
    )
)
# Letters of neighbouring Cyrillic alphabets that people may paste in: searched, never in slugs.
_CYRILLIC_OTHER = {"ё": "yo", "ы": "y", "э": "e", "і": "i", "ї": "yi", "є": "ye", "ґ": "g"}
# Latin letters that Unicode does not decompose into a base letter and a mark.
_LATIN_OTHER = {
    "ł": "l",
    "đ": "d",
    "ø": "o",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ı": "i",
    "ð": "d",
    "þ": "th",
    "ħ": "h",
}
_SEARCH_TABLE = str.maketrans({**_CYRILLIC, **_CYRILLIC_OTHER, **_LATIN_OTHER, "ѝ": "i"})


def ascii_slug(name: str) -> str:
    """Slugs stay ASCII so addresses survive being printed and typed; Cyrillic is transliterated."""
    return slugify("".join(_CYRILLIC.get(ch, ch) for ch in name.lower()))


def equals_ignoring_case(field: str, value: str) -> Q:
    """``field`` equals ``value`` whatever the case, in the form an index on Lower(field) serves.

    Django's ``iexact`` compares UPPER() of both sides on PostgreSQL, which none of the indexes
    is built on, so it reads the whole table. Here both sides go through the database's LOWER().
    """
    return Q(Exact(Lower(field), Lower(Value(value))))


def search_normalise(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: "Društvo „Žiri“ – Русе" → "drustvo
    ziri ruse". Both what is stored and what is searched for go through it."""
    text = unicodedata.normalize("NFC", text.lower()).translate(_SEARCH_TABLE)
    letters = (
        ch if ch.isalnum() else " "
        for ch in unicodedata.normalize("NFKD", text)
        if not unicodedata.combining(ch)
    )
    return " ".join("".join(letters).split())


def search_document(*parts: str) -> str:
    """The normalised text of several fields, HTML (descriptions) reduced to its words."""
    return search_normalise(" ".join(html.unescape(strip_tags(part or "")) for part in parts))


# Alphabetical order

COLLATION_LANGUAGES = ("sl", "en", "bg", "pl")


def collation_name(language: str) -> str:
    """The database collation for a language: the same name on PostgreSQL and on SQLite."""
    return f"reader_{language}"


def reader_language(language: str | None = None) -> str:
    """The language whose order applies now: the active one, else the site's default."""
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()
    return code if code in COLLATION_LANGUAGES else settings.LANGUAGE_CODE


@deconstructible(path="hub.text.Collated")
class Collated(Func):
    """An expression in the reader's alphabetical order. The collation is chosen when the query is
    compiled, so a queryset (or a model's Meta.ordering) defined once sorts for whoever reads."""

    template = "%(expressions)s COLLATE %(collation)s"

    def __init__(self, expression, language: str | None = None):
        super().__init__(expression)
        self.language = language

    def resolve_expression(self, query=None, *args, **kwargs):
        # A name kept in every language (django-modeltranslation) sorts by the reader's column.
        source = self.get_source_expressions()[0]
        if query is not None and isinstance(source, F):
            localized = _localized_field(query.model, source.name, reader_language(self.language))
            if localized != source.name:
                clone = self.copy()
                clone.set_source_expressions([F(localized)])
                return super(Collated, clone).resolve_expression(query, *args, **kwargs)
        return super().resolve_expression(query, *args, **kwargs)

    def as_sql(self, compiler, connection, **extra_context):
        name = collation_name(reader_language(self.language))
        extra_context.setdefault("collation", connection.ops.quote_name(name))
        return super().as_sql(compiler, connection, **extra_context)


def _localized_field(model, field: str, language: str) -> str:
    """``name`` → ``name_bg`` when the model keeps ``name`` per language, else ``field`` itself."""
    from modeltranslation.translator import NotRegistered, translator
    from modeltranslation.utils import build_localized_fieldname

    try:
        translated = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return field
    return build_localized_fieldname(field, language) if field in translated else field


def collated(field: str, language: str | None = None) -> Collated:
    """``order_by(collated("name"))``: names in the order of the active language."""
    return Collated(F(field), language)


_LATIN = "abcdefghijklmnopqrstuvwxyz"
# Letters that the language sorts as letters of their own, right after the base letter (CLDR).
_TAILORINGS = {
    "sl": {"č": ("c", 1), "ć": ("c", 2), "đ": ("d", 1), "š": ("s", 1), "ž": ("z", 1)},
    "pl": {
        "ą": ("a", 1),
        "ć": ("c", 1),
        "ę": ("e", 1),
        "ł": ("l", 1),
        "ń": ("n", 1),
        "ó": ("o", 1),
        "ś": ("s", 1),
        "ź": ("z", 1),
        "ż": ("z", 2),
    },
    "en": {},
    "bg": {},
}
# Elsewhere these sort as their base letter with a mark (ICU's root order), or as two letters.
_EXPANSIONS = {
    "ł": ("l", "\u0338"),
    "đ": ("d", "\u0335"),
    "ø": ("o", "\u0338"),
    "ð": ("d", "\u0335"),
    "ħ": ("h", "\u0335"),
    "ı": ("i", "\u0307"),
    "æ": ("ae", ""),
    "œ": ("oe", ""),
    "ß": ("ss", ""),
    "þ": ("th", ""),
}
# The order ICU gives the common punctuation; spaces first, then these, then symbols, digits, letters.
_PUNCTUATION = "_-‐–—,;:!¡?¿.…'‘’‚\"“”„«»()[]{}§¶@*/\\&#%‰†‡•`´˜^¯+<=>|~¤$€"
_LATIN_START, _CYRILLIC_START, _CYRILLIC_FIRST = 10_000, 20_000, 2_000


def _letter_weight(letter: str, language: str) -> int | None:
    if letter in _LATIN:
        return _LATIN_START + 10 * _LATIN.index(letter)
    if "\u0430" <= letter <= "\u045f":
        start = _CYRILLIC_FIRST if language == "bg" else _CYRILLIC_START
        return start + 10 * (ord(letter) - 0x430)
    return None


def _weights(ch: str, language: str) -> list[tuple[int, str, int]]:
    """(primary, secondary, tertiary) for one character: letter, accent, case."""
    lower = ch.lower()
    case = 0 if ch == lower else 1
    tailored = _TAILORINGS[language].get(lower)
    if tailored:
        base, step = tailored
        return [(_LATIN_START + 10 * _LATIN.index(base) + step, "", case)]
    if lower in _EXPANSIONS:
        letters, mark = _EXPANSIONS[lower]
        tertiary = case if mark else 2 + case
        return [(_letter_weight(letter, language), mark, tertiary) for letter in letters]
    # Cyrillic й is a letter of its own; ѐ, ѝ and ё are е and и with a mark.
    if "\u0430" <= lower <= "\u045f" and lower not in "ѐѝё":
        return [(_letter_weight(lower, language), "", case)]
    base, *marks = unicodedata.normalize("NFD", lower) or " "
    weight = _letter_weight(base, language)
    if weight is None:
        if base.isspace():
            weight = 1
        elif base in _PUNCTUATION:
            weight = 10 + _PUNCTUATION.index(base)
        elif unicodedata.category(base).startswith("P"):
            weight = 200
        elif base.isdigit():
            weight = 1_000 + unicodedata.digit(base, 0)
        elif unicodedata.category(base).startswith("S"):
            weight = 500
        else:
            weight = 100_000 + ord(base)
    return [(weight, "".join(marks), case)]


def sort_key(text: str, language: str | None = None) -> tuple:
    """A key that sorts strings as the language's ICU collation does: letters first, then accents,
    then lower before upper case, and finally the exact text, so that different strings never
    compare equal (as in a deterministic PostgreSQL collation). Without ``language``, the active
    one's order."""
    return _sort_key(text, reader_language(language))


@lru_cache(maxsize=8192)
def _sort_key(text: str, language: str) -> tuple:
    weights = [w for ch in unicodedata.normalize("NFC", text) for w in _weights(ch, language)]
    return (
        tuple(w[0] for w in weights),
        tuple(w[1] for w in weights),
        tuple(w[2] for w in weights),
        text,
    )


def _compare(left: str, right: str, *, language: str) -> int:
    a, b = _sort_key(left, language), _sort_key(right, language)
    return (a > b) - (a < b)


def register_sqlite_collations(sender, connection, **kwargs) -> None:
    """Connected to ``connection_created``: SQLite learns the collations PostgreSQL has."""
    if connection.vendor != "sqlite":
        return
    for language in COLLATION_LANGUAGES:
        connection.connection.create_collation(
            collation_name(language), partial(_compare, language=language)
        )
