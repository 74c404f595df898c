"""Data migrations, each run on rows made at the schema before it.

Each test has an empty database of its own: the migrations run forward from nothing to the ones
before the migration under test, the test adds rows, then the migration under test runs. The
suite's database never meets an old schema, and nothing is unapplied and applied again.
"""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.fixture
def empty_database(django_db_setup, django_db_blocker):
    """The default connection on a new, empty database while the test runs."""
    with django_db_blocker.unblock():
        suite = connection.settings_dict["NAME"]
        name = connection.ops.quote_name(f"{suite}_migrations")
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name}")
            cursor.execute(f"CREATE DATABASE {name}")
        connection.close()
        connection.settings_dict["NAME"] = f"{suite}_migrations"
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict["NAME"] = suite
            with connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE {name}")


def migrate(targets):
    """The database at ``targets`` (and what they depend on), and the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_sheets_and_certificates_move_to_private_storage_with_their_files(empty_database):
    public, private = storages["default"], storages["documents"]
    old = migrate([("events", "0002_document_file_length"), ("hub", "0003_document")])
    Event = old.get_model("events", "Event")
    Registration = old.get_model("events", "Registration")
    event = Event.objects.create(
        title="Old workshop",
        slug="old-workshop",
        start="2026-01-01T09:00:00Z",
        end="2026-01-01T12:00:00Z",
        capacity=10,
        language="bg",
    )
    registration = Registration.objects.create(
        event=event, name="Ana", email="ana@example.org", attended=True, token="t1"
    )
    sheet_name = public.save("events/old/abc/attendance-sheet.pdf", ContentFile(b"%PDF-sheet"))
    old.get_model("events", "AttendanceSheet").objects.create(
        event=event, status="done", file=sheet_name
    )
    old.get_model("events", "Certificate").objects.create(
        registration=registration, status="running"
    )

    Document = migrate([("events", "0003_move_documents_to_hub")]).get_model("hub", "Document")

    sheet = Document.objects.get(kind="events.attendance_sheet")
    assert (sheet.subject_id, sheet.language, sheet.status) == (event.pk, "bg", "done")
    assert private.open(sheet.file.name).read() == b"%PDF-sheet"
    assert sheet.size == 10 and sheet.sha256 == hashlib.sha256(b"%PDF-sheet").hexdigest()
    assert not public.exists(sheet_name)  # no longer public
    certificate = Document.objects.get(kind="events.certificate")
    assert (certificate.subject_id, certificate.status) == (registration.pk, "queued")
    assert not certificate.file  # the sweeper sends it to a worker


def test_existing_registrations_get_one_participant_per_person_and_typed_links_stop_crediting(
    empty_database,
):
    old = migrate([("events", "0008_event_call"), ("organisations", "0006_search_index")])
    Event = old.get_model("events", "Event")
    Registration = old.get_model("events", "Registration")
    User = old.get_model("hub", "User")
    Organisation = old.get_model("organisations", "Organisation")
    Membership = old.get_model("organisations", "Membership")
    user = User.objects.create(email="Ana@X.si")
    member_org = Organisation.objects.create(name="Soča", slug="soca")
    typed_org = Organisation.objects.create(name="Zavod", slug="zavod")
    Membership.objects.create(user=user, organisation=member_org)
    events = [
        Event.objects.create(
            title=f"Training {n}",
            slug=f"training-{n}",
            start=f"2026-01-0{n + 1}T09:00:00Z",
            end=f"2026-01-0{n + 1}T12:00:00Z",
            capacity=10,
        )
        for n in range(3)
    ]
    Registration.objects.create(
        event=events[0], name="Ana", email="Ana@X.si", organisation=member_org, token="a"
    )
    Registration.objects.create(event=events[1], name="Ana", email=" ana@x.si", token="b")
    Registration.objects.create(
        event=events[2], name="Bo", email="bo@x.si", organisation=typed_org, token="c"
    )

    new = migrate([("events", "0010_backfill_participants")])
    Participant, Registration = (
        new.get_model("events", "Participant"),
        new.get_model("events", "Registration"),
    )

    ana = Registration.objects.filter(name="Ana")
    assert ana.values("participant").distinct().count() == 1
    assert ana.values("pid").distinct().count() == 1
    assert Participant.objects.get(pk=ana[0].participant_id).user.email == "Ana@X.si"
    assert Participant.objects.count() == 2
    links = dict(Registration.objects.values_list("token", "organisation_link"))
    assert links == {"a": "membership", "b": "", "c": "name"}
