"""The import pages: only staff with the import permission; upload, preview, import, undo."""

from __future__ import annotations

import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportRecord
from organisations.models import Organisation
from tests.factories import UserFactory
from tests.imports.helpers import registration_number, table

pytestmark = pytest.mark.django_db

PAGES = [
    ("admin:imports_importrecord_changelist", []),
    ("admin:imports_importrecord_upload", []),
    ("admin:imports_importrecord_template", ["organisations", "xlsx"]),
    ("admin:imports_importrecord_export", ["organisations", "csv"]),
]


def upload(client, content: bytes, name="ngos.csv"):
    return client.post(
        reverse("admin:imports_importrecord_upload"),
        {"kind": "organisations", "file": SimpleUploadedFile(name, content)},
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_only_staff_with_the_import_permission_reach_the_import_pages(
    anonymous, client_for, importer, name, args
):
    url = reverse(name, args=args)
    plain_staff = UserFactory(email="plain@sticisce.test", is_staff=True)

    assert anonymous.get(url).status_code == 302  # to the sign-in page
    assert client_for(plain_staff).get(url).status_code == 403
    assert client_for(importer).get(url).status_code == 200


def test_staff_without_the_permission_cannot_upload_or_undo(client_for, importer):
    plain_staff = UserFactory(email="plain@sticisce.test", is_staff=True)
    content = table(["name"], [["Društvo Soča"]])

    assert upload(client_for(plain_staff), content).status_code == 403
    assert not ImportRecord.objects.exists()

    upload(client_for(importer), content)
    record = ImportRecord.objects.get()
    confirm = reverse("admin:imports_importrecord_confirm", args=[record.pk])
    assert client_for(plain_staff).post(confirm).status_code == 403
    assert not Organisation.objects.exists()

    client_for(importer).post(confirm)
    undo = reverse("admin:imports_importrecord_undo", args=[record.pk])
    assert client_for(plain_staff).post(undo).status_code == 403
    assert Organisation.objects.count() == 1


def test_upload_previews_then_imports_the_valid_rows_only_when_chosen(client_for, importer):
    client = client_for(importer)
    content = table(
        ["name", "registration number"],
        [["Društvo Soča", registration_number(1)], ["Društvo Vipava", "5000012"]],
    )

    preview = upload(client, content)

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "The check digit is wrong" in page
    assert "Import the valid rows only" in page
    assert not Organisation.objects.exists()
    record = ImportRecord.objects.get()
    confirm = reverse("admin:imports_importrecord_confirm", args=[record.pk])

    refused = client.post(confirm, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Nothing was imported" in refused.content.decode()
    assert not Organisation.objects.exists()

    client.post(confirm, {"valid_rows_only": "yes"}, HTTP_ACCEPT_LANGUAGE="en")
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Društvo Soča"]
    record.refresh_from_db()
    assert (record.status, record.new_count, record.error_count) == ("imported", 1, 1)
    assert record.created_by == importer
    assert record.file.storage.exists(record.file.name)

    # Pressing the button again imports nothing more.
    client.post(confirm, {"valid_rows_only": "yes"})
    assert Organisation.objects.count() == 1

    page = client.get(
        reverse("admin:imports_importrecord_change", args=[record.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Undo this import" in page.content.decode()
    client.post(reverse("admin:imports_importrecord_undo", args=[record.pk]))
    assert not Organisation.objects.exists()


def test_a_file_that_is_not_a_table_is_refused_with_a_reason(client_for, importer):
    response = upload(client_for(importer), b"\x00\x01garbage", name="ngos.xlsx")

    assert response.status_code == 200
    assert "could not be read as a XLSX file" in response.content.decode()
    assert not ImportRecord.objects.exists()


def test_the_template_lists_columns_in_the_staff_members_language_and_the_codes(
    client_for, importer
):
    response = client_for(importer).get(
        reverse("admin:imports_importrecord_template", args=["organisations", "xlsx"]),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    book = tablib.Databook()
    book.load(io.BytesIO(response.content).read(), format="xlsx")
    columns, codes = book.sheets()
    assert columns.headers[:3] == ["name", "short name", "sector"]
    allowed = {row[0]: row[2] for row in codes}
    assert "association" in allowed["legal form"]
    assert "verified" in allowed["verification status"]
