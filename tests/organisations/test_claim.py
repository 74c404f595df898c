"""Claiming an imported profile: the organisation's own address claims it, any other address
asks staff, and the invitation leaves once however often staff click."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from hub.models import OutboxEmail, User
from organisations.models import JoinRequest, Membership, Organisation, Role
from organisations.services import join_request_approve, organisation_claim_invite
from organisations.tokens import claim_token
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported():
    """An organisation brought in by an import: a public address, no members."""
    return OrganisationFactory(name="Društvo Soča", email="info@soca.si")


def invite(client, organisations):
    return client.post(
        reverse("admin:organisations_organisation_changelist"),
        {"action": "invite_to_claim", "_selected_action": [o.pk for o in organisations]},
    )


def test_the_invitation_is_sent_once_however_often_staff_click(client_for, staff, imported):
    client = client_for(staff)
    for _click in range(3):
        invite(client, [imported])

    emails = OutboxEmail.objects.filter(template="organisations/claim")
    assert list(emails.values_list("recipients", flat=True)) == ["info@soca.si"]
    assert "/organisations/claim/" in emails.get().message["body"]
    imported.refresh_from_db()
    assert imported.claim_invited_at is not None


def test_invitations_are_spread_out_and_skip_organisations_with_members(staff, imported):
    others = [OrganisationFactory(email=f"info{n}@ngo.si") for n in range(3)]
    with_members = OrganisationFactory(email="has@members.si")
    MembershipFactory(organisation=with_members)
    without_address = OrganisationFactory(email="")

    invited = organisation_claim_invite(
        organisations=Organisation.objects.filter(
            pk__in=[imported.pk, with_members.pk, without_address.pk, *[o.pk for o in others]]
        ),
        by=staff,
    )

    assert len(invited) == 4
    times = sorted(
        OutboxEmail.objects.filter(template="organisations/claim").values_list(
            "next_attempt_at", flat=True
        )
    )
    gaps = {later - earlier for earlier, later in zip(times, times[1:], strict=False)}
    assert len(times) == 4 and min(gaps).total_seconds() >= 3


def test_the_organisations_address_claims_it_by_signing_in(client_for, imported):
    person = UserFactory(email="Info@Soca.si")
    EmailAddress.objects.update_or_create(
        user=person, email="Info@Soca.si", defaults={"primary": True, "verified": False}
    )
    url = reverse("organisations:claim", kwargs={"token": claim_token(imported)})

    response = client_for(person).post(url)

    assert response.status_code == 302
    assert Membership.objects.get(organisation=imported).user == person
    assert Membership.objects.get(organisation=imported).role == Role.ADMIN
    # The link was sent to the address: opening it proves the address is theirs.
    assert EmailAddress.objects.get(user=person).verified


def test_the_organisations_address_claims_it_by_making_an_account(anonymous, imported):
    url = reverse("organisations:claim", kwargs={"token": claim_token(imported)})
    assert "Choose a password" in anonymous.get(
        url, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode() or (anonymous.get(url).status_code == 200)

    anonymous.post(url, {"password1": "a-long-Passw0rd-1", "password2": "a-long-Passw0rd-1"})

    user = User.objects.get(email="info@soca.si")
    assert EmailAddress.objects.get(user=user).verified
    assert Membership.objects.get(organisation=imported, user=user).role == Role.ADMIN


def test_another_address_becomes_a_request_for_staff(client_for, staff, imported):
    stranger = UserFactory(email="someone@else.si")
    url = reverse("organisations:claim", kwargs={"token": claim_token(imported)})

    client_for(stranger).post(url)

    assert not Membership.objects.filter(organisation=imported).exists()
    request = JoinRequest.objects.get(organisation=imported)
    assert (request.user, request.claim, request.status) == (stranger, True, "pending")
    assert OutboxEmail.objects.filter(key=f"claim-request:{request.pk}").exists()

    join_request_approve(join_request=request, by=staff)
    assert Membership.objects.get(organisation=imported, user=stranger).role == Role.ADMIN


def test_a_claimed_or_forged_link_claims_nothing(client_for, imported, anonymous):
    owner = UserFactory(email="owner@soca.si")
    MembershipFactory(organisation=imported, user=owner, role=Role.ADMIN)
    url = reverse("organisations:claim", kwargs={"token": claim_token(imported)})
    person = UserFactory(email="info@soca.si")

    client_for(person).post(url)
    assert not Membership.objects.filter(user=person).exists()

    forged = reverse("organisations:claim", kwargs={"token": "eyJvIjoxfQ:forged:sig"})
    assert anonymous.get(forged).status_code == 410
