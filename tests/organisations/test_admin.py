"""Staff verify and reject organisations in the admin; the organisation's admins are told."""

import pytest
from django.core import mail

from organisations.models import Organisation, VerificationStatus
from tests.factories import MembershipFactory, OrganisationFactory, SupportRecordFactory

CHANGELIST = "/admin/organisations/organisation/"


@pytest.fixture
def admin_client_for(client_for, settings):
    """The admin has no language prefix; these tests read it in English."""

    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def pending(ngo_admin, organisation_a):
    Organisation.objects.filter(pk=organisation_a.pk).update(
        verification_status=VerificationStatus.PENDING
    )
    organisation_a.refresh_from_db()
    return organisation_a


def test_staff_verify_in_bulk_and_each_organisation_is_told(
    admin_client_for, staff, pending, ngo_admin, django_capture_on_commit_callbacks
):
    other = OrganisationFactory(name="Druga", verification_status=VerificationStatus.PENDING)
    MembershipFactory(organisation=other, user__email="druga@example.org")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client_for(staff).post(
            CHANGELIST,
            {"action": "verify", "_selected_action": [pending.pk, other.pk]},
            follow=True,
        )
    assert "2 organisations verified" in response.content.decode()
    # The mails leave only after the commit (as does the refresh of the cached pages).
    assert len([c for c in callbacks if not hasattr(c, "pending")]) == 2
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.VERIFIED
    assert pending.verified_by == staff
    assert sorted(message.to[0] for message in mail.outbox) == [
        "admin.a@example.org",
        "druga@example.org",
    ]
    # Slovene organisations are written to in Slovene; the links are absolute.
    message = next(m for m in mail.outbox if m.to == ["admin.a@example.org"])
    assert pending.name in message.subject
    assert f"/sl/organisations/{pending.slug}/" in message.body


def test_rejecting_asks_for_a_reason_and_sends_it(
    admin_client_for, staff, pending, django_capture_on_commit_callbacks
):
    client = admin_client_for(staff)
    form = client.post(CHANGELIST, {"action": "reject", "_selected_action": [pending.pk]})
    assert "Reason for the rejection" in form.content.decode()
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            CHANGELIST,
            {
                "action": "reject",
                "_selected_action": [pending.pk],
                "confirmed": "yes",
                "reason": "Not registered in our region.",
            },
        )
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.REJECTED
    assert pending.rejection_reason == "Not registered in our region."
    assert "Not registered in our region." in mail.outbox[-1].body


def test_changing_the_status_on_the_change_form_also_tells_them(
    admin_client_for, staff, pending, django_capture_on_commit_callbacks
):
    client = admin_client_for(staff)
    url = f"{CHANGELIST}{pending.pk}/change/"
    response = client.get(url)
    form = response.context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in {"logo", "municipalities_served", "fields"}
    }
    data.update(
        {
            "verification_status": "verified",
            "seat": pending.seat_id,
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
            "support_records-TOTAL_FORMS": 0,
            "support_records-INITIAL_FORMS": 0,
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.VERIFIED
    assert len(mail.outbox) == 1
    assert pending.history.first().history_user == staff


def test_non_staff_cannot_use_the_admin(admin_client_for, ngo_admin, pending):
    response = admin_client_for(ngo_admin).post(
        CHANGELIST, {"action": "verify", "_selected_action": [pending.pk]}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.PENDING


def test_the_admin_shows_the_history_and_exports_csv(admin_client_for, staff, organisation_a):
    SupportRecordFactory(organisation=organisation_a)
    client = admin_client_for(staff)
    assert client.get(f"{CHANGELIST}{organisation_a.pk}/history/").status_code == 200
    response = client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [organisation_a.pk]}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert organisation_a.name in body
    page = client.get(f"{CHANGELIST}{organisation_a.pk}/change/").content.decode()
    assert "Priprava prijave na razpis" in page  # support records inline
