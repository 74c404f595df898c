"""Every view that changes an organisation, tried by everyone who must not use it.

The rightful users are tested with what they achieve in test_profile.py and test_people.py;
here the point is that nobody else gets through and nothing changes when they try.
"""

import pytest
from allauth.account.models import EmailAddress

from organisations.models import Membership, Organisation
from tests.factories import InvitationFactory, JoinRequestFactory, UserFactory
from tests.organisations.helpers import edit_data

# (name, allowed for editors?)
ACTIONS = [
    ("edit", True),
    ("confirm", True),
    ("invite", False),
    ("role", False),
    ("remove", False),
    ("revoke", False),
    ("approve", False),
    ("decline", False),
]


@pytest.fixture
def world(organisation_a, ngo_admin, ngo_editor):
    """Organisation A with an admin, an editor, an open invitation and a join request."""
    return {
        "organisation": organisation_a,
        "editor_membership": Membership.objects.get(user=ngo_editor),
        "invitation": InvitationFactory(organisation=organisation_a),
        "join_request": JoinRequestFactory(organisation=organisation_a),
    }


def request_for(action: str, world: dict) -> tuple[str, dict]:
    organisation = world["organisation"]
    base = f"/en/organisations/{organisation.slug}/"
    editor = world["editor_membership"].pk
    return {
        "edit": (f"{base}edit/", edit_data(organisation, name="Taken over")),
        "confirm": (f"{base}confirm/", {}),
        "invite": (f"{base}people/invite/", {"email": "intruder@example.org", "role": "admin"}),
        "role": (f"{base}people/{editor}/role/", {"role": "admin"}),
        "remove": (f"{base}people/{editor}/remove/", {}),
        "revoke": (f"{base}invitations/{world['invitation'].pk}/revoke/", {}),
        "approve": (f"{base}requests/{world['join_request'].pk}/approve/", {}),
        "decline": (f"{base}requests/{world['join_request'].pk}/decline/", {}),
    }[action]


def snapshot(world: dict) -> tuple:
    organisation = Organisation.objects.get(pk=world["organisation"].pk)
    return (
        organisation.name,
        organisation.version,
        organisation.last_confirmed_at,
        sorted(Membership.objects.filter(organisation=organisation).values_list("user_id", "role")),
        organisation.invitations.filter(revoked_at__isnull=True).count(),
        list(organisation.join_requests.values_list("status", flat=True)),
    )


@pytest.mark.parametrize(("action", "_editors_may"), ACTIONS)
def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(
    anonymous, world, action, _editors_may
):
    before = snapshot(world)
    url, data = request_for(action, world)
    response = anonymous.post(url, data)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert snapshot(world) == before


@pytest.mark.parametrize(("action", "_editors_may"), ACTIONS)
def test_the_admin_of_another_organisation_gets_404_and_changes_nothing(
    client_for, other_ngo_admin, world, action, _editors_may
):
    before = snapshot(world)
    url, data = request_for(action, world)
    assert client_for(other_ngo_admin).post(url, data).status_code == 404
    assert snapshot(world) == before


@pytest.mark.parametrize("action", [name for name, editors_may in ACTIONS if not editors_may])
def test_an_editor_cannot_manage_the_people(client_for, ngo_editor, world, action):
    before = snapshot(world)
    url, data = request_for(action, world)
    assert client_for(ngo_editor).post(url, data).status_code == 404
    assert snapshot(world) == before


@pytest.mark.parametrize("person", ["ngo_admin", "staff"])
@pytest.mark.parametrize(("action", "_editors_may"), ACTIONS)
def test_admins_and_staff_may_do_each_of_them(
    request, client_for, world, person, action, _editors_may
):
    before = snapshot(world)
    url, data = request_for(action, world)
    response = client_for(request.getfixturevalue(person)).post(url, data)
    assert response.status_code == 302
    assert snapshot(world) != before


@pytest.mark.parametrize("action", ["edit", "confirm"])
def test_an_editor_keeps_the_profile(client_for, ngo_editor, world, action):
    before = snapshot(world)
    url, data = request_for(action, world)
    assert client_for(ngo_editor).post(url, data).status_code == 302
    assert snapshot(world) != before


@pytest.mark.parametrize(
    "url",
    [
        "/en/organisations/my/",
        "/en/organisations/register/",
        "/en/organisations/join/",
        "/en/organisations/drustvo-zivljenje-soca/join/",
    ],
)
def test_pages_for_members_ask_anonymous_visitors_to_sign_in(anonymous, organisation_a, url):
    response = anonymous.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# Accepting an invitation: the link alone is not enough, the account must have confirmed the
# address the invitation was sent to.


@pytest.fixture
def invitation(organisation_a):
    return InvitationFactory(
        organisation=organisation_a, email="colleague@example.org", role="admin"
    )


def invitation_snapshot(invitation) -> tuple:
    invitation.refresh_from_db()
    return (
        invitation.accepted_at,
        invitation.accepted_by_id,
        sorted(
            Membership.objects.filter(organisation=invitation.organisation).values_list(
                "user_id", "role"
            )
        ),
    )


def someone_with_the_address_unconfirmed():
    user = UserFactory(email="someone@example.org")
    EmailAddress.objects.create(user=user, email="colleague@example.org", verified=False)
    return user


REFUSED = {
    "the admin of another organisation": lambda: UserFactory(email="admin.b@example.org"),
    "someone who added the address but never confirmed it": someone_with_the_address_unconfirmed,
}


@pytest.mark.parametrize("person", REFUSED)
def test_an_invitation_refuses_an_account_without_the_confirmed_address(
    client_for, invitation, person
):
    user = REFUSED[person]()
    url = f"/en/organisations/invitations/{invitation.token}/"
    page = client_for(user).get(url).content.decode()
    assert "This invitation was sent to another e-mail address." in page
    assert "Accept the invitation" not in page

    before = invitation_snapshot(invitation)
    response = client_for(user).post(url, follow=True)
    assert "This invitation was sent to another e-mail address." in response.content.decode()
    assert invitation_snapshot(invitation) == before
    assert not Membership.objects.filter(user=user).exists()


def test_the_refusal_is_translated(client_for, invitation):
    user = UserFactory(email="someone@example.org")
    url = f"/sl/organisations/invitations/{invitation.token}/"
    assert (
        "To povabilo je bilo poslano na drug e-naslov."
        in client_for(user).get(url).content.decode()
    )
    response = client_for(user).post(url, follow=True)
    assert "To povabilo je bilo poslano na drug e-naslov." in response.content.decode()


ALLOWED = {
    "the account of the address": lambda: UserFactory(email="colleague@example.org"),
    "the same address in capitals": lambda: UserFactory(email="Colleague@Example.ORG"),
    "an account that confirmed it as a second address": lambda: _with_second_address(),
}


def _with_second_address():
    user = UserFactory(email="private@example.org")
    EmailAddress.objects.create(user=user, email="colleague@example.org", verified=True)
    return user


@pytest.mark.parametrize("person", ALLOWED)
def test_an_invitation_admits_the_account_that_confirmed_its_address(
    client_for, invitation, person
):
    user = ALLOWED[person]()
    url = f"/en/organisations/invitations/{invitation.token}/"
    assert "Accept the invitation" in client_for(user).get(url).content.decode()

    before = invitation_snapshot(invitation)
    response = client_for(user).post(url)
    assert response.status_code == 302
    assert invitation_snapshot(invitation) != before
    assert Membership.objects.get(user=user, organisation=invitation.organisation).role == "admin"
