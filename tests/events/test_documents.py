import io
import threading
import time
from dataclasses import replace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from events.models import Event, Registration
from events.services import (
    ATTENDANCE_SHEET,
    CERTIFICATE,
    attendance_sheet_request,
    certificate_request,
    certificates_issue,
    render_attendance_sheet,
    render_certificate,
)
from hub.documents import KINDS, document_for, document_render
from hub.models import Document, DocumentStatus
from hub.storage import document_storage
from tests.factories import EventFactory, RegistrationFactory


@pytest.fixture(autouse=True)
def english():
    """Addresses built in the tests (get_absolute_url) lead to the English pages."""
    with translation.override("en"):
        yield


def text_of(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def wait_for(condition, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db
def test_the_attendance_sheet_lists_every_confirmed_person_with_a_row_to_sign(organisation_a):
    event = EventFactory(title="Writing project applications", language="en")
    for n in range(40):
        RegistrationFactory(event=event, name=f"Participant {n:02d}", organisation=organisation_a)
    RegistrationFactory(event=event, name="On the waiting list", status=Registration.Status.WAITING)
    RegistrationFactory(event=event, name="Cancelled person", status=Registration.Status.CANCELLED)

    pages, text = text_of(render_attendance_sheet(event))

    assert pages == 3  # 40 people and the blank rows, about 15 to a page
    assert "Attendance sheet" in text
    assert "Writing project applications" in text
    assert all(f"Participant {n:02d}" in text for n in range(40))
    assert "Društvo za življenje Soča" in text
    assert "On the waiting list" not in text and "Cancelled person" not in text
    assert "Evropskega socialnega sklada" in text  # the funder's publicity line
    assert "Page 3 of 3" in text


@pytest.mark.django_db
def test_the_attendance_sheet_lists_people_in_the_alphabet_of_the_events_language():
    event = EventFactory(language="sl")
    # Letter by letter without the Slovene alphabet, Čebela would come before Cvetko.
    for name in ["Čebela Ana", "Žaba Eva", "Cvetko Bor", "Zupan Jan"]:
        RegistrationFactory(event=event, name=name)

    _pages, text = text_of(render_attendance_sheet(event))

    positions = [text.index(name) for name in ["Cvetko Bor", "Čebela Ana", "Zupan Jan", "Žaba Eva"]]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_the_attendance_sheet_is_in_the_events_language():
    event = EventFactory(language="bg", time_zone="Europe/Sofia")
    RegistrationFactory(event=event, name="Иван Петров", organisation_name="Община Русе")

    _, text = text_of(render_attendance_sheet(event))

    with translation.override("bg"):
        weekday = date_format(timezone.localtime(event.start, event.zone), "l")
    assert weekday in text
    assert "Иван Петров" in text and "Община Русе" in text


@pytest.mark.django_db
def test_a_certificate_names_the_person_and_the_event_on_one_page():
    registration = RegistrationFactory(
        name="Tina Kralj", event__title="Delavnica o prostovoljstvu", attended=True
    )
    pages, text = text_of(render_certificate(registration))
    assert pages == 1
    assert "Tina Kralj" in text
    assert "Delavnica o prostovoljstvu" in text


def sheet_of(event) -> Document:
    return document_for(kind=ATTENDANCE_SHEET, subject=event)


def certificate_of(registration) -> Document:
    return document_for(kind=CERTIFICATE, subject=registration)


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.worker
def test_a_worker_renders_the_attendance_sheet_and_a_second_run_replaces_it(
    celery_worker, client_for, staff
):
    event = EventFactory(title="Working meeting of the Ruse municipalities", language="en")
    RegistrationFactory(event=event, name="Ivan Petrov", organisation_name="Община Русе")
    RegistrationFactory(event=event, name="Maria Ivanova")
    client = client_for(staff)
    url = f"/en/events/{event.slug}/manage/attendance-sheet/"

    client.post(url)
    assert wait_for(lambda: sheet_of(event).status == DocumentStatus.DONE), sheet_of(event).error
    sheet = sheet_of(event)
    assert sheet.started_at <= sheet.finished_at
    assert sheet.attempts == 1
    download = client.get(sheet.get_absolute_url())
    assert download["Content-Disposition"] == 'attachment; filename="attendance-sheet.pdf"'
    content = downloaded(download)
    assert sheet.size == len(content)
    pages, text = text_of(content)
    assert pages == 1
    assert "Working meeting of the Ruse municipalities" in text
    assert "Ivan Petrov" in text and "Община Русе" in text and "Maria Ivanova" in text

    RegistrationFactory(event=event, name="Late Addition")
    client.post(url)
    assert wait_for(
        lambda: (
            sheet_of(event).finished_at != sheet.finished_at
            and sheet_of(event).status == DocumentStatus.DONE
        )
    )
    again = sheet_of(event)
    assert again.uuid == sheet.uuid  # the same document, at the same address
    assert document_storage.exists(again.file.name)
    assert not document_storage.exists(sheet.file.name)  # replaced, not a second file
    assert "Late Addition" in text_of(downloaded(client.get(again.get_absolute_url())))[1]


@pytest.mark.worker
def test_an_attendee_gets_a_certificate_from_a_worker_through_their_link(celery_worker, anonymous):
    registration = RegistrationFactory(
        event__ended=True,
        name="Petra Zupan",
        event__title="Training on volunteering",
        attended=True,
    )
    page = registration.get_absolute_url()

    anonymous.post(f"{page}certificate/")
    assert wait_for(lambda: certificate_of(registration).status == DocumentStatus.DONE), (
        certificate_of(registration).error
    )

    html = anonymous.get(page).content.decode()
    assert "Download your certificate" in html
    link = f"{certificate_of(registration).get_absolute_url()}?token={registration.token}"
    assert link in html
    pages, text = text_of(downloaded(anonymous.get(link)))
    assert pages == 1
    assert "Petra Zupan" in text and "Training on volunteering" in text


@pytest.mark.django_db
def test_the_page_shows_the_sheet_is_waiting_and_refreshes_until_it_is_ready(client_for, staff):
    event = EventFactory()
    client = client_for(staff)

    # The task is queued on commit; inside this test's transaction no worker sees it.
    client.post(f"/en/events/{event.slug}/manage/attendance-sheet/")
    page = client.get(f"/en/events/{event.slug}/manage/").content.decode()

    assert "Waiting for a worker" in page
    assert '<meta http-equiv="refresh"' in page
    assert "Prepare it again" not in page  # no button while it is on its way
    assert client.get(sheet_of(event).get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_sheet_whose_worker_died_can_be_asked_for_again(client_for, staff, settings):
    event = EventFactory()
    sheet = attendance_sheet_request(event=event)
    long_ago = timezone.now() - timezone.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
    Document.objects.filter(pk=sheet.pk).update(status=DocumentStatus.RUNNING, started_at=long_ago)
    client = client_for(staff)

    page = client.get(f"/en/events/{event.slug}/manage/").content.decode()
    assert "taking longer than it should" in page
    assert '<meta http-equiv="refresh"' not in page
    client.post(f"/en/events/{event.slug}/manage/attendance-sheet/")

    assert sheet_of(event).status == DocumentStatus.QUEUED
    assert "Waiting for a worker" in client.get(f"/en/events/{event.slug}/manage/").content.decode()


@pytest.mark.django_db
def test_a_failed_rendering_is_recorded_with_its_message(monkeypatch, client_for, staff):
    event = EventFactory()
    sheet = attendance_sheet_request(event=event)

    def broken(document):
        raise RuntimeError("the printer is on fire")

    monkeypatch.setitem(KINDS, ATTENDANCE_SHEET, replace(KINDS[ATTENDANCE_SHEET], render=broken))
    assert document_render(document_id=sheet.pk) is False

    sheet.refresh_from_db()
    assert sheet.status == DocumentStatus.FAILED
    assert sheet.error == "RuntimeError: the printer is on fire"
    assert document_render(document_id=sheet.pk) is False  # a second delivery does nothing
    page = client_for(staff).get(f"/en/events/{event.slug}/manage/").content.decode()
    assert "the printer is on fire" in page
    assert "Prepare it again with the current list" in page


@pytest.mark.django_db
def test_certificates_are_offered_only_to_people_who_attended(anonymous):
    absent = RegistrationFactory(attended=False)
    response = anonymous.post(f"{absent.get_absolute_url()}certificate/", follow=True)
    assert "only issued to people who attended" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_deleting_an_event_or_a_person_deletes_their_files(django_capture_on_commit_callbacks):
    event = EventFactory(ended=True)
    registration, other = RegistrationFactory.create_batch(2, event=event, attended=True)
    documents = [
        attendance_sheet_request(event=event),
        certificate_request(registration=registration),
        certificate_request(registration=other),
    ]
    for document in documents:
        with django_capture_on_commit_callbacks(execute=True):
            assert document_render(document_id=document.pk)
    names = list(Document.objects.order_by("pk").values_list("file", flat=True))
    assert all(document_storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        other.delete()
    assert [document_storage.exists(name) for name in names] == [True, True, False]

    with django_capture_on_commit_callbacks(execute=True):
        event.delete()
    assert not any(document_storage.exists(name) for name in names)
    assert not Document.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_issuing_certificates_twice_at_once_gives_each_person_one(client_for, staff, monkeypatch):
    from hub import documents

    monkeypatch.setattr(documents, "enqueue_on_commit", lambda task, *args: None)
    event = EventFactory(ended=True)
    RegistrationFactory.create_batch(5, event=event, attended=True)
    client = client_for(staff)
    start = threading.Barrier(2)
    answers = []

    def double_click():
        try:
            start.wait()
            answers.append(client.post(f"/en/events/{event.slug}/manage/certificates/").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=double_click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert answers == [302, 302]
    assert Document.objects.filter(kind=CERTIFICATE).count() == 5
    assert certificates_issue(event=event) == 0  # all on their way: nothing queued twice


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.django_db
def test_the_registration_page_answers_with_the_same_queries_whatever_the_certificates(
    count, anonymous, django_assert_num_queries
):
    event = EventFactory(ended=True)
    registrations = RegistrationFactory.create_batch(count, event=event, attended=True)
    for registration in registrations:
        certificate_request(registration=registration)
    registration = registrations[-1]
    ContentType.objects.get_for_models(Event, Registration)  # cached once per process

    # 1. the registration with its organisation  2. its event with seat counts and municipality
    # 3. its certificate (the link offers no copy of anything held about the address)
    with django_assert_num_queries(3):
        page = anonymous.get(registration.get_absolute_url()).content.decode()
    assert "Waiting for a worker" in page


# Who may download


@pytest.fixture
def rendered(django_capture_on_commit_callbacks):
    """A rendered attendance sheet and a certificate of the same event."""
    event = EventFactory(ended=True)
    registration = RegistrationFactory(event=event, attended=True)
    other = RegistrationFactory(event=event, attended=True)
    sheet = attendance_sheet_request(event=event)
    certificate = certificate_request(registration=registration)
    for document in (sheet, certificate):
        with django_capture_on_commit_callbacks(execute=True):
            document_render(document_id=document.pk)
    return {
        "sheet": sheet,
        "certificate": certificate,
        "registration": registration,
        "other": other,
    }


@pytest.mark.django_db
def test_the_sheet_is_served_to_staff_only(rendered, anonymous, client_for, ngo_admin, staff):
    url = rendered["sheet"].get_absolute_url()
    assert anonymous.get(url).status_code == 404
    assert client_for(ngo_admin).get(url).status_code == 404
    assert anonymous.get(f"{url}?token={rendered['registration'].token}").status_code == 404

    response = client_for(staff).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="attendance-sheet.pdf"'
    assert downloaded(response).startswith(b"%PDF")


@pytest.mark.django_db
def test_a_certificate_is_served_to_its_holder_and_staff_only(
    rendered, anonymous, client_for, other_ngo_admin, staff
):
    url = rendered["certificate"].get_absolute_url()
    assert anonymous.get(url).status_code == 404
    assert client_for(other_ngo_admin).get(url).status_code == 404
    assert anonymous.get(f"{url}?token={rendered['other'].token}").status_code == 404
    assert anonymous.get(f"{url}?token={rendered['registration'].token[:-1]}").status_code == 404

    response = anonymous.get(f"{url}?token={rendered['registration'].token}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="certificate.pdf"'
    assert rendered["registration"].name in text_of(downloaded(response))[1]
    assert client_for(staff).get(url).status_code == 200


@pytest.mark.django_db
def test_an_unknown_document_is_not_found(anonymous, client_for, staff):
    url = "/documents/00000000-0000-0000-0000-000000000000/"
    assert client_for(staff).get(url).status_code == 404
    assert anonymous.get("/documents/not-a-uuid%00/").status_code == 404
