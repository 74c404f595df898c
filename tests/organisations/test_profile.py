"""Editing a profile: who may, what they may set, and two people saving at once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from organisations.models import Organisation, VerificationStatus
from tests.factories import OrganisationFactory
from tests.organisations.helpers import edit_data, png


def edit_url(organisation):
    return f"/en/organisations/{organisation.slug}/edit/"


def test_anonymous_cannot_edit(anonymous, organisation_a):
    response = anonymous.post(edit_url(organisation_a), edit_data(organisation_a, name="Hacked"))
    assert response.status_code == 302
    assert "login" in response["Location"]
    organisation_a.refresh_from_db()
    assert organisation_a.name != "Hacked"


def test_the_admin_of_another_organisation_gets_404(client_for, other_ngo_admin, organisation_a):
    client = client_for(other_ngo_admin)
    assert client.get(edit_url(organisation_a)).status_code == 404
    response = client.post(edit_url(organisation_a), edit_data(organisation_a, name="Hacked"))
    assert response.status_code == 404
    organisation_a.refresh_from_db()
    assert organisation_a.name != "Hacked"


@pytest.mark.parametrize("person", ["ngo_editor", "ngo_admin", "staff"])
def test_editors_admins_and_staff_save_the_profile(request, client_for, organisation_a, person):
    user = request.getfixturevalue(person)
    response = client_for(user).post(
        edit_url(organisation_a),
        edit_data(organisation_a, name="Društvo Soča", phone="+386 5 123 45 67"),
        follow=True,
    )
    assert "The profile has been saved." in response.content.decode()
    organisation_a.refresh_from_db()
    assert (organisation_a.name, organisation_a.phone) == ("Društvo Soča", "+386 5 123 45 67")
    assert organisation_a.version == 2
    # The slug stays, so shared links keep working.
    assert organisation_a.slug == "drustvo-zivljenje-soca"
    assert organisation_a.history.first().history_user == user


def test_a_forged_post_cannot_set_staff_only_fields(client_for, ngo_admin):
    organisation = OrganisationFactory(verification_status=VerificationStatus.PENDING)
    organisation.memberships.create(user=ngo_admin, role="admin")
    client_for(ngo_admin).post(
        edit_url(organisation),
        edit_data(
            organisation,
            verification_status="verified",
            has_potential="on",
            staff_notes="we are great",
            verified_by=ngo_admin.pk,
        ),
    )
    organisation.refresh_from_db()
    assert organisation.verification_status == VerificationStatus.PENDING
    assert organisation.has_potential is False
    assert organisation.staff_notes == ""
    assert organisation.verified_by is None


def test_the_second_of_two_people_saving_is_told_and_loses_nothing(
    client_for, ngo_admin, ngo_editor, organisation_a
):
    opened = edit_data(organisation_a)  # both open the form at version 1
    client_for(ngo_admin).post(edit_url(organisation_a), {**opened, "phone": "+386 1 111 11 11"})

    response = client_for(ngo_editor).post(
        edit_url(organisation_a), {**opened, "description": "My long new description."}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this profile while you were editing it." in page
    assert "My long new description." in page  # still in the form
    assert "Public phone" in page  # named as changed meanwhile
    organisation_a.refresh_from_db()
    assert organisation_a.phone == "+386 1 111 11 11"
    assert organisation_a.description != "My long new description."

    # Saving again, having seen the other change, goes through.
    resent = {**opened, "description": "My long new description.", "version": 2}
    client_for(ngo_editor).post(edit_url(organisation_a), resent)
    organisation_a.refresh_from_db()
    assert organisation_a.description == "My long new description."


def test_a_logo_can_be_replaced_and_a_fake_one_changes_nothing(
    client_for, ngo_admin, organisation_a
):
    client = client_for(ngo_admin)
    client.post(edit_url(organisation_a), {**edit_data(organisation_a), "logo": png()})
    organisation_a.refresh_from_db()
    first_logo = organisation_a.logo.name
    assert first_logo.endswith(".png")

    fake = SimpleUploadedFile("evil.png", b"<?php echo 1; ?>", content_type="image/png")
    response = client.post(edit_url(organisation_a), {**edit_data(organisation_a), "logo": fake})
    assert "The logo must be an image" in response.content.decode()
    organisation_a.refresh_from_db()
    assert organisation_a.logo.name == first_logo


def test_changing_the_number_to_one_already_registered_is_refused(
    client_for, ngo_admin, organisation_a
):
    OrganisationFactory(registration_number="9331310")
    response = client_for(ngo_admin).post(
        edit_url(organisation_a), edit_data(organisation_a, registration_number="9331310000")
    )
    assert "already registered" in response.content.decode()
    organisation_a.refresh_from_db()
    assert organisation_a.registration_number == ""


def test_confirming_the_profile_resets_the_reminders(client_for, ngo_editor, organisation_a):
    Organisation.objects.filter(pk=organisation_a.pk).update(confirmation_reminders_sent=2)
    response = client_for(ngo_editor).post(f"/en/organisations/{organisation_a.slug}/confirm/")
    assert response.status_code == 302
    organisation_a.refresh_from_db()
    assert organisation_a.confirmation_reminders_sent == 0


def test_others_cannot_confirm_a_profile(client_for, anonymous, other_ngo_admin, organisation_a):
    url = f"/en/organisations/{organisation_a.slug}/confirm/"
    before = organisation_a.last_confirmed_at
    assert anonymous.post(url).status_code == 302
    assert client_for(other_ngo_admin).post(url).status_code == 404
    organisation_a.refresh_from_db()
    assert organisation_a.last_confirmed_at == before
