"""Join requests, invitations and roles: only an organisation's admins (and staff) decide."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from organisations.models import Invitation, JoinRequest, Membership
from tests.factories import (
    InvitationFactory,
    JoinRequestFactory,
    OrganisationFactory,
    UserFactory,
)


def people_url(organisation, rest=""):
    return f"/en/organisations/{organisation.slug}/{rest}"


# Who may see and manage the people


def test_the_people_page_is_for_admins_and_staff(
    anonymous, client_for, ngo_admin, ngo_editor, other_ngo_admin, staff, organisation_a
):
    url = people_url(organisation_a, "people/")
    assert anonymous.get(url).status_code == 302
    assert client_for(other_ngo_admin).get(url).status_code == 404
    assert client_for(ngo_editor).get(url).status_code == 404
    assert client_for(ngo_admin).get(url).status_code == 200
    assert client_for(staff).get(url).status_code == 200


# Join requests


@pytest.fixture
def join_request(organisation_a):
    return JoinRequestFactory(
        organisation=organisation_a, user=UserFactory(email="new@example.org")
    )


@pytest.mark.parametrize("person", ["anonymous_user", "other_ngo_admin", "ngo_editor"])
def test_only_admins_answer_join_requests(request, client_for, anonymous, join_request, person):
    client = (
        anonymous if person == "anonymous_user" else client_for(request.getfixturevalue(person))
    )
    response = client.post(
        people_url(join_request.organisation, f"requests/{join_request.pk}/approve/")
    )
    assert response.status_code in {302, 404}
    if response.status_code == 302:
        assert "login" in response["Location"]
    join_request.refresh_from_db()
    assert join_request.status == "pending"
    assert not Membership.objects.filter(user=join_request.user).exists()


@pytest.mark.parametrize("person", ["ngo_admin", "staff"])
def test_an_admin_or_staff_approves_a_request_and_the_person_becomes_an_editor(
    request, client_for, join_request, person, django_capture_on_commit_callbacks
):
    decider = request.getfixturevalue(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(decider).post(
            people_url(join_request.organisation, f"requests/{join_request.pk}/approve/"),
            follow=True,
        )
    assert "is now an editor" in response.content.decode()
    membership = Membership.objects.get(user=join_request.user)
    assert membership.role == "editor"
    join_request.refresh_from_db()
    assert (join_request.status, join_request.decided_by) == ("approved", decider)
    assert mail.outbox[-1].to == ["new@example.org"]


def test_a_declined_request_is_told_and_gives_no_access(
    client_for, ngo_admin, join_request, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(ngo_admin).post(
            people_url(join_request.organisation, f"requests/{join_request.pk}/decline/")
        )
    join_request.refresh_from_db()
    assert join_request.status == "declined"
    assert not Membership.objects.filter(user=join_request.user).exists()
    assert mail.outbox[-1].to == ["new@example.org"]
    assert join_request.organisation.name in mail.outbox[-1].subject


def test_a_request_answered_twice_is_answered_once(client_for, ngo_admin, join_request):
    client = client_for(ngo_admin)
    client.post(people_url(join_request.organisation, f"requests/{join_request.pk}/decline/"))
    response = client.post(
        people_url(join_request.organisation, f"requests/{join_request.pk}/approve/"), follow=True
    )
    assert "already been answered" in response.content.decode()
    assert not Membership.objects.filter(user=join_request.user).exists()


def test_an_admin_cannot_answer_requests_to_another_organisation(
    client_for, other_ngo_admin, organisation_b, join_request
):
    # The request belongs to A; B's admin uses B's own address with A's request id.
    response = client_for(other_ngo_admin).post(
        people_url(organisation_b, f"requests/{join_request.pk}/approve/")
    )
    assert response.status_code == 404
    assert not Membership.objects.filter(user=join_request.user).exists()


# Invitations


def test_an_admin_invites_a_colleague_by_e_mail(
    client_for, ngo_admin, organisation_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(ngo_admin).post(
            people_url(organisation_a, "people/invite/"),
            {"email": "colleague@example.org", "role": "editor"},
            follow=True,
        )
    assert "An invitation has been sent to colleague@example.org." in response.content.decode()
    invitation = Invitation.objects.get()
    assert mail.outbox[-1].to == ["colleague@example.org"]
    assert f"/organisations/invitations/{invitation.token}/" in mail.outbox[-1].body


@pytest.mark.parametrize("person", ["ngo_editor", "other_ngo_admin"])
def test_only_admins_invite(request, client_for, organisation_a, person):
    user = request.getfixturevalue(person)
    response = client_for(user).post(
        people_url(organisation_a, "people/invite/"),
        {"email": "friend@example.org", "role": "admin"},
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_anonymous_cannot_invite(anonymous, organisation_a):
    response = anonymous.post(
        people_url(organisation_a, "people/invite/"), {"email": "x@example.org", "role": "admin"}
    )
    assert response.status_code == 302
    assert not Invitation.objects.exists()


def test_an_invitation_works_once(client_for, organisation_a):
    invitation = InvitationFactory(organisation=organisation_a, role="admin")
    first = UserFactory(email=invitation.email)
    second = UserFactory()
    url = f"/en/organisations/invitations/{invitation.token}/"

    assert "Accept the invitation" in client_for(first).get(url).content.decode()
    client_for(first).post(url)
    assert Membership.objects.get(user=first, organisation=organisation_a).role == "admin"

    response = client_for(second).post(url, follow=True)
    assert "This invitation has already been used." in response.content.decode()
    assert not Membership.objects.filter(user=second).exists()


def test_an_expired_invitation_is_explained_and_changes_nothing(client_for, organisation_a):
    invitation = InvitationFactory(
        organisation=organisation_a, expires_at=timezone.now() - timedelta(minutes=1)
    )
    person = UserFactory(email=invitation.email)
    url = f"/en/organisations/invitations/{invitation.token}/"
    assert "This invitation expired on" in client_for(person).get(url).content.decode()
    response = client_for(person).post(url, follow=True)
    assert "This invitation expired on" in response.content.decode()
    assert not Membership.objects.filter(user=person).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_withdrawn_invitation_no_longer_works(client_for, ngo_admin, organisation_a):
    invitation = InvitationFactory(organisation=organisation_a)
    client_for(ngo_admin).post(people_url(organisation_a, f"invitations/{invitation.pk}/revoke/"))
    person = UserFactory(email=invitation.email)
    client_for(person).post(f"/en/organisations/invitations/{invitation.token}/")
    assert not Membership.objects.filter(user=person).exists()


def test_an_invitation_asks_anonymous_visitors_to_sign_in(anonymous, organisation_a):
    invitation = InvitationFactory(organisation=organisation_a)
    response = anonymous.post(f"/en/organisations/invitations/{invitation.token}/")
    assert response.status_code == 302
    assert "login" in response["Location"]
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_invitations_for_me_are_on_my_dashboard(client_for, organisation_a):
    person = UserFactory(email="Invited@Example.org")
    InvitationFactory(organisation=organisation_a, email="invited@example.org")
    page = client_for(person).get("/en/organisations/my/").content.decode()
    assert "Invitations for you" in page
    assert organisation_a.name in page


# Roles


def test_a_forged_post_cannot_make_an_editor_an_admin(client_for, ngo_editor, organisation_a):
    membership = Membership.objects.get(user=ngo_editor)
    response = client_for(ngo_editor).post(
        people_url(organisation_a, f"people/{membership.pk}/role/"), {"role": "admin"}
    )
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.role == "editor"


def test_another_organisations_admin_cannot_change_roles(
    client_for, other_ngo_admin, ngo_editor, organisation_a
):
    membership = Membership.objects.get(user=ngo_editor)
    response = client_for(other_ngo_admin).post(
        people_url(organisation_a, f"people/{membership.pk}/role/"), {"role": "admin"}
    )
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.role == "editor"


def test_the_registration_of_join_requests_never_grants_admin(client_for, organisation_a):
    person = UserFactory()
    client_for(person).post(people_url(organisation_a, "join/"), {"message": "hi", "role": "admin"})
    assert not Membership.objects.filter(user=person).exists()
    assert JoinRequest.objects.get(user=person).status == "pending"


@pytest.mark.parametrize("person", ["ngo_admin", "staff"])
def test_an_admin_or_staff_promotes_an_editor(
    request, client_for, ngo_editor, organisation_a, person
):
    membership = Membership.objects.get(user=ngo_editor)
    client_for(request.getfixturevalue(person)).post(
        people_url(organisation_a, f"people/{membership.pk}/role/"), {"role": "admin"}
    )
    membership.refresh_from_db()
    assert membership.role == "admin"
    assert membership.history.first().role == "admin"


def test_the_last_admin_cannot_be_demoted(client_for, ngo_admin, organisation_a):
    membership = Membership.objects.get(user=ngo_admin)
    response = client_for(ngo_admin).post(
        people_url(organisation_a, f"people/{membership.pk}/role/"), {"role": "editor"}, follow=True
    )
    assert "An organisation needs at least one admin." in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "admin"


def test_the_last_admin_cannot_leave(client_for, ngo_admin, organisation_a):
    response = client_for(ngo_admin).post(people_url(organisation_a, "leave/"), follow=True)
    assert "An organisation needs at least one admin." in response.content.decode()
    assert Membership.objects.filter(user=ngo_admin).exists()


def test_with_two_admins_one_may_leave(client_for, ngo_admin, ngo_editor, organisation_a):
    Membership.objects.filter(user=ngo_editor).update(role="admin")
    client_for(ngo_admin).post(people_url(organisation_a, "leave/"))
    assert not Membership.objects.filter(user=ngo_admin).exists()


def test_an_editor_may_leave(client_for, ngo_editor, organisation_a):
    response = client_for(ngo_editor).post(people_url(organisation_a, "leave/"))
    assert response.status_code == 302
    assert not Membership.objects.filter(user=ngo_editor).exists()


def test_an_admin_removes_an_editor_but_not_from_another_organisation(
    client_for, ngo_admin, other_ngo_admin, ngo_editor, organisation_a
):
    membership = Membership.objects.get(user=ngo_editor)
    url = people_url(organisation_a, f"people/{membership.pk}/remove/")
    assert client_for(other_ngo_admin).post(url).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()
    client_for(ngo_admin).post(url)
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("count", [1, 6])
def test_my_dashboard_takes_the_same_queries_for_one_invitation_or_many(
    client_for, organisation_a, django_assert_num_queries, count
):
    person = UserFactory(email="invited@example.org")
    for n in range(count):
        InvitationFactory(
            organisation=OrganisationFactory() if n else organisation_a,
            email="Invited@Example.org",
            invited_by=UserFactory(),
        )
    client = client_for(person)
    # 1. the session, 2. the user, 3. the person's memberships with their organisations,
    # 4. open invitations to the person's confirmed addresses, with organisation and sender,
    # 5. their own pending join requests (with no organisation to admin, no requests to decide)
    # 6. whether the navigation offers them the reports
    with django_assert_num_queries(6):
        page = client.get("/en/organisations/my/").content.decode()
    assert page.count("Open the invitation") == count
