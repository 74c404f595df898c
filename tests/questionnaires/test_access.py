"""Every questionnaire page, tried by everyone who must not use it; and a personal link reaches
only its own answers."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from questionnaires.models import Audience, Invitation, Question, Response
from questionnaires.services import invitation_token, response_save, sendings_run
from tests.factories import SendingFactory, UserFactory
from tests.factories.questionnaires import assessment_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organisation_a, organisation_b, ngo_admin, other_ngo_admin):
    """Both organisations asked for an assessment; A has answered."""
    before, _after = assessment_pair()
    sending = SendingFactory(questionnaire=before, audience=Audience.ORGANISATIONS)
    sending.organisations.set([organisation_a, organisation_b])
    sendings_run()
    mine = Invitation.objects.get(organisation=organisation_a)
    questions = Question.objects.filter(section__questionnaire=before)
    response_save(invitation=mine, answers={q.pk: "3" for q in questions})
    return {"questionnaire": before, "organisation": organisation_a, "invitation": mine}


def _pages(world) -> list[str]:
    pk = world["questionnaire"].pk
    return [
        f"/en/questionnaires/{pk}/results/",
        f"/en/questionnaires/{pk}/answers.csv",
        f"/en/questionnaires/{pk}/answers.xlsx",
        f"/en/questionnaires/organisation/{world['organisation'].slug}/",
    ]


def _snapshot() -> list:
    return sorted(Response.objects.values_list("pid", "answers__question__code", "answers__number"))


@pytest.mark.parametrize("who", ["anonymous", "ngo_admin", "other_ngo_admin"])
def test_results_are_not_there_for_anyone_outside_the_staff(request, client_for, world, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = request.getfixturevalue("anonymous") if user is None else client_for(user)

    for page in _pages(world):
        assert client.get(page).status_code == 404, page


def test_staff_without_the_permission_are_refused(client_for, world):
    desk = UserFactory(email="desk@sticisce.test", is_staff=True)
    for page in _pages(world):
        assert client_for(desk).get(page).status_code == 403, page


def test_seeing_results_does_not_allow_the_export(client_for, world):
    reader = UserFactory(email="reader@sticisce.test", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_results"))
    pages = _pages(world)

    assert client_for(reader).get(pages[0]).status_code == 200
    assert "answers.csv" not in client_for(reader).get(pages[0]).content.decode()
    assert client_for(reader).get(pages[1]).status_code == 403
    assert client_for(reader).get(pages[2]).status_code == 403
    assert client_for(reader).get(pages[3]).status_code == 200


def test_another_organisation_s_link_changes_only_its_own_answers(anonymous, world):
    before = _snapshot()
    theirs = Invitation.objects.exclude(pk=world["invitation"].pk).get()
    link = f"/en/questionnaires/answer/{invitation_token(theirs)}/"
    questions = Question.objects.filter(section__questionnaire=world["questionnaire"])

    anonymous.post(link, {f"q{q.pk}": "5" for q in questions})
    anonymous.post(link + "delete/")

    assert _snapshot() == before
    page = anonymous.get(link).content.decode()
    assert "Save my changes" not in page


def test_another_admin_of_the_same_organisation_edits_the_same_answers(
    anonymous, world, organisation_a
):
    from tests.factories import MembershipFactory

    colleague = UserFactory(email="colleague.a@example.org")
    MembershipFactory(user=colleague, organisation=organisation_a, role="admin")
    sendings_run()
    theirs = Invitation.objects.get(user=colleague)
    questions = Question.objects.filter(section__questionnaire=world["questionnaire"])

    response_save(invitation=theirs, answers={q.pk: "5" for q in questions})

    response = Response.objects.get(organisation=organisation_a)
    assert {a.number for a in response.answers.all()} == {5}


def test_the_organisation_s_profile_links_its_scores_for_staff_with_the_permission(
    english, client_for, world, organisation_a
):
    reader = UserFactory(email="reader@sticisce.test", is_staff=True)
    desk = UserFactory(email="desk@sticisce.test", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_results"))
    scores = f"/en/questionnaires/organisation/{organisation_a.slug}/"

    assert scores in client_for(reader).get(organisation_a.get_absolute_url()).content.decode()
    assert scores not in client_for(desk).get(organisation_a.get_absolute_url()).content.decode()
