"""Staff manage calls in the admin; bad input is refused in the reader's language and nothing is
saved."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from calls.models import Call, CallDocument
from calls.validators import DOCUMENT_MAX_BYTES
from tests.factories import FunderFactory
from tests.factories.calls import PDF_BYTES

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/calls/call/add/"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def call_data(funder, **changes) -> dict:
    now = timezone.localtime()
    opens, deadline = now - timedelta(days=1), now + timedelta(days=20)
    data = {
        "funder": funder.pk,
        "programme": "Aktivni državljani",
        "title": "Razpis za lokalne projekte",
        "slug": "razpis-za-lokalne-projekte",
        "summary": "Za društva.",
        "text": "",
        "language": "sl",
        "is_published": "on",
        "sectors": ["civil"],
        "country": "SI",
        "currency": "EUR",
        "min_grant": "1000",
        "max_grant": "5000",
        "co_financing": "80",
        "opens_0": opens.strftime("%Y-%m-%d"),
        "opens_1": opens.strftime("%H:%M:%S"),
        "deadline_0": deadline.strftime("%Y-%m-%d"),
        "deadline_1": deadline.strftime("%H:%M:%S"),
        "time_zone": "Europe/Ljubljana",
        "official_url": "",
        "contact": "",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "documents-0-title": "",
        "documents-0-order": "0",
        "_save": "Shrani",
    }
    data.update(changes)
    return data


@pytest.fixture(autouse=True)
def _slovene(settings):
    settings.LANGUAGE_CODE = "sl"


def _errors(response) -> str:
    return response.content.decode()


def test_staff_publish_a_call_with_a_word_document(client_for, staff):
    funder = FunderFactory()
    document = SimpleUploadedFile("obrazec.docx", _docx())
    response = client_for(staff).post(
        ADD_URL,
        call_data(funder, **{"documents-0-title": "Prijavnica", "documents-0-file": document}),
    )
    assert response.status_code == 302, _errors(response)
    call = Call.objects.get()
    assert call.sectors == ["civil"]
    assert call.published_at is not None
    stored = call.documents.get()
    assert stored.file.name.startswith("calls/documents/")
    assert "obrazec" not in stored.file.name
    assert stored.kind == "DOCX"
    assert call.history.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param(
            {"deadline_0": (timezone.now() - timedelta(days=5)).strftime("%Y-%m-%d")},
            "Rok mora biti po odprtju razpisa.",
            id="deadline before opening",
        ),
        pytest.param(
            {"min_grant": "9000", "max_grant": "5000"},
            "Najvišja dotacija ne sme biti nižja od najnižje.",
            id="max below min",
        ),
        pytest.param(
            {"co_financing": "120"},
            "Stopnja sofinanciranja mora biti odstotek od 0 do 100.",
            id="co-financing 120 %",
        ),
    ],
)
def test_a_call_that_breaks_a_rule_is_refused_in_the_readers_language(
    client_for, staff, changes, message
):
    response = client_for(staff).post(ADD_URL, call_data(FunderFactory(), **changes))
    assert response.status_code == 200
    assert message in _errors(response)
    assert not Call.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        pytest.param(
            SimpleUploadedFile("razpis.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 500),
            "ni ena od teh",
            id="an executable renamed .pdf",
        ),
        pytest.param(
            SimpleUploadedFile("razpis.pdf", PDF_BYTES + b"\x00" * DOCUMENT_MAX_BYTES),
            "Dokument je prevelik",
            id="over 10 MB",
        ),
    ],
)
def test_a_document_that_is_not_one_or_too_large_is_refused(client_for, staff, upload, message):
    data = call_data(FunderFactory(), **{"documents-0-title": "Razpis", "documents-0-file": upload})
    response = client_for(staff).post(ADD_URL, data)
    assert response.status_code == 200
    assert message in _errors(response)
    assert not Call.objects.exists()
    assert not CallDocument.objects.exists()


@pytest.mark.parametrize("user", ["anonymous_user", "ngo_admin"])
def test_only_staff_reach_the_call_admin(client, client_for, user, request):
    if user == "ngo_admin":
        client = client_for(request.getfixturevalue("ngo_admin"))
    response = client.post(ADD_URL, call_data(FunderFactory()))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not Call.objects.exists()


def test_a_funder_logo_that_is_not_an_image_is_refused(client_for, staff):
    from calls.models import Funder

    response = client_for(staff).post(
        "/admin/calls/funder/add/",
        {
            "name": "Fundacija",
            "slug": "fundacija",
            "kind": "foundation",
            "website": "",
            "logo": SimpleUploadedFile("logo.png", b"MZ\x90\x00not an image"),
        },
    )
    assert response.status_code == 200
    assert not Funder.objects.exists()


def test_staff_see_the_subscriptions(client_for, staff):
    from calls.models import Subscription
    from tests.factories import UserFactory

    Subscription.objects.create(user=UserFactory(email="alerts@example.org"))
    page = client_for(staff).get("/admin/calls/subscription/").content.decode()
    assert "alerts@example.org" in page


def test_the_call_list_in_the_admin_links_to_the_organisations_to_invite(client_for, staff):
    from tests.factories import CallFactory

    call = CallFactory(slug="youth-call")
    page = client_for(staff).get("/admin/calls/call/").content.decode()
    assert call.title in page
    assert "/calls/youth-call/organisations/" in page
