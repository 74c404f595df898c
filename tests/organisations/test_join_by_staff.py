"""A request to join an organisation without admins reaches the hub's staff, who answer in the
admin; the person is told who was asked and what they decided."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from hub.selectors import hub_profile
from organisations.models import JoinRequest, Membership
from tests.factories import UserFactory

CHANGELIST = "/admin/organisations/joinrequest/"


@pytest.fixture
def newcomer(db):
    return UserFactory(email="newcomer@example.org", first_name="Nina", last_name="Novak")


@pytest.fixture
def deciding_staff(db):
    """Staff with the permission to answer join requests, but not a superuser."""
    user = UserFactory(email="desk@sticisce.test", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="organisations", codename="change_joinrequest"
        ),
        Permission.objects.get(
            content_type__app_label="organisations", codename="view_joinrequest"
        ),
    )
    return user


@pytest.fixture
def viewing_staff(db):
    """Staff who may see join requests but not answer them."""
    user = UserFactory(email="viewer@sticisce.test", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="organisations", codename="view_joinrequest")
    )
    return user


def ask(client, organisation, capture):
    with capture(execute=True):
        return client.post(
            f"/en/organisations/{organisation.slug}/join/",
            {"message": "I keep the books."},
            follow=True,
        )


def test_a_request_to_an_organisation_without_admins_mails_the_staff_who_may_answer(
    client_for,
    newcomer,
    organisation_a,
    deciding_staff,
    viewing_staff,
    django_capture_on_commit_callbacks,
):
    page = client_for(newcomer).get(f"/en/organisations/{organisation_a.slug}/join/")
    assert "the hub's staff get your request" in page.content.decode()

    response = ask(client_for(newcomer), organisation_a, django_capture_on_commit_callbacks)

    assert "the hub&#x27;s staff have been told" in response.content.decode()
    (message,) = mail.outbox
    # The staff member with the permission; not the one who may only look.
    assert message.to == [deciding_staff.email]
    assert organisation_a.name in message.subject
    assert "I keep the books." in message.body
    assert f"{CHANGELIST}?status__exact=pending" in message.body


def test_with_no_staff_to_answer_the_hub_address_gets_the_request(
    client_for, newcomer, organisation_a, viewing_staff, django_capture_on_commit_callbacks
):
    ask(client_for(newcomer), organisation_a, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == [hub_profile().email]


def test_a_request_to_an_organisation_with_admins_says_its_admins_were_told(
    client_for,
    newcomer,
    ngo_admin,
    organisation_a,
    deciding_staff,
    django_capture_on_commit_callbacks,
):
    page = client_for(newcomer).get(f"/en/organisations/{organisation_a.slug}/join/")
    assert "The organisation's admins get your request" in page.content.decode()
    response = ask(client_for(newcomer), organisation_a, django_capture_on_commit_callbacks)
    assert "The organisation&#x27;s admins have been told" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == [ngo_admin.email]


@pytest.fixture
def pending(newcomer, organisation_a):
    return JoinRequest.objects.create(organisation=organisation_a, user=newcomer, message="hi")


def approve(client, join_request, capture):
    with capture(execute=True):
        return client.post(
            CHANGELIST,
            {"action": "approve", "_selected_action": [join_request.pk]},
            follow=True,
        )


@pytest.mark.parametrize("person", ["anonymous", "other_ngo_admin", "viewing_staff"])
def test_only_staff_with_the_permission_approve_in_the_admin(
    request, client_for, anonymous, pending, person, django_capture_on_commit_callbacks
):
    client = anonymous if person == "anonymous" else client_for(request.getfixturevalue(person))
    approve(client, pending, django_capture_on_commit_callbacks)
    pending.refresh_from_db()
    assert pending.status == "pending"
    assert not Membership.objects.filter(user=pending.user).exists()
    assert not mail.outbox


def test_staff_approve_in_the_admin_and_the_person_is_told(
    client_for, pending, newcomer, deciding_staff, django_capture_on_commit_callbacks
):
    page = client_for(deciding_staff).get(CHANGELIST, {"status__exact": "pending"}).content.decode()
    assert "Nina Novak" in page
    assert 'value="approve"' in page

    approve(client_for(deciding_staff), pending, django_capture_on_commit_callbacks)

    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == ("approved", deciding_staff)
    assert Membership.objects.get(user=newcomer).role == "editor"
    (message,) = mail.outbox
    assert message.to == [newcomer.email]
    # In the organisation's language: "the hub's staff approved your request".
    assert "Osebje stičišča je odobrilo vašo prošnjo" in message.body


def test_staff_decline_in_the_admin_and_the_person_is_told(
    client_for, pending, newcomer, deciding_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(deciding_staff).post(
            CHANGELIST, {"action": "decline", "_selected_action": [pending.pk]}
        )
    pending.refresh_from_db()
    assert pending.status == "declined"
    assert not Membership.objects.filter(user=newcomer).exists()
    (message,) = mail.outbox
    assert "Osebje stičišča je zavrnilo vašo prošnjo" in message.body
    assert hub_profile().email in message.body


@pytest.mark.parametrize("admins", [0, 3])
def test_the_join_page_answers_with_the_same_queries_with_or_without_admins(
    client_for, newcomer, organisation_a, admins, django_assert_num_queries
):
    for number in range(admins):
        user = UserFactory(email=f"admin{number}@example.org")
        Membership.objects.create(user=user, organisation=organisation_a, role="admin")
    client = client_for(newcomer)
    # 1. the session, 2. the user, 3. the organisation, 4. whether it has an admin,
    # 5. whether the person may see the reports (the navigation)
    with django_assert_num_queries(5):
        client.get(f"/en/organisations/{organisation_a.slug}/join/")
