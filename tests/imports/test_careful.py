"""Imports as careful as the registration form: its rules for each row, every error of a file in
one preview, each update shown field by field, and an undo that puts updated rows back."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from imports.models import ImportedChange, ImportRecord, ImportStatus
from imports.services import ImportRefused, import_confirm, import_undo, import_undo_plan
from organisations.forms import OrganisationForm
from organisations.models import Organisation
from tests.factories import (
    FieldOfActivityFactory,
    MunicipalityFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.imports.helpers import registration_number, run, table

pytestmark = pytest.mark.django_db

FOUNDED_MESSAGE = "Give the year the organisation was founded, for example 1998."


def record_for(kind: str, content: bytes, by) -> ImportRecord:
    record = ImportRecord(kind=kind, file_name="file.csv", created_by=by)
    record.file.save("file.csv", ContentFile(content), save=True)
    return record


def imported(kind: str, content: bytes, by) -> ImportRecord:
    record = record_for(kind, content, by)
    import_confirm(record=record, by=by, valid_rows_only=False)
    record.refresh_from_db()
    return record


# The registration form's rules


@pytest.mark.parametrize("year", [3000, timezone.localdate().year + 1, 1799])
def test_a_founding_year_the_form_refuses_is_an_error_of_the_row(nova_gorica, year):
    form = OrganisationForm(data={"founded_year": year})
    assert FOUNDED_MESSAGE in form.errors["founded_year"]

    report = run("organisations", table(["name", "founded in"], [["Društvo Soča", year]]))

    assert report.rows[0].outcome == "error"
    assert report.rows[0].messages == [f"founded in: {FOUNDED_MESSAGE}"]
    assert not Organisation.objects.exists()


def test_a_founding_year_the_form_accepts_is_imported(nova_gorica):
    this_year = timezone.localdate().year
    run("organisations", table(["name", "founded in"], [["Društvo Soča", this_year]]))

    assert Organisation.objects.get().founded_year == this_year


# Every error at once


def test_a_missing_column_and_the_rows_errors_are_reported_together(nova_gorica):
    """A file without the end of its events used to stop at the headers; the rows' own errors
    showed only once the column was added."""
    content = table(
        ["title", "kind", "starts"],
        [
            ["Info day", "info_day", "2031-05-05 10:00"],
            ["Workshop", "picnic", "2031-05-06 10:00"],
        ],
    )

    report = run("events", content, dry_run=True)

    assert report.file_errors == [
        "The file has no column “ends”. Download the template to see the columns this kind of "
        "file needs."
    ]
    messages = {row.line: row.messages for row in report.rows}
    assert any("kind:" in message for message in messages[3])
    # The missing column is named once for the file, not again in every row.
    assert not any("ends" in message for row in messages.values() for message in row)
    assert not report.saved


def test_a_row_that_cannot_be_matched_still_has_its_other_columns_checked(nova_gorica):
    """A wrong registration number used to hide the row's other errors until it was fixed."""
    content = table(
        ["name", "registration number", "founded in", "public e-mail", "members"],
        [["Društvo Vipava", "5000012", "3000", "not-an-address", "many"]],
    )

    report = run("organisations", content, dry_run=True)

    (row,) = report.rows
    assert row.outcome == "error"
    assert len(row.messages) == 4, row.messages
    assert row.messages[0].startswith("registration number: The check digit is wrong")
    assert f"founded in: {FOUNDED_MESSAGE}" in row.messages
    assert any(message.startswith("public e-mail:") for message in row.messages)
    assert any(message.startswith("members:") for message in row.messages)


def test_confirming_a_file_without_a_required_column_is_refused(staff, nova_gorica):
    record = record_for("events", table(["title", "kind"], [["Info day", "info_day"]]), staff)

    with pytest.raises(ImportRefused, match="has no column"):
        import_confirm(record=record, by=staff, valid_rows_only=True)

    record.refresh_from_db()
    assert record.status == ImportStatus.PREVIEWED


# The preview of updates


@pytest.fixture
def existing(nova_gorica):
    social = FieldOfActivityFactory(name="Social care", slug="social-care")
    FieldOfActivityFactory(name="Youth", slug="youth")
    return OrganisationFactory(
        name="Društvo Soča",
        registration_number=registration_number(1),
        email="old@soca.si",
        seat=nova_gorica,
        members=10,
        fields=[social],
    )


def updating_file() -> bytes:
    return table(
        ["name", "registration number", "public e-mail", "seat", "members", "fields of activity"],
        [
            ["Društvo Soča", registration_number(1), "new@soca.si", "Tolmin", "10", "youth"],
            ["Zavod Kras", registration_number(2), "", "", "", ""],
        ],
    )


def test_the_preview_shows_each_changed_field_of_an_update_before_and_after(existing):
    MunicipalityFactory(name="Tolmin", slug="tolmin")

    report = run("organisations", updating_file(), dry_run=True)

    update, new = report.rows
    assert (update.outcome, new.outcome) == ("update", "new")
    # Only what changes: the members stay at 10.
    assert update.changes == [
        ("seat", "Nova Gorica", "Tolmin"),
        ("fields of activity", "social-care", "youth"),
        ("public e-mail", "old@soca.si", "new@soca.si"),
    ]
    assert new.changes == []
    existing.refresh_from_db()
    assert existing.email == "old@soca.si"


def test_the_preview_page_lists_the_changes(existing, client_for, importer):
    MunicipalityFactory(name="Tolmin", slug="tolmin")
    record = record_for("organisations", updating_file(), importer)

    page = client_for(importer).get(
        reverse("admin:imports_importrecord_preview", args=[record.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert "public e-mail: old@soca.si → new@soca.si" in page.content.decode()
    assert "seat: Nova Gorica → Tolmin" in page.content.decode()


# Undo puts updated rows back


def test_undo_puts_back_the_values_the_import_changed_and_removes_what_it_created(existing, staff):
    MunicipalityFactory(name="Tolmin", slug="tolmin")
    before = Organisation.objects.get(pk=existing.pk)
    record = imported("organisations", updating_file(), staff)
    existing.refresh_from_db()
    assert (existing.email, existing.seat.name) == ("new@soca.si", "Tolmin")
    assert ImportedChange.objects.get(record=record).object_id == existing.pk

    assert import_undo(record=record, by=staff) == 1

    existing.refresh_from_db()
    assert (existing.email, existing.seat_id, existing.members) == (
        before.email,
        before.seat_id,
        before.members,
    )
    assert list(existing.fields.values_list("slug", flat=True)) == ["social-care"]
    assert not Organisation.objects.filter(name="Zavod Kras").exists()
    assert existing.history.first().history_user == staff


def test_undo_is_refused_when_an_updated_value_was_changed_again_since(existing, staff):
    MunicipalityFactory(name="Tolmin", slug="tolmin")
    record = imported("organisations", updating_file(), staff)
    Organisation.objects.filter(pk=existing.pk).update(email="later@soca.si")

    assert "changed again since" in import_undo_plan(record=record).refused
    with pytest.raises(ImportRefused, match="Društvo Soča"):
        import_undo(record=record, by=staff)

    existing.refresh_from_db()
    assert existing.email == "later@soca.si"
    assert Organisation.objects.filter(name="Zavod Kras").exists()
    record.refresh_from_db()
    assert record.status == ImportStatus.IMPORTED


def test_undo_asks_first_saying_what_it_will_do_and_acts_on_the_post(
    existing, client_for, importer
):
    MunicipalityFactory(name="Tolmin", slug="tolmin")
    record = imported("organisations", updating_file(), importer)
    client = client_for(importer)
    undo = reverse("admin:imports_importrecord_undo", args=[record.pk])

    page = client.get(undo, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Undo removes 1 row this import created." in page
    assert "It puts back the earlier values in 1 row the import updated" in page
    assert "public e-mail: new@soca.si → old@soca.si" in page
    assert Organisation.objects.count() == 2  # asking changed nothing

    response = client.post(undo, HTTP_ACCEPT_LANGUAGE="en", follow=True)

    assert "1 rows it updated have their earlier values again" in response.content.decode()
    existing.refresh_from_db()
    assert existing.email == "old@soca.si"
    assert Organisation.objects.count() == 1
    assert client.get(undo).status_code == 404  # undone once


# Who may


@pytest.mark.parametrize("step", ["preview", "confirm", "undo"])
def test_staff_without_the_import_permission_cannot_preview_confirm_or_undo(
    existing, anonymous, client_for, importer, step
):
    MunicipalityFactory(name="Tolmin", slug="tolmin")
    record = record_for("organisations", updating_file(), importer)
    if step == "undo":
        import_confirm(record=record, by=importer, valid_rows_only=False)
    url = reverse(f"admin:imports_importrecord_{step}", args=[record.pk])
    plain_staff = UserFactory(email="plain@sticisce.test", is_staff=True)
    state = (list(Organisation.objects.values_list("email", flat=True).order_by("pk")),)

    for client, refused in [(anonymous, 302), (client_for(plain_staff), 403)]:
        assert client.get(url).status_code == refused
        assert client.post(url, {"valid_rows_only": "yes"}).status_code == refused

    assert (list(Organisation.objects.values_list("email", flat=True).order_by("pk")),) == state
    record.refresh_from_db()
    assert record.status == ("imported" if step == "undo" else "previewed")
    assert client_for(importer).get(url).status_code in {200, 302}


@pytest.mark.parametrize("count", [1, 4])
def test_the_undo_page_takes_the_same_queries_however_many_rows_were_updated(
    count, nova_gorica, client_for, importer, django_assert_num_queries
):
    tolmin = MunicipalityFactory(name="Tolmin", slug="tolmin")
    social = FieldOfActivityFactory(name="Social care", slug="social-care")
    FieldOfActivityFactory(name="Youth", slug="youth")
    rows = []
    for number in range(count):
        OrganisationFactory(
            name=f"Društvo {number}",
            registration_number=registration_number(number),
            seat=nova_gorica,
            fields=[social],
        )
        rows.append([f"Društvo {number}", registration_number(number), tolmin.name, "youth"])
    rows.append(["Zavod Kras", registration_number(90), "", ""])
    content = table(["name", "registration number", "seat", "fields of activity"], rows)
    record = imported("organisations", content, importer)
    client = client_for(importer)
    undo = reverse("admin:imports_importrecord_undo", args=[record.pk])

    # 1. the session  2. the user  3.-4. their permissions, own and by group  5. the import
    # 6. the ids of the rows it created  7. those rows  8.-29. what depends on them, one query
    # per kind of link (the check that undo may delete them; the links, not the rows, count)
    # 30. the rows it updated, with what it changed  31. those rows as they are now  32. their
    # fields of activity  33. the municipalities named  34. the fields of activity named
    with django_assert_num_queries(34):
        page = client.get(undo, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert page.content.decode().count("seat: Tolmin → Nova Gorica") == count
