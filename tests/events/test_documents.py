import io
import time

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from events.models import AttendanceSheet, Certificate, DocumentStatus, Registration
from events.services import document_render, render_attendance_sheet, render_certificate
from tests.factories import EventFactory, RegistrationFactory


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
    assert wait_for(
        lambda: AttendanceSheet.objects.get(event=event).status == DocumentStatus.DONE
    ), AttendanceSheet.objects.get(event=event).error
    sheet = AttendanceSheet.objects.get(event=event)
    assert sheet.started_at <= sheet.finished_at
    download = client.get(f"/en/events/{event.slug}/manage/attendance-sheet.pdf")
    pages, text = text_of(b"".join(download.streaming_content))
    assert pages == 1
    assert "Working meeting of the Ruse municipalities" in text
    assert "Ivan Petrov" in text and "Община Русе" in text and "Maria Ivanova" in text

    RegistrationFactory(event=event, name="Late Addition")
    client.post(url)
    assert wait_for(
        lambda: (
            AttendanceSheet.objects.get(event=event).finished_at != sheet.finished_at
            and AttendanceSheet.objects.get(event=event).status == DocumentStatus.DONE
        )
    )
    again = AttendanceSheet.objects.get(event=event)
    assert again.file.name == sheet.file.name  # replaced, not a second file
    folder = sheet.file.name.rsplit("/", 1)[0]
    assert default_storage.listdir(folder)[1] == ["attendance-sheet.pdf"]
    assert "Late Addition" in text_of(again.file.open("rb").read())[1]


@pytest.mark.worker
def test_an_attendee_gets_a_certificate_from_a_worker_through_their_link(celery_worker, anonymous):
    registration = RegistrationFactory(
        name="Petra Zupan", event__title="Training on volunteering", attended=True
    )
    page = registration.get_absolute_url()

    anonymous.post(f"{page}certificate/")
    assert wait_for(
        lambda: Certificate.objects.get(registration=registration).status == DocumentStatus.DONE
    ), Certificate.objects.get(registration=registration).error

    assert "Download your certificate" in anonymous.get(page).content.decode()
    response = anonymous.get(f"{page}certificate.pdf")
    pages, text = text_of(b"".join(response.streaming_content))
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
    assert client.get(f"/en/events/{event.slug}/manage/attendance-sheet.pdf").status_code == 404


@pytest.mark.django_db
def test_a_failed_rendering_is_recorded_with_its_message(monkeypatch):
    from events import tasks

    event = EventFactory()
    sheet = AttendanceSheet.objects.create(event=event)

    def broken(event):
        raise RuntimeError("the printer is on fire")

    monkeypatch.setattr(tasks, "render_attendance_sheet", broken)
    assert tasks.attendance_sheet_render(sheet.pk) is False

    sheet.refresh_from_db()
    assert sheet.status == DocumentStatus.FAILED
    assert sheet.error == "RuntimeError: the printer is on fire"
    assert tasks.attendance_sheet_render(sheet.pk) is False  # a second delivery does nothing


@pytest.mark.django_db
def test_certificates_are_offered_only_to_people_who_attended(anonymous):
    absent = RegistrationFactory(attended=False)
    response = anonymous.post(f"{absent.get_absolute_url()}certificate/", follow=True)
    assert "only issued to people who attended" in response.content.decode()
    assert not Certificate.objects.exists()
    assert anonymous.get(f"{absent.get_absolute_url()}certificate.pdf").status_code == 404


@pytest.mark.django_db
def test_deleting_an_event_deletes_its_rendered_files():
    event = EventFactory()
    registration = RegistrationFactory(event=event, attended=True)
    sheet = AttendanceSheet.objects.create(event=event)
    certificate = Certificate.objects.create(registration=registration)

    document_render(AttendanceSheet, sheet.pk, lambda s: b"%PDF-sheet")
    document_render(Certificate, certificate.pk, lambda c: b"%PDF-certificate")
    names = [AttendanceSheet.objects.get().file.name, Certificate.objects.get().file.name]
    assert all(default_storage.exists(name) for name in names)

    event.delete()

    assert not any(default_storage.exists(name) for name in names)
