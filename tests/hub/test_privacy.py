"""People see, take and erase their data; the funder's counts stay exactly the same."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from events.models import REGISTRATION_CONSENT, Registration
from events.privacy import registration_erase, registrations_retention_sweep
from hub.documents import document_render
from hub.indicators import RULES, Period
from hub.models import OutboxEmail, PersonalDataExport, PrivacyAction, PrivacyLogEntry, User
from hub.privacy import (
    PRIVACY_NOTICE_VERSION,
    Person,
    account_erase,
    personal_data_collect,
    personal_data_export_request,
)
from hub.selectors import hub_profile
from organisations.models import Membership
from reports.figures import figures_gather
from reports.services import funder_report_request
from tests.factories import (
    EventFactory,
    MembershipFactory,
    OperationFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.reports.conftest import operation_with

pytestmark = pytest.mark.django_db


def _past_event(days_ago: int, **kwargs):
    start = timezone.now() - timedelta(days=days_ago)
    return EventFactory(start=start, end=start + timedelta(hours=3), **kwargs)


def _figures() -> dict:
    """Every registered indicator over the last three years, rows behind them included."""
    today = timezone.localdate()
    period = Period(today - timedelta(days=3 * 365), today)
    return {code: rule(period=period).to_json() for code, rule in RULES.items()}


def _export(person: Person) -> dict:
    return json.loads(json.dumps(personal_data_collect(person), default=str))


def _without_time(figures: dict) -> dict:
    return {key: value for key, value in figures.items() if key != "gathered_at"}


# The export


def test_the_export_holds_every_registration_and_membership_of_the_person_and_nobody_elses(
    ngo_admin, other_ngo_admin, organisation_b
):
    MembershipFactory(user=ngo_admin, organisation=organisation_b, role="editor")
    mine = [
        RegistrationFactory(email="Admin.A@example.org", name="Ana Admin"),
        RegistrationFactory(email="admin.a@example.org", name="Ana Admin"),
    ]
    RegistrationFactory(email="someone.else@example.org", name="Bojan Drugi")

    data = _export(Person.of_user(ngo_admin))

    assert sorted(r["event"] for r in data["registrations"]) == sorted(r.event.title for r in mine)
    assert {m["organisation"] for m in data["memberships"]} == {
        ngo_admin.memberships.first().organisation.name,
        organisation_b.name,
    }
    assert data["account"][0]["email"] == "admin.a@example.org"
    text = json.dumps(data)
    assert "someone.else@example.org" not in text and "Bojan Drugi" not in text
    assert other_ngo_admin.email not in text


def test_a_signed_in_person_prepares_and_downloads_their_data(
    ngo_admin, client_for, django_capture_on_commit_callbacks
):
    RegistrationFactory(email=ngo_admin.email)
    client = client_for(ngo_admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/privacy/my-data/")
    response = client.get("/en/privacy/my-data/")

    assert b"Download your data" in response.content
    export = PersonalDataExport.objects.get(user=ngo_admin)
    document = export.documents.get()
    download = client.get(document.get_absolute_url())
    data = json.loads(b"".join(download.streaming_content))
    assert len(data["registrations"]) == 1
    assert PrivacyLogEntry.objects.filter(action=PrivacyAction.EXPORT).count() == 1


def test_nobody_else_downloads_a_persons_data(
    ngo_admin, other_ngo_admin, staff, anonymous, client_for, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(email="guest@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(ngo_admin).post("/en/privacy/my-data/")
    own = PersonalDataExport.objects.get(user=ngo_admin).documents.get()

    assert anonymous.get(own.get_absolute_url()).status_code == 404
    assert client_for(other_ngo_admin).get(own.get_absolute_url()).status_code == 404
    assert client_for(staff).get(own.get_absolute_url()).status_code == 404
    # A registration's personal link is no key to any copy.
    assert anonymous.get(f"{own.get_absolute_url()}?token={registration.token}").status_code == 404
    assert client_for(ngo_admin).get(own.get_absolute_url()).status_code == 200


def test_a_tampered_personal_link_neither_exports_nor_erases(anonymous):
    registration = RegistrationFactory(email="guest@example.org", name="Gita Gost")
    slug = registration.event.slug
    tampered = "x" * len(registration.token)

    assert anonymous.get(f"/en/events/{slug}/registration/{tampered}/my-data/").status_code == 404
    assert anonymous.post(f"/en/events/{slug}/registration/{tampered}/erase/").status_code == 404

    registration.refresh_from_db()
    assert registration.name == "Gita Gost" and registration.anonymised_at is None
    assert not PersonalDataExport.objects.exists()


def test_my_data_and_account_deletion_need_a_signed_in_person(anonymous):
    for url in ("/en/privacy/my-data/", "/en/privacy/delete-account/"):
        response = anonymous.post(url, {"password": "x"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not PersonalDataExport.objects.exists()


# Erasure keeps every count


def test_erasing_a_registration_through_the_link_keeps_every_figure(anonymous):
    event = _past_event(20)
    registrations = [
        RegistrationFactory(event=event, email="ana@example.org", attended=True),
        RegistrationFactory(email="Ana@example.org", attended=True, event=_past_event(10)),
        RegistrationFactory(event=event, email="bor@example.org", attended=True),
    ]
    before = _figures()

    target = registrations[0]
    old_token = target.token
    response = anonymous.post(
        f"/en/events/{event.slug}/registration/{target.token}/erase/", follow=True
    )

    assert b"Your registration is erased" in response.content
    target.refresh_from_db()
    assert target.anonymised_at is not None
    assert "ana" not in target.email.lower() and target.name == "(erased)"
    assert _figures() == before
    # The old link is dead.
    old = anonymous.get(f"/en/events/{event.slug}/registration/{old_token}/")
    assert old.status_code == 404


def test_deleting_an_account_erases_the_person_and_keeps_every_figure(ngo_editor, client_for):
    ngo_editor.set_password("geslo-za-test")
    ngo_editor.save()
    for days in (40, 20):
        RegistrationFactory(
            event=_past_event(days), email=ngo_editor.email.upper(), attended=True, name="Eda"
        )
    RegistrationFactory(event=_past_event(20), email="other@example.org", attended=True)
    OutboxEmail.objects.create(
        key="test:1", recipients=ngo_editor.email, subject="Hello Eda", message={"body": "Hi"}
    )
    before = _figures()
    client = client_for(ngo_editor)

    wrong = client.post("/en/privacy/delete-account/", {"password": "wrong"})
    assert wrong.status_code == 200 and b"That is not your password." in wrong.content
    assert User.objects.get(pk=ngo_editor.pk).erased_at is None

    response = client.post("/en/privacy/delete-account/", {"password": "geslo-za-test"})

    assert response.status_code == 302
    user = User.objects.get(pk=ngo_editor.pk)
    assert user.erased_at is not None and not user.is_active
    assert "editor.a" not in user.email
    assert not Membership.objects.filter(user=user).exists()
    assert not Registration.objects.filter(email__icontains="editor.a").exists()
    email = OutboxEmail.objects.get(key="test:1")
    assert ngo_editor.email not in email.recipients and email.message == {}
    assert _figures() == before
    assert client.get("/en/privacy/my-data/").status_code == 302  # signed out
    entry = PrivacyLogEntry.objects.get(action=PrivacyAction.ERASURE)
    assert entry.by_id == ngo_editor.pk and "editor.a" not in entry.what


def test_the_last_admin_hands_over_before_deleting_their_account(ngo_admin, ngo_editor, client_for):
    ngo_admin.set_password("geslo-za-test")
    ngo_admin.save()

    response = client_for(ngo_admin).post(
        "/en/privacy/delete-account/", {"password": "geslo-za-test"}
    )

    assert response.status_code == 409
    assert b"Make someone else an admin" in response.content
    assert User.objects.get(pk=ngo_admin.pk).erased_at is None
    assert Membership.objects.filter(user=ngo_admin).exists()


def test_the_only_member_may_delete_their_account(db):
    organisation = OrganisationFactory()
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role="admin")

    account_erase(user=user, by=user)

    assert not organisation.memberships.exists()


# Retention


def test_the_retention_job_keeps_evidence_and_changes_nothing_the_second_time(english, settings):
    settings.PRIVACY_PARTICIPANT_RETENTION_DAYS = 365
    today = timezone.localdate()
    OperationFactory(
        start=today - timedelta(days=900),
        end=today - timedelta(days=600),
        evidence_kept_until=today + timedelta(days=365),
    )
    evidence = RegistrationFactory(event=_past_event(700), attended=True, name="Dokaz")
    old = RegistrationFactory(event=_past_event(500), attended=True, name="Stara")
    recent = RegistrationFactory(event=_past_event(100), attended=True, name="Nova")
    before = _figures()

    assert registrations_retention_sweep() == 1
    assert registrations_retention_sweep() == 0

    for registration in (evidence, old, recent):
        registration.refresh_from_db()
    assert old.anonymised_at is not None and old.name == "(erased)"
    assert evidence.name == "Dokaz" and recent.name == "Nova"
    assert _figures() == before
    assert PrivacyLogEntry.objects.filter(action=PrivacyAction.RETENTION).count() == 1


def test_evidence_is_anonymised_once_the_operation_retention_date_has_passed(settings):
    settings.PRIVACY_PARTICIPANT_RETENTION_DAYS = 365
    today = timezone.localdate()
    OperationFactory(
        start=today - timedelta(days=900),
        end=today - timedelta(days=600),
        evidence_kept_until=today - timedelta(days=1),
    )
    evidence = RegistrationFactory(event=_past_event(700), attended=True)

    assert registrations_retention_sweep() == 1
    evidence.refresh_from_db()
    assert evidence.anonymised_at is not None


# Consent and the notice


def test_a_registration_keeps_the_consent_it_was_given_under(anonymous):
    event = EventFactory()
    anonymous.post(
        f"/sl/events/{event.slug}/register/",
        {"name": "Ana", "email": "ana@example.org", "consent": "on"},
    )
    registration = Registration.objects.get(email="ana@example.org")
    assert registration.consent_version == PRIVACY_NOTICE_VERSION
    with translation.override("sl"):
        assert registration.consent_text == str(REGISTRATION_CONSENT)


@pytest.mark.parametrize("language", ["sl", "en", "bg", "pl"])
def test_the_privacy_notice_names_the_hub_as_controller(anonymous, language):
    response = anonymous.get(f"/{language}/privacy/")
    assert response.status_code == 200
    assert hub_profile().name.encode() in response.content
    footer = anonymous.get(f"/{language}/").content
    with translation.override(language):
        assert reverse("privacy").encode() in footer


# Staff answer a request


def test_staff_find_export_and_erase_a_person_and_it_is_logged(staff, client_for):
    RegistrationFactory(email="guest@example.org", name="Gita Gost")
    client = client_for(staff)
    url = reverse("admin:hub_privacylogentry_person")

    found = client.get(url, {"email": "GUEST@example.org"})
    assert found.status_code == 200
    assert dict(found.context["summary"])

    client.post(url, {"email": "guest@example.org", "action": "export"})
    unconfirmed = client.post(url, {"email": "guest@example.org", "action": "erase"})
    assert Registration.objects.filter(name="Gita Gost").exists()
    assert unconfirmed.status_code == 200
    client.post(url, {"email": "guest@example.org", "action": "erase", "confirm": "on"})

    assert not Registration.objects.filter(name="Gita Gost").exists()
    actions = list(PrivacyLogEntry.objects.values_list("action", "by", flat=False))
    assert (PrivacyAction.EXPORT, staff.pk) in actions
    assert (PrivacyAction.ERASURE, staff.pk) in actions
    # Prepared copies go with the person.
    assert not PersonalDataExport.objects.filter(email="guest@example.org").exists()


def test_only_staff_with_the_permission_answer_requests(client_for, ngo_admin):
    clerk = UserFactory(is_staff=True)
    url = reverse("admin:hub_privacylogentry_person")
    assert client_for(ngo_admin).get(url).status_code == 302  # to the admin sign-in
    assert client_for(clerk).get(url).status_code == 403
    clerk.user_permissions.add(Permission.objects.get(codename="handle_personal_data"))
    assert client_for(User.objects.get(pk=clerk.pk)).get(url).status_code == 200


def test_a_rendered_export_is_valid_json_of_the_person(db):
    user = UserFactory(email="eva@example.org")
    RegistrationFactory(email="eva@example.org")
    document = personal_data_export_request(email=user.email, user=user, by=user)
    document_render(document_id=document.pk)
    document.refresh_from_db()
    data = json.loads(document.file.read())
    assert data["account"][0]["email"] == "eva@example.org"
    assert len(data["registrations"]) == 1


def test_a_stored_report_and_the_gathered_figures_stay_the_same_after_erasures(
    funder_templates, ngo_editor, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    operation = operation_with(
        "esf-plus-2021-2027", start=today - timedelta(days=400), end=today + timedelta(days=400)
    )
    period = Period(today - timedelta(days=120), today)
    for days, email in (
        (60, ngo_editor.email),
        (30, "Guest@example.org"),
        (20, "guest@example.org"),
    ):
        RegistrationFactory(
            event=_past_event(days), email=email, attended=True, gender="woman", age_band="18_29"
        )
    with django_capture_on_commit_callbacks(execute=True):
        report = funder_report_request(
            operation=operation, period=period, kind="progress", language="en", by=None
        )
    report.refresh_from_db()
    stored = report.figures
    gathered = _without_time(figures_gather(operation=operation, period=period))
    assert stored is not None

    account_erase(user=ngo_editor, by=ngo_editor)
    registration = Registration.objects.filter(email="guest@example.org").first()
    registration_erase(registration=registration)

    report.refresh_from_db()
    assert report.figures == stored
    assert _without_time(figures_gather(operation=operation, period=period)) == gathered


@pytest.mark.parametrize("count", [1, 5])
def test_the_privacy_pages_take_the_same_queries_whatever_the_data(
    count, anonymous, ngo_admin, client_for, django_assert_num_queries
):
    today = timezone.localdate()
    for number in range(count):
        OperationFactory(
            name=f"Operation {number}",
            start=today - timedelta(days=900 + number),
            end=today - timedelta(days=600),
            evidence_kept_until=today + timedelta(days=365),
        )
        personal_data_export_request(email=ngo_admin.email, user=ngo_admin, by=ngo_admin)
    anonymous.get("/en/privacy/")  # the hub's identity is cached as on a running site
    # 1. the operations whose evidence is kept, with their dates
    with django_assert_num_queries(1):
        assert anonymous.get("/en/privacy/").status_code == 200
    client = client_for(ngo_admin)
    # 1. the session  2. the user  3. the latest copy of their data  4. the navigation's
    # reports link
    with django_assert_num_queries(4):
        assert client.get("/en/privacy/my-data/").status_code == 200
