"""Uploads are bounded before they are parsed: a zip bomb dressed as XLSX or ODS, a file with too
many members, rows or columns is refused at once with a reason, and nothing is saved."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportRecord
from imports.services import ImportRefused
from imports.tables import Limits
from organisations.models import Organisation
from tests.imports.helpers import registration_number, run, table

pytestmark = pytest.mark.django_db

HEADERS = ["name", "registration number"]


def upload(client, content: bytes, name: str, language: str = "en"):
    return client.post(
        reverse("admin:imports_importrecord_upload"),
        {"kind": "organisations", "file": SimpleUploadedFile(name, content)},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def rezipped(content: bytes, member: str, replacement: bytes, extra: int = 0) -> bytes:
    """The archive with one member replaced (packed as tightly as zip can) and ``extra`` empty
    members added."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            data = replacement if info.filename == member else source.read(info)
            target.writestr(info.filename, data)
        for number in range(extra):
            target.writestr(f"extra/{number}.xml", b"")
    return out.getvalue()


def xlsx_bomb() -> bytes:
    """A 34 KiB XLSX whose one sheet unpacks to 9 MiB of rows."""
    row = b'<row><c t="inlineStr"><is><t>Dru\xc5\xa1tvo</t></is></c></row>'
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + row * (9 * 1024 * 1024 // len(row)) + b"</sheetData></worksheet>"
    )
    return rezipped(table(HEADERS, [], "xlsx"), "xl/worksheets/sheet1.xml", sheet)


def ods_bomb() -> bytes:
    """A 32 KiB ODS whose content unpacks to about 9 MiB of rows."""
    original = table(HEADERS, [], "ods")
    content = zipfile.ZipFile(io.BytesIO(original)).read("content.xml")
    row = (
        b'<table:table-row><table:table-cell office:value-type="string">'
        b"<text:p>Dru\xc5\xa1tvo</text:p></table:table-cell></table:table-row>"
    )
    end = content.index(b"</table:table>")
    padded = content[:end] + row * (9 * 1024 * 1024 // len(row)) + content[end:]
    return rezipped(original, "content.xml", padded)


@pytest.mark.parametrize(("name", "bomb"), [("ngos.xlsx", xlsx_bomb), ("ngos.ods", ods_bomb)])
def test_a_zip_bomb_is_refused_within_a_second_with_a_reason(client_for, importer, name, bomb):
    content = bomb()
    assert len(content) < 40 * 1024
    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(content)).infolist())
    assert unpacked > 9 * 1024 * 1024

    client = client_for(importer)
    client.get(reverse("admin:imports_importrecord_upload"))  # a running site, not a cold one
    started = time.monotonic()
    response = upload(client, content, name)
    elapsed = time.monotonic() - started

    assert elapsed < 1, elapsed
    assert response.status_code == 200
    assert "is packed far more tightly than a spreadsheet is" in response.content.decode()
    assert not ImportRecord.objects.exists()
    assert not Organisation.objects.exists()


def test_the_refusal_is_in_the_staff_members_language(client_for, importer):
    response = upload(client_for(importer), xlsx_bomb(), "ngos.xlsx", language="sl")

    assert "»ngos.xlsx« je stisnjena veliko bolj, kot je stisnjena preglednica" in (
        response.content.decode()
    )


def test_an_archive_with_too_many_members_is_refused(client_for, importer):
    content = rezipped(table(HEADERS, [], "xlsx"), "", b"", extra=120)

    response = upload(client_for(importer), content, "ngos.xlsx")

    assert "a spreadsheet at most 100" in response.content.decode()
    assert not ImportRecord.objects.exists()


def test_an_archive_that_unpacks_to_too_much_is_refused_unread():
    content = table(HEADERS, [["Društvo Soča", registration_number(1)]], "ods")

    with pytest.raises(ImportRefused, match="unpacks to"):
        run("organisations", content, fmt="ods", limits=Limits(ods_content_bytes=1000))
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_a_file_with_too_many_rows_is_refused_before_a_row_is_imported(nova_gorica, fmt):
    rows = [[f"Društvo {n}", registration_number(n)] for n in range(1, 5)]

    with pytest.raises(ImportRefused, match="more than 3 rows"):
        run("organisations", table(HEADERS, rows, fmt), fmt=fmt, limits=Limits(rows=3))
    assert not Organisation.objects.exists()
    report = run("organisations", table(HEADERS, rows[:3], fmt), fmt=fmt, limits=Limits(rows=3))
    assert report.count("new") == 3


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_with_too_many_columns_is_refused(client_for, importer, fmt):
    headers = HEADERS + [f"extra {n}" for n in range(100)]
    content = table(headers, [["Društvo Soča", registration_number(1)] + [""] * 99 + ["x"]], fmt)

    client = client_for(importer)
    response = upload(client, content, f"ngos.{fmt}")

    assert response.status_code == 302  # back to the upload form, with the message
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert "has more than 100 columns" in page.content.decode()
    assert not ImportRecord.objects.exists()
    assert not Organisation.objects.exists()
