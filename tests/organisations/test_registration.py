"""Registering a new organisation and asking to join one."""

import pytest
from django.conf import settings
from django.core import mail

from organisations.models import JoinRequest, Membership, Organisation, VerificationStatus
from organisations.services import organisation_unique_slug, organisation_unique_slugs
from tests.factories import OrganisationFactory, UserFactory
from tests.organisations.helpers import SI_MATICNA, oversized_png, png, profile_data

REGISTER = "/en/organisations/register/"


@pytest.fixture
def newcomer(db):
    return UserFactory(email="newcomer@example.org")


def test_anonymous_is_sent_to_sign_in(anonymous):
    response = anonymous.post(REGISTER, profile_data())
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not Organisation.objects.exists()


def test_a_new_organisation_is_pending_and_its_registrant_is_its_admin(
    client_for, newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(newcomer).post(REGISTER, profile_data(logo=png()), follow=True)

    organisation = Organisation.objects.get()
    assert organisation.verification_status == VerificationStatus.PENDING
    assert organisation.registration_number == "9331310"
    assert organisation.slug == "drustvo-smarnica"
    assert organisation.logo.name.startswith("organisations/logos/")
    membership = Membership.objects.get()
    assert (membership.user, membership.role) == (newcomer, "admin")
    assert "is registered" in response.content.decode()
    assert "waiting for the hub to verify it" in response.content.decode()
    # The hub hears about it; the history says who created it.
    (message,) = mail.outbox
    assert message.to == [settings.HUB_EMAIL]
    assert "Društvo Šmarnica" in message.subject
    assert f"/admin/organisations/organisation/{organisation.pk}/change/" in message.body
    assert organisation.history.get().history_user == newcomer


@pytest.mark.django_db
def test_many_new_organisations_get_the_slugs_registering_them_one_by_one_would_give():
    OrganisationFactory(name="Društvo Šmarnica", slug="drustvo-smarnica")
    names = ["Društvo Šmarnica", "DRUŠTVO ŠMARNICA", "Register", "Društvo Soča"]

    slugs = organisation_unique_slugs(names)

    assert slugs == [
        "drustvo-smarnica-2",
        "drustvo-smarnica-3",
        "register-organisation",
        "drustvo-soca",
    ]
    for name, slug in zip(names, slugs, strict=True):
        assert organisation_unique_slug(name) == slug
        OrganisationFactory(name=name, slug=slug)


def test_a_pending_organisation_is_not_in_the_public_directory(client_for, newcomer, anonymous):
    client_for(newcomer).post(REGISTER, profile_data())
    slug = Organisation.objects.get().slug
    assert "Šmarnica" not in anonymous.get("/en/organisations/").content.decode()
    assert anonymous.get(f"/en/organisations/{slug}/").status_code == 404
    assert client_for(newcomer).get(f"/en/organisations/{slug}/").status_code == 200


def test_a_forged_post_cannot_register_a_verified_organisation(client_for, newcomer):
    client_for(newcomer).post(
        REGISTER,
        profile_data(
            verification_status="verified",
            has_potential="on",
            staff_notes="forged",
            version="99",
        ),
    )
    organisation = Organisation.objects.get()
    assert organisation.verification_status == VerificationStatus.PENDING
    assert organisation.has_potential is False
    assert organisation.staff_notes == ""


def test_a_wrong_registration_number_is_explained_and_nothing_is_saved(client_for, newcomer):
    response = client_for(newcomer).post(REGISTER, profile_data(registration_number="9331320000"))
    assert response.status_code == 200
    assert "The check digit is wrong" in response.content.decode()
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("stored", ["9331310", "9331310000"])
def test_a_number_already_registered_in_any_form_points_to_joining(client_for, newcomer, stored):
    existing = OrganisationFactory(
        name="Društvo Šmarnica", registration_number=stored, country="SI"
    )
    response = client_for(newcomer).post(REGISTER, profile_data())
    page = response.content.decode()
    assert "This organisation is already registered — ask to join it instead." in page
    assert f'href="/en/organisations/{existing.slug}/join/"' in page
    assert Organisation.objects.count() == 1
    assert not Membership.objects.exists()


def test_the_same_number_in_another_country_is_someone_else(client_for, newcomer):
    OrganisationFactory(country="PL", registration_number="0000123456")
    response = client_for(newcomer).post(
        REGISTER, profile_data(country="SI", registration_number=SI_MATICNA, tax_number="")
    )
    assert response.status_code == 302
    assert Organisation.objects.count() == 2


def test_a_text_file_named_png_is_refused_with_a_clear_message(client_for, newcomer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("logo.png", b"not an image at all", content_type="image/png")
    response = client_for(newcomer).post(REGISTER, profile_data(logo=fake))
    assert "The logo must be an image (PNG, JPEG, GIF or WebP)" in response.content.decode()
    assert not Organisation.objects.exists()


def test_an_oversized_logo_is_refused_with_a_clear_message(client_for, newcomer):
    response = client_for(newcomer).post(REGISTER, profile_data(logo=oversized_png()))
    assert "the limit is 2 MB" in response.content.decode()
    assert not Organisation.objects.exists()


def test_a_script_in_the_description_is_removed(client_for, newcomer):
    client_for(newcomer).post(
        REGISTER, profile_data(description="Hello<script>alert(1)</script> <em>world</em>")
    )
    assert Organisation.objects.get().description == "Hello <em>world</em>"


# Asking to join


def test_an_organisation_is_found_by_its_registration_number(client_for, newcomer):
    OrganisationFactory(name="Društvo Šmarnica", registration_number="9331310")
    response = client_for(newcomer).get("/en/organisations/join/", {"q": "933 1310"})
    assert "Društvo Šmarnica" in response.content.decode()


def test_an_organisation_is_found_by_name(client_for, newcomer):
    OrganisationFactory(name="Društvo Šmarnica")
    OrganisationFactory(name="Rejected one", verification_status=VerificationStatus.REJECTED)
    page = client_for(newcomer).get("/en/organisations/join/", {"q": "Šmarnica"}).content.decode()
    assert "Društvo Šmarnica" in page
    assert "Rejected one" not in page
    empty = client_for(newcomer).get("/en/organisations/join/", {"q": "nothing like it"})
    assert "No organisation found." in empty.content.decode()


def test_a_join_request_reaches_the_admins(
    client_for, newcomer, ngo_admin, organisation_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(newcomer).post(
            f"/en/organisations/{organisation_a.slug}/join/", {"message": "I run the choir."}
        )
    assert response.status_code == 302
    join_request = JoinRequest.objects.get()
    assert (join_request.user, join_request.status) == (newcomer, "pending")
    assert mail.outbox[0].to == [ngo_admin.email]
    assert "I run the choir." in mail.outbox[0].body


def test_asking_twice_is_refused_kindly(client_for, newcomer, organisation_a):
    client = client_for(newcomer)
    client.post(f"/en/organisations/{organisation_a.slug}/join/", {"message": ""})
    response = client.post(
        f"/en/organisations/{organisation_a.slug}/join/", {"message": ""}, follow=True
    )
    assert "You have already asked to join" in response.content.decode()
    assert JoinRequest.objects.count() == 1


def test_a_member_cannot_ask_to_join_again(client_for, ngo_admin, organisation_a):
    response = client_for(ngo_admin).post(
        f"/en/organisations/{organisation_a.slug}/join/", {"message": ""}, follow=True
    )
    assert "You are already a member" in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_anonymous_cannot_ask_to_join(anonymous, organisation_a):
    response = anonymous.post(f"/en/organisations/{organisation_a.slug}/join/", {"message": ""})
    assert response.status_code == 302
    assert not JoinRequest.objects.exists()


def test_a_person_withdraws_only_their_own_request(
    client_for, newcomer, other_ngo_admin, organisation_a
):
    client_for(newcomer).post(f"/en/organisations/{organisation_a.slug}/join/", {"message": ""})
    join_request = JoinRequest.objects.get()
    url = f"/en/organisations/requests/{join_request.pk}/withdraw/"
    assert client_for(other_ngo_admin).post(url).status_code == 404
    assert client_for(newcomer).post(url).status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == "withdrawn"


@pytest.mark.parametrize("status", [VerificationStatus.REJECTED, VerificationStatus.INACTIVE])
def test_the_join_page_of_a_rejected_or_inactive_organisation_is_404_like_its_profile(
    client_for, newcomer, status
):
    organisation = OrganisationFactory(verification_status=status)
    base = f"/en/organisations/{organisation.slug}/"
    assert client_for(newcomer).get(base).status_code == 404
    assert client_for(newcomer).get(f"{base}join/").status_code == 404
    assert client_for(newcomer).post(f"{base}join/", {"message": "Let me in."}).status_code == 404
    assert not JoinRequest.objects.exists()


@pytest.mark.parametrize("status", [VerificationStatus.PENDING, VerificationStatus.VERIFIED])
def test_a_pending_or_verified_organisation_can_be_asked_to_join(client_for, newcomer, status):
    organisation = OrganisationFactory(verification_status=status)
    url = f"/en/organisations/{organisation.slug}/join/"
    assert client_for(newcomer).get(url).status_code == 200
    assert client_for(newcomer).post(url, {"message": "I sing in the choir."}).status_code == 302
    assert JoinRequest.objects.get().organisation == organisation
