"""The directory as open data: public fields only, one column per field, documented here once.

The same list drives the CSV, the JSON and the page that documents them, so they cannot drift.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from hub import spreadsheets

from .models import Organisation


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    description: Promise
    value: Callable[[Organisation], Any]


def _names(items) -> list[str]:
    return [item.name for item in items]


COLUMNS = [
    Column("name", "text", _("Full name"), lambda o: o.name),
    Column(
        "short_name", "text", _("Short name or abbreviation; may be empty"), lambda o: o.short_name
    ),
    Column("slug", "text", _("Identifier in the portal's addresses"), lambda o: o.slug),
    Column("profile_url", "URL", _("Address of the public profile"), lambda o: o.profile_url),
    Column("sector", "code", _("civil, public or private"), lambda o: o.sector),
    Column(
        "sector_label",
        "text",
        _("The sector, named in the language of the export"),
        lambda o: str(o.get_sector_display()),
    ),
    Column(
        "legal_form",
        "code",
        _("association, private_institute, foundation, public_body, company or other"),
        lambda o: o.legal_form,
    ),
    Column(
        "legal_form_label",
        "text",
        _("The legal form, named in the language of the export"),
        lambda o: str(o.get_legal_form_display()),
    ),
    Column("country", "code", _("ISO 3166 country code: SI, BG or PL"), lambda o: o.country),
    Column(
        "country_label",
        "text",
        _("The country, named in the language of the export"),
        lambda o: str(o.get_country_display()),
    ),
    Column(
        "registration_number",
        "text",
        _("Matična številka (SI), EIK/BULSTAT (BG), REGON or KRS (PL)"),
        lambda o: o.registration_number,
    ),
    Column(
        "tax_number", "text", _("Davčna številka (SI), VAT (BG), NIP (PL)"), lambda o: o.tax_number
    ),
    Column(
        "seat",
        "text",
        _("Municipality of the registered seat"),
        lambda o: o.seat.name if o.seat else "",
    ),
    Column(
        "seat_code",
        "code",
        _("The seat as a code that stays the same in every language (the municipality filter's)"),
        lambda o: o.seat.slug if o.seat else "",
    ),
    Column(
        "region",
        "text",
        _("Region of the seat"),
        lambda o: o.seat.region.name if o.seat else "",
    ),
    Column(
        "region_code",
        "code",
        _("The region of the seat as a code that stays the same in every language"),
        lambda o: o.seat.region.slug if o.seat else "",
    ),
    Column(
        "municipalities_served",
        "list",
        _("Municipalities where the organisation works"),
        lambda o: _names(o.municipalities_served.all()),
    ),
    Column(
        "municipalities_served_codes",
        "list",
        _("Municipalities where the organisation works, as codes, in the order of the names"),
        lambda o: [municipality.slug for municipality in o.municipalities_served.all()],
    ),
    Column(
        "fields",
        "list",
        _("Fields of activity as codes that stay the same in every language, e.g. youth"),
        lambda o: [field.slug for field in o.fields.all()],
    ),
    Column(
        "field_labels",
        "list",
        _("Fields of activity, named in the language of the export, in the order of the codes"),
        lambda o: _names(o.fields.all()),
    ),
    Column(
        "description",
        "text",
        _("What the organisation does, as plain text"),
        lambda o: strip_tags(o.description),
    ),
    Column("website", "URL", _("Website"), lambda o: o.website),
    Column("email", "e-mail", _("Public contact e-mail"), lambda o: o.email),
    Column("phone", "text", _("Public contact phone"), lambda o: o.phone),
    Column("members", "integer", _("Number of members; empty if not given"), lambda o: o.members),
    Column(
        "employees", "integer", _("Number of employees; empty if not given"), lambda o: o.employees
    ),
    Column(
        "volunteers",
        "integer",
        _("Number of volunteers; empty if not given"),
        lambda o: o.volunteers,
    ),
    Column(
        "founded_year", "integer", _("Year founded; empty if not given"), lambda o: o.founded_year
    ),
    Column(
        "public_interest",
        "boolean",
        _("Holds public-interest status (true/false)"),
        lambda o: o.public_interest,
    ),
    Column(
        "last_confirmed",
        "date",
        _("When the organisation last confirmed its profile (YYYY-MM-DD)"),
        lambda o: o.last_confirmed_at.date().isoformat(),
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
    writer = spreadsheets.CsvWriter(_Echo())
    yield "\ufeff"  # a BOM, so spreadsheet programs read the file as UTF-8
    yield writer.writerow([column.name for column in COLUMNS])
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


def json_chunks(rows: Iterable[dict]) -> Iterator[str]:
    """A JSON array of objects, written one organisation at a time."""
    yield "["
    for index, row in enumerate(rows):
        yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"
