"""Undo removes exactly what an import created, and is refused where something depends on it."""

from __future__ import annotations

import pytest

from events.models import Event
from imports.models import ImportRecord, ImportStatus
from imports.services import ImportRefused, import_confirm, import_undo
from organisations.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory, RegistrationFactory
from tests.imports.helpers import registration_number, table

pytestmark = pytest.mark.django_db


def imported(kind: str, content: bytes, by) -> ImportRecord:
    from django.core.files.base import ContentFile

    record = ImportRecord(kind=kind, file_name="file.csv", created_by=by)
    record.file.save("file.csv", ContentFile(content), save=True)
    import_confirm(record=record, by=by, valid_rows_only=False)
    record.refresh_from_db()
    return record


def organisations_file() -> bytes:
    return table(
        ["name", "registration number"],
        [
            ["Existing, updated", registration_number(1)],
            ["New one", registration_number(2)],
            ["New two", registration_number(3)],
        ],
    )


def test_undo_removes_exactly_what_the_import_created(staff):
    existing = OrganisationFactory(name="Existing", registration_number=registration_number(1))
    untouched = OrganisationFactory(name="Not in the file")

    record = imported("organisations", organisations_file(), staff)
    assert (record.new_count, record.updated_count, record.status) == (2, 1, "imported")

    assert import_undo(record=record, by=staff) == 2

    assert set(Organisation.objects.values_list("pk", flat=True)) == {existing.pk, untouched.pk}
    record.refresh_from_db()
    assert record.status == ImportStatus.UNDONE
    assert record.undone_by == staff


def test_undo_is_refused_when_a_member_joined_an_imported_organisation(staff):
    record = imported("organisations", organisations_file(), staff)
    MembershipFactory(organisation=Organisation.objects.get(name="New one"))

    with pytest.raises(ImportRefused, match="memberships"):
        import_undo(record=record, by=staff)

    assert Organisation.objects.count() == 3
    record.refresh_from_db()
    assert record.status == ImportStatus.IMPORTED


def test_undo_is_refused_when_someone_registered_for_an_imported_event(staff):
    record = imported(
        "events",
        table(
            ["title", "kind", "starts", "ends", "venue"],
            [["Info day", "info_day", "2031-05-05 10:00", "2031-05-05 12:00", "Hall"]],
        ),
        staff,
    )
    RegistrationFactory(event=Event.objects.get(), name="Late registrant")

    with pytest.raises(ImportRefused) as refused:
        import_undo(record=record, by=staff)

    assert "registrations" in str(refused.value)
    assert "Late registrant" in str(refused.value)
    assert Event.objects.count() == 1


def test_undo_of_registrations_keeps_the_event(staff):
    events = imported(
        "events",
        table(
            ["title", "kind", "starts", "ends", "venue"],
            [["Info day", "info_day", "2031-05-05 10:00", "2031-05-05 12:00", "Hall"]],
        ),
        staff,
    )
    registrations = imported(
        "registrations",
        table(
            ["event", "event date", "name", "e-mail address", "attended"],
            [["Info day", "2031-05-05", "Ana", "ana@example.org", "yes"]],
        ),
        staff,
    )
    with pytest.raises(ImportRefused):
        import_undo(record=events, by=staff)

    import_undo(record=registrations, by=staff)
    import_undo(record=events, by=staff)

    assert not Event.objects.exists()
