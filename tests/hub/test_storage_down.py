"""With the file store unreachable, an upload or a document says so at once, never a 500, and
nothing is half-saved: the person's work stays to try again."""

from __future__ import annotations

import time

import pytest
from botocore.exceptions import EndpointConnectionError
from django.core.files.storage import InMemoryStorage
from django.utils import translation

from events.services import ATTENDANCE_SHEET
from hub.models import Document, DocumentStatus
from hub.storage import storage_unavailable_message
from organisations.models import Organisation
from tests.factories import EventFactory
from tests.organisations.helpers import edit_data, png, profile_data

pytestmark = pytest.mark.django_db

DOWN = "The file store cannot be reached just now"


class UnreachableStorage(InMemoryStorage):
    """An S3 bucket whose endpoint does not answer, as botocore reports it."""

    def _save(self, name, content):
        raise EndpointConnectionError(endpoint_url="http://s3.invalid:8333/bucket")

    def _open(self, name, mode="rb"):
        raise EndpointConnectionError(endpoint_url="http://s3.invalid:8333/bucket")


class FullDisk(InMemoryStorage):
    def _save(self, name, content):
        raise OSError(28, "No space left on device")


def store_down(settings, which: str, backend: type = UnreachableStorage) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        which: {"BACKEND": f"{backend.__module__}.{backend.__qualname__}"},
    }


@pytest.mark.parametrize("backend", [UnreachableStorage, FullDisk])
def test_a_logo_upload_with_the_store_down_says_so_and_keeps_the_profile(
    client_for, ngo_admin, organisation_a, settings, backend
):
    store_down(settings, "default", backend)
    before = Organisation.objects.values().get(pk=organisation_a.pk)

    client = client_for(ngo_admin)
    client.get(f"/en/organisations/{organisation_a.slug}/edit/")  # a running site, not a cold one
    started = time.monotonic()
    response = client.post(
        f"/en/organisations/{organisation_a.slug}/edit/",
        edit_data(organisation_a, description="Nov opis.", logo=png()),
    )

    assert time.monotonic() - started < 1
    assert response.status_code == 503
    page = response.content.decode()
    assert DOWN in page
    assert "choose the logo again" in page
    assert "Nov opis." in page  # what was typed is still in the form
    assert Organisation.objects.values().get(pk=organisation_a.pk) == before


def test_registering_an_organisation_with_a_logo_while_the_store_is_down_saves_nothing(
    client_for, settings
):
    from tests.factories import UserFactory

    store_down(settings, "default")
    response = client_for(UserFactory()).post(
        "/en/organisations/register/", profile_data(logo=png())
    )

    assert response.status_code == 503
    assert DOWN in response.content.decode()
    assert not Organisation.objects.exists()


def test_a_document_asked_for_with_the_store_down_shows_the_failure_at_once(
    client_for, staff, settings, django_capture_on_commit_callbacks
):
    event = EventFactory()
    client = client_for(staff)
    store_down(settings, "documents")

    with django_capture_on_commit_callbacks(execute=True):  # the render runs, and cannot save
        client.post(f"/en/events/{event.slug}/manage/attendance-sheet/")
    page = client.get(f"/en/events/{event.slug}/manage/").content.decode()

    document = Document.objects.get(kind=ATTENDANCE_SHEET)
    assert document.status == DocumentStatus.FAILED
    with translation.override(document.language):  # the sheet's language, as it is shown
        assert document.error == storage_unavailable_message()
    assert "Being prepared…" not in page and "Waiting for a worker" not in page
    assert document.error in page  # staff see why
    assert "Prepare it again" in page

    # The store is back: asking again makes the sheet.
    settings.STORAGES = {**settings.STORAGES, "documents": settings.STORAGES["default"]}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/events/{event.slug}/manage/attendance-sheet/")
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE


def test_downloading_a_document_while_the_store_is_down_answers_503(
    client_for, staff, settings, django_capture_on_commit_callbacks
):
    event = EventFactory()
    client = client_for(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/events/{event.slug}/manage/attendance-sheet/")
    document = Document.objects.get(kind=ATTENDANCE_SHEET)
    assert document.status == DocumentStatus.DONE

    store_down(settings, "documents")
    response = client.get(document.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 503
    assert DOWN in response.content.decode()
    assert response["Retry-After"] == "60"
