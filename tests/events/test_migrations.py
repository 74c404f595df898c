import hashlib
from contextlib import contextmanager

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("events", "0002_document_file_length"), ("hub", "0003_document")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@contextmanager
def migrated_to(targets):
    """The database at the given migrations while the block runs, and back at the latest ones
    after it also when going back or the block failed: a later test must never meet an old
    schema (its tables would stop the flush between tests, and the rows would stay)."""
    try:
        yield migrate(targets)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_sheets_and_certificates_move_to_private_storage_with_their_files():
    public, private = storages["default"], storages["documents"]
    with migrated_to(BEFORE) as old:
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

    from hub.models import Document

    sheet = Document.objects.get(kind="events.attendance_sheet")
    assert (sheet.subject_id, sheet.language, sheet.status) == (event.pk, "bg", "done")
    assert private.open(sheet.file.name).read() == b"%PDF-sheet"
    assert sheet.size == 10 and sheet.sha256 == hashlib.sha256(b"%PDF-sheet").hexdigest()
    assert not public.exists(sheet_name)  # no longer public
    certificate = Document.objects.get(kind="events.certificate")
    assert (certificate.subject_id, certificate.status) == (registration.pk, "queued")
    assert not certificate.file  # the sweeper sends it to a worker


@pytest.mark.django_db(transaction=True)
def test_existing_registrations_get_one_participant_per_person_and_typed_links_stop_crediting():
    with migrated_to(
        [("events", "0008_event_call"), ("organisations", "0006_search_index")]
    ) as old:
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

    from events.models import Participant, Registration

    ana = Registration.objects.filter(name="Ana")
    assert ana.values("participant").distinct().count() == 1
    assert ana.values("pid").distinct().count() == 1
    assert Participant.objects.get(pk=ana[0].participant_id).user.email == "Ana@X.si"
    assert Participant.objects.count() == 2
    links = dict(Registration.objects.values_list("token", "organisation_link"))
    assert links == {"a": "membership", "b": "", "c": "name"}
