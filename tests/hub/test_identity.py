"""The hub's identity as readers meet it: reference data and the funder's line in their language,
the operation of the document's date on PDFs, the hub's name in e-mails, and the staff's way in."""

import csv
import io
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

import hub.demo
from events.services import render_attendance_sheet
from hub.models import FieldOfActivity, FunderLogo, Operation
from hub.selectors import operation_on
from tests.factories import (
    EventFactory,
    HubProfileFactory,
    JoinRequestFactory,
    OperationFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SLOVENE_FIELDS = {slovene for _, slovene, *_ in hub.demo.FIELDS}
ESF_LINE = hub.demo.GORISKA.operations[0].publicity_text
FUND_LINE = hub.demo.GORISKA.operations[1].publicity_text


def pdf_text(content: bytes) -> str:
    """The text of every page, lines joined as they wrap."""
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )


@pytest.fixture
def no_operations():
    """No operation but those the test makes (not even the first run's, made from the settings)."""
    Operation.objects.all().delete()


@pytest.fixture
def goriska():
    """The Goriška hub: its fields in four languages, its profile and its two operations."""
    hub.demo.load()
    return OrganisationFactory(
        name="Mladinski center Ajdovščina",
        slug="mladinski-center-ajdovscina",
        fields=list(FieldOfActivity.objects.filter(slug__in=["youth", "social-care"])),
    )


@pytest.mark.parametrize(
    ("language", "youth"), [("en", "Youth"), ("bg", "Младежи"), ("pl", "Młodzież")]
)
@pytest.mark.parametrize(
    "page", ["/{}/", "/{}/organisations/?field=youth", "/{}/organisations/{}/"]
)
def test_a_page_in_another_language_has_no_slovene_reference_data_or_publicity(
    anonymous, goriska, language, youth, page
):
    html = anonymous.get(page.format(language, goriska.slug)).content.decode()

    own_names = {names[("sl", "en", "bg", "pl").index(language)] for _, *names in hub.demo.FIELDS}
    assert not [name for name in SLOVENE_FIELDS - own_names if f">{name}<" in html]
    assert FUND_LINE["sl"] not in html
    assert FUND_LINE[language] in html
    if "organisations" in page:
        assert youth in html


def test_the_home_page_introduces_the_hub_in_the_readers_language(anonymous, goriska):
    assert hub.demo.GORISKA.introduction["pl"] in anonymous.get("/pl/").content.decode()
    assert hub.demo.GORISKA.introduction["sl"] in anonymous.get("/sl/").content.decode()


def test_fields_of_activity_sort_in_the_readers_language_with_other_last(anonymous, goriska):
    field = anonymous.get("/en/organisations/").context["filter"].form.fields["field"]
    names = [str(label) for _, label in field.choices][1:]
    assert names[:3] == ["Culture", "Development cooperation", "Education and lifelong learning"]
    assert names[-1] == "Other"


def test_a_bulgarian_attendance_sheet_carries_the_bulgarian_publicity_line(goriska):
    event = EventFactory(title="Работна среща в Русе", language="bg")

    text = pdf_text(render_attendance_sheet(event))

    assert FUND_LINE["bg"] in text
    assert FUND_LINE["sl"] not in text
    assert "Работна среща в Русе" in text


def test_a_pdf_carries_the_line_of_the_operation_running_on_its_date(no_operations):
    today = timezone.localdate()
    OperationFactory(
        start=today - timedelta(days=4 * 365),
        end=today - timedelta(days=2 * 365),
        publicity_text_en="Co-funded by the European Social Fund.",
    )
    OperationFactory(
        start=today - timedelta(days=2 * 365 - 1),
        end=today + timedelta(days=365),
        publicity_text_en="Co-funded by the NGO Fund.",
    )
    then = timezone.now() - timedelta(days=3 * 365)
    earlier = EventFactory(language="en", start=then, end=then + timedelta(hours=2))
    current = EventFactory(language="en")

    earlier_text = pdf_text(render_attendance_sheet(earlier))
    current_text = pdf_text(render_attendance_sheet(current))

    assert "Co-funded by the European Social Fund." in earlier_text
    assert "NGO Fund" not in earlier_text
    assert "Co-funded by the NGO Fund." in current_text
    assert "European Social Fund" not in current_text


def test_a_pdf_embeds_the_funder_logos_of_its_operation(no_operations):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "navy").save(buffer, "PNG")
    operation = OperationFactory()
    FunderLogo.objects.create(
        operation=operation,
        description="European Union",
        image=SimpleUploadedFile("eu.png", buffer.getvalue(), content_type="image/png"),
    )

    reader = PdfReader(io.BytesIO(render_attendance_sheet(EventFactory(language="en"))))

    assert len(reader.pages[0]["/Resources"].get("/XObject", {})) == 1


def test_pages_show_the_publicity_line_of_todays_operation_and_none_outside_one(
    anonymous, no_operations
):
    today = timezone.localdate()
    OperationFactory(
        start=today - timedelta(days=10),
        end=today - timedelta(days=1),
        publicity_text_en="An operation that has ended.",
    )
    page = anonymous.get("/en/").content.decode()
    assert "An operation that has ended." not in page
    assert operation_on(today) is None


def test_the_export_carries_the_code_and_the_label_of_each_field(anonymous, goriska):
    response = anonymous.get("/bg/organisations/export.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(body)))

    assert sorted(row["fields"].split("; ")) == ["social-care", "youth"]
    labels = dict(zip(row["fields"].split("; "), row["field_labels"].split("; "), strict=True))
    assert labels == {"youth": "Младежи", "social-care": "Социални грижи"}
    assert row["sector"] == "civil"
    assert row["sector_label"] not in ("", "civil")


def test_staff_changes_to_the_profile_show_at_once(anonymous, client_for, staff):
    profile = HubProfileFactory(name="Stičišče NVO Goriška")
    assert "Stičišče NVO Goriška" in anonymous.get("/en/").content.decode()

    response = client_for(staff).post(
        f"/admin/hub/hubprofile/{profile.pk}/change/",
        {
            "name": "Stičišče Planota",
            "language": "sl",
            "country": "SI",
            "time_zone": "Europe/Ljubljana",
            "currency": "EUR",
            "email": "info@planota.example.org",
            "address": "Trg 1, Ajdovščina",
            "phone": "",
            "website": "",
            "introduction_sl": "",
            "introduction_en": "We strengthen the NGOs of the Vipava valley.",
            "introduction_bg": "",
            "introduction_pl": "",
        },
    )
    assert response.status_code == 302

    page = anonymous.get("/en/").content.decode()
    assert "Stičišče Planota" in page
    assert "info@planota.example.org" in page
    assert "We strengthen the NGOs of the Vipava valley." in page
    assert (
        "We strengthen the NGOs of the Vipava valley." not in anonymous.get("/bg/").content.decode()
    )


def test_the_profile_is_made_from_the_settings_on_a_first_run(anonymous, settings):
    from hub.models import HubProfile, Operation
    from hub.selectors import hub_cache_clear

    HubProfile.objects.all().delete()
    Operation.objects.all().delete()
    hub_cache_clear()
    settings.HUB_NAME = "Stičišče Grozd"
    settings.FUNDER_PUBLICITY_TEXT = "Operacijo sofinancira Evropska unija."

    page = anonymous.get("/sl/").content.decode()

    assert "Stičišče Grozd" in page
    assert "Operacijo sofinancira Evropska unija." in page
    assert HubProfile.objects.get().name == "Stičišče Grozd"


def test_the_sign_up_e_mail_names_the_hub(anonymous, django_capture_on_commit_callbacks):
    HubProfileFactory(name="Stičišče NVO Goriška")

    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(
            "/en/accounts/signup/",
            {
                "email": "new@example.org",
                "password1": "a long pass phrase",
                "password2": "a long pass phrase",
                "first_name": "Nina",
                "last_name": "Novak",
                "privacy_consent": "on",
            },
        )

    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["new@example.org"]
    assert "Hello from Stičišče NVO Goriška!" in message.body
    assert "Thank you for using Stičišče NVO Goriška!" in message.body
    assert "from !" not in message.body and "using !" not in message.body


def test_a_superuser_from_the_command_line_signs_in_to_the_admin(anonymous, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long pass phrase")
    call_command("createsuperuser", "--noinput", "--email", "boss@example.org", verbosity=0)

    assert EmailAddress.objects.get(email="boss@example.org").verified
    login = anonymous.get("/admin/", follow=True)
    assert login.request["PATH_INFO"] == "/sl/accounts/login/"
    response = anonymous.post(
        "/sl/accounts/login/?next=/admin/",
        {"login": "boss@example.org", "password": "a long pass phrase"},
    )
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert anonymous.get("/admin/").status_code == 200


def test_the_admin_home_lists_what_waits_for_staff(client_for, staff):
    OrganisationFactory(name="Waiting one", verification_status="pending")
    OrganisationFactory(name="Waiting two", verification_status="pending")
    OrganisationFactory(name="Verified")
    JoinRequestFactory()

    page = client_for(staff).get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    rows = dict(re.findall(r'<a href="[^"]*">([^<]+)</a></th><td>(\d+)</td>', page))
    assert rows["Organisations waiting for verification"] == "2"
    assert rows["Open join requests"] == "1"
    assert "?verification_status__exact=pending" in page


def test_events_in_the_admin_are_listed_upcoming_first(client_for, staff):
    now = timezone.now()
    for title, days in [
        ("Last year", -300),
        ("Next month", 30),
        ("Last week", -7),
        ("Tomorrow", 1),
    ]:
        start = now + timedelta(days=days)
        EventFactory(title=title, start=start, end=start + timedelta(hours=2))

    page = client_for(staff).get("/admin/events/event/").content.decode()

    titles = ["Tomorrow", "Next month", "Last week", "Last year"]
    assert sorted(titles, key=page.index) == titles


def test_a_regular_user_is_not_verified_by_being_created():
    user = UserFactory(verified=False)
    assert not EmailAddress.objects.filter(user=user).exists()


def test_a_new_event_in_the_admin_is_in_the_hubs_language(client_for, staff):
    HubProfileFactory(language="bg")
    form = client_for(staff).get("/admin/events/event/add/").context["adminform"].form
    assert form.initial["language"] == "bg"


def test_the_admin_home_counts_in_the_same_queries_for_one_or_many(client_for, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(staff)
    OrganisationFactory(verification_status="pending")
    with CaptureQueriesContext(connection) as one:
        client.get("/admin/")
    for _ in range(12):
        OrganisationFactory(verification_status="pending")
        JoinRequestFactory()
    # The session and user, then one count per kind of waiting item: never one query per row.
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/")
    assert len(many) == len(one)
