"""The directory as open data: public fields only, one column per field, documented here once.

The same list drives the CSV, the JSON and the page that documents them, so they cannot drift.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.functional import Promise
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from hub import spreadsheets

from .models import Organisation

# The kinds of data (``hub.cache``) an export shows: organisations with their places and fields.
EXPORT_DOMAINS = ("organisations", "reference")


class Source(ABC):
    """Where a column's value comes from: ``value`` reads it from an organisation as the
    selectors give it, ``sql`` writes the same as a PostgreSQL expression over the
    organisation's row, with what the export's query offers (``Query``).
    ``plain`` SQL is cheap enough to be named more than once in an expression; other SQL is
    worked out once per row (``Query.bind``) before it is used twice. ``written`` SQL gives
    the text as the export's format writes it (``Query.name``, ``Query.written``): names known
    in Python are written once per export, not once per row."""

    plain = False
    written = False
    # The value never starts like a formula (``hub.spreadsheets``), whatever the data.
    never_formula = False

    @abstractmethod
    def value(self, organisation: Organisation) -> Any:
        """The column's value for one organisation."""

    @abstractmethod
    def sql(self, query: Query) -> str:
        """The same value as a PostgreSQL expression."""


@dataclass(frozen=True)
class Attribute(Source):
    """A column of the organisation's row as it is."""

    field: str
    plain = True

    def value(self, organisation):
        return getattr(organisation, self.field)

    def sql(self, query):
        return query.column(self.field)


@dataclass(frozen=True)
class Label(Source):
    """The name of a choice in the export's language; an unknown code as it is."""

    field: str
    plain = True
    written = True

    def value(self, organisation):
        return str(getattr(organisation, f"get_{self.field}_display")())

    def sql(self, query):
        column = query.column(self.field)
        whens = " ".join(
            f"WHEN {query.literal(code)} THEN {query.name(str(label))}"
            for code, label in Organisation._meta.get_field(self.field).flatchoices
        )
        return f"CASE {column} {whens} ELSE {query.written(column)} END"


@dataclass(frozen=True)
class Seat(Source):
    """The seat's (``region``: its region's) name or code; empty without a seat."""

    attribute: str
    region: bool = False
    plain = True
    written = True

    def value(self, organisation):
        place = organisation.seat
        if place is None:
            return ""
        return getattr(place.region if self.region else place, self.attribute)

    def sql(self, query):
        place = query.seat(("region_" if self.region else "") + self.attribute)
        return f"COALESCE({place}, {query.name('')})"


@dataclass(frozen=True)
class Related(Source):
    """The names or codes of related places or fields, in the order of their list; in SQL,
    the items as the export's format writes them, joined as it joins them (``Query.listed``)."""

    relation: str
    attribute: str
    plain = True
    written = True

    def value(self, organisation):
        return [
            getattr(item, self.attribute) for item in getattr(organisation, self.relation).all()
        ]

    def sql(self, query):
        return query.listed(self.relation, self.attribute)


@dataclass(frozen=True)
class PlainText(Source):
    """HTML as plain text: the profile's text was cleaned on save (every "<" opens a tag), so
    taking the tags away in the database gives what ``strip_tags`` gives."""

    field: str

    # Most texts hold no tags but these: taken away as they are, for a fraction of the
    # pattern's cost; any other tag leaves a "<" behind, and the pattern takes them all.
    COMMON_TAGS = ("<p>", "</p>", "<br>")

    def value(self, organisation):
        return strip_tags(getattr(organisation, self.field))

    def sql(self, query):
        column = query.column(self.field)
        common = column
        for tag in self.COMMON_TAGS:
            common = f"replace({common}, {query.literal(tag)}, '')"
        common = query.bind(common)
        return (
            f"CASE WHEN strpos({common}, '<') = 0 THEN {common} "
            f"ELSE regexp_replace({column}, '<[^>]*>', '', 'g') END"
        )


class ProfileUrl(Source):
    plain = True
    # An absolute address: it starts with its scheme (http).
    never_formula = True

    def value(self, organisation):
        return organisation.profile_url

    def sql(self, query):
        before, after = (query.literal(text) for text in (query.url_before, query.url_after))
        return f"({before} || {query.column('slug')} || {after})"


@dataclass(frozen=True)
class Day(Source):
    """The day (UTC) of a moment, as YYYY-MM-DD."""

    field: str
    plain = True
    never_formula = True

    def value(self, organisation):
        return getattr(organisation, self.field).date().isoformat()

    def sql(self, query):
        return f"to_char({query.column(self.field)} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"


class Query(Protocol):
    """What a column's SQL is written with (``exports_sql.ExportQuery``): literals, text as
    the export's format writes it (``name`` for a text known in Python, ``written`` for an
    expression), the organisation's columns, its seat's (``name``, ``slug``, ``region_name``,
    ``region_slug``, written; NULL without a seat), its places' and fields' names and codes as
    one text (``listed``: written and joined, "; " in CSV, ", " in JSON, which puts the
    brackets around; NULL for none), a profile's address around its slug, and a name for an
    expression worked out once per row (``bind``)."""

    url_before: str
    url_after: str

    def literal(self, value: Any) -> str: ...

    def name(self, text: str) -> str: ...

    def written(self, sql: str) -> str: ...

    def column(self, field: str) -> str: ...

    def seat(self, attribute: str) -> str: ...

    def listed(self, relation: str, attribute: str) -> str: ...

    def bind(self, sql: str) -> str: ...


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    description: Promise
    source: Source

    def value(self, organisation: Organisation) -> Any:
        return self.source.value(organisation)


COLUMNS = [
    Column("name", "text", _("Full name"), Attribute("name")),
    Column(
        "short_name", "text", _("Short name or abbreviation; may be empty"), Attribute("short_name")
    ),
    Column("slug", "text", _("Identifier in the portal's addresses"), Attribute("slug")),
    Column("profile_url", "URL", _("Address of the public profile"), ProfileUrl()),
    Column("sector", "code", _("civil, public or private"), Attribute("sector")),
    Column(
        "sector_label",
        "text",
        _("The sector, named in the language of the export"),
        Label("sector"),
    ),
    Column(
        "legal_form",
        "code",
        _("association, private_institute, foundation, public_body, company or other"),
        Attribute("legal_form"),
    ),
    Column(
        "legal_form_label",
        "text",
        _("The legal form, named in the language of the export"),
        Label("legal_form"),
    ),
    Column("country", "code", _("ISO 3166 country code: SI, BG or PL"), Attribute("country")),
    Column(
        "country_label",
        "text",
        _("The country, named in the language of the export"),
        Label("country"),
    ),
    Column(
        "registration_number",
        "text",
        _("Matična številka (SI), EIK/BULSTAT (BG), REGON or KRS (PL)"),
        Attribute("registration_number"),
    ),
    Column(
        "tax_number",
        "text",
        _("Davčna številka (SI), VAT (BG), NIP (PL)"),
        Attribute("tax_number"),
    ),
    Column("seat", "text", _("Municipality of the registered seat"), Seat("name")),
    Column(
        "seat_code",
        "code",
        _("The seat as a code that stays the same in every language (the municipality filter's)"),
        Seat("slug"),
    ),
    Column("region", "text", _("Region of the seat"), Seat("name", region=True)),
    Column(
        "region_code",
        "code",
        _("The region of the seat as a code that stays the same in every language"),
        Seat("slug", region=True),
    ),
    Column(
        "municipalities_served",
        "list",
        _("Municipalities where the organisation works"),
        Related("municipalities_served", "name"),
    ),
    Column(
        "municipalities_served_codes",
        "list",
        _("Municipalities where the organisation works, as codes, in the order of the names"),
        Related("municipalities_served", "slug"),
    ),
    Column(
        "fields",
        "list",
        _("Fields of activity as codes that stay the same in every language, e.g. youth"),
        Related("fields", "slug"),
    ),
    Column(
        "field_labels",
        "list",
        _("Fields of activity, named in the language of the export, in the order of the codes"),
        Related("fields", "name"),
    ),
    Column(
        "description",
        "text",
        _("What the organisation does, as plain text"),
        PlainText("description"),
    ),
    Column("website", "URL", _("Website"), Attribute("website")),
    Column("email", "e-mail", _("Public contact e-mail"), Attribute("email")),
    Column("phone", "text", _("Public contact phone"), Attribute("phone")),
    Column("members", "integer", _("Number of members; empty if not given"), Attribute("members")),
    Column(
        "employees",
        "integer",
        _("Number of employees; empty if not given"),
        Attribute("employees"),
    ),
    Column(
        "volunteers",
        "integer",
        _("Number of volunteers; empty if not given"),
        Attribute("volunteers"),
    ),
    Column(
        "founded_year",
        "integer",
        _("Year founded; empty if not given"),
        Attribute("founded_year"),
    ),
    Column(
        "public_interest",
        "boolean",
        _("Holds public-interest status (true/false)"),
        Attribute("public_interest"),
    ),
    Column(
        "last_confirmed",
        "date",
        _("When the organisation last confirmed its profile (YYYY-MM-DD)"),
        Day("last_confirmed_at"),
    ),
]


def export_rows(organisations: Iterable[Organisation], *, base_url: str) -> Iterator[dict]:
    for organisation in organisations:
        organisation.profile_url = base_url + organisation.get_absolute_url()
        yield {column.name: column.value(organisation) for column in COLUMNS}


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[dict]) -> Iterator[str]:
    """CSV with a header row; lists joined with "; ", booleans as true/false; text that a
    spreadsheet would run as a formula is kept as text (``hub.spreadsheets``)."""
    yield from csv_head()
    yield from csv_rows(rows)


def csv_head() -> Iterator[str]:
    yield "\ufeff"  # a BOM, so spreadsheet programs read the file as UTF-8
    yield spreadsheets.CsvWriter(_Echo()).writerow([column.name for column in COLUMNS])


def csv_rows(rows: Iterable[dict]) -> Iterator[str]:
    writer = spreadsheets.CsvWriter(_Echo())
    for row in rows:
        yield writer.writerow([_csv_value(row[column.name]) for column in COLUMNS])


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = "; ".join(value)
    return value


# A JSON array of objects, written one organisation at a time: its head, each object, its end.
JSON_HEAD, JSON_END = "[", "\n]\n"


def json_chunks(rows: Iterable[dict]) -> Iterator[str]:
    """A JSON array of objects, written one organisation at a time."""
    yield JSON_HEAD
    yield from json_objects(rows)
    yield JSON_END


def json_objects(rows: Iterable[dict]) -> Iterator[str]:
    for index, row in enumerate(rows):
        yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
