"""The personal link: answers, and answers again, without an account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from questionnaires.models import Answer, Choice, Question, Response, Sending
from questionnaires.services import invitation_token

pytestmark = pytest.mark.django_db


def _form(invitation, **values) -> dict:
    questions = {
        q.code: q
        for q in Question.objects.filter(section__questionnaire__sendings__invitations=invitation)
    }
    data = {}
    for code, value in values.items():
        data[f"q{questions[code].pk}"] = value
    return data


def test_the_personal_link_answers_and_answers_again_without_an_account(
    anonymous, invitation, link
):
    online = Choice.objects.get(question__code="format", label_en="Online")

    page = anonymous.get(link)
    assert page.status_code == 200
    assert "How satisfied were you?" in page.content.decode()

    first = anonymous.post(
        link, _form(invitation, satisfaction="4", helped="5", format=str(online.pk), comment="Good")
    )
    assert first.status_code == 302
    second = anonymous.post(link, _form(invitation, satisfaction="2", helped="3"))
    assert second.status_code == 302

    response = Response.objects.get()
    answers = {a.question.code: a for a in Answer.objects.filter(response=response)}
    assert set(answers) == {"satisfaction", "helped"}
    assert answers["satisfaction"].number == 2
    assert response.pid == invitation.registration.pid
    page = anonymous.get(link).content.decode()
    assert "Save my changes" in page
    satisfaction = page.split(f'name="q{answers["satisfaction"].question_id}"')
    checked = [part for part in satisfaction[1:] if part.split(">")[0].count("checked")]
    assert len(checked) == 1 and checked[0].startswith(' value="2"')


def test_a_missing_required_answer_is_named_and_nothing_is_stored(anonymous, invitation, link):
    page = anonymous.post(link, _form(invitation, satisfaction="4"))

    assert page.status_code == 200
    assert "This field is required." in page.content.decode()
    assert Response.objects.count() == 0


def test_a_forged_or_foreign_link_finds_nothing(anonymous, invitation):
    from hub.tokens import signed_token

    assert anonymous.get("/en/questionnaires/answer/not-a-token/").status_code == 404
    other = signed_token(invitation.pk, salt="organisations.confirm")
    assert anonymous.get(f"/en/questionnaires/answer/{other}/").status_code == 404


def test_after_the_closing_answers_are_shown_and_do_not_change(anonymous, invitation, link):
    anonymous.post(link, _form(invitation, satisfaction="4", helped="4"))
    Sending.objects.update(
        send_at=timezone.now() - timedelta(days=20),
        remind_at=timezone.now() - timedelta(days=10),
        closes_at=timezone.now() - timedelta(days=1),
    )

    page = anonymous.post(link, _form(invitation, satisfaction="1", helped="1"))

    text = page.content.decode()
    assert "This questionnaire is closed" in text
    assert "Save my changes" not in text
    assert " disabled" in text and "checked" in text
    assert {a.number for a in Answer.objects.all()} == {4}


def test_a_person_deletes_their_own_answers(anonymous, invitation, link):
    anonymous.post(link, _form(invitation, satisfaction="4", helped="4"))

    confirm = anonymous.get(link + "delete/")
    assert "Delete my answers" in confirm.content.decode()
    anonymous.post(link + "delete/")

    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0


def test_the_answer_page_runs_a_fixed_number_of_queries(
    anonymous, invitation, link, django_assert_num_queries
):
    anonymous.post(link, _form(invitation, satisfaction="4", helped="4"))
    anonymous.get(link)
    # 1 invitation with its sending and questionnaire, 2 response, 3 its answers, 4 their
    # choices, 5 sections, 6 questions, 7 choices.
    with django_assert_num_queries(7):
        anonymous.get(link)
    # Another question with choices adds no query.
    from tests.factories import QuestionFactory

    section = invitation.sending.questionnaire.sections.get()
    extra = QuestionFactory(section=section, kind="single", required=False)
    Choice.objects.create(question=extra, label="A", label_en="A")
    with django_assert_num_queries(7):
        anonymous.get(link)


def test_the_link_is_the_invitation_s_own(anonymous, invitation):
    assert invitation_token(invitation) != invitation_token(type(invitation)(pk=invitation.pk + 1))
