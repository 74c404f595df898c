"""A person's answers are in their copy of their data, and erasure takes what identifies them."""

from __future__ import annotations

import pytest

from hub.privacy import Person, personal_data_collect, personal_data_erase
from questionnaires.models import Answer, Invitation, Question, Response
from questionnaires.services import response_save

pytestmark = pytest.mark.django_db


def _answer(invitation):
    questions = {
        q.code: q
        for q in Question.objects.filter(section__questionnaire=invitation.sending.questionnaire)
    }
    response_save(
        invitation=invitation,
        answers={questions["satisfaction"].pk: "5", questions["comment"].pk: "I am Ana from Bovec"},
    )


def test_the_privacy_copy_holds_the_answers(invitation):
    _answer(invitation)

    data = personal_data_collect(Person.of_email("ana@example.org"))

    copy = data["questionnaires"]
    assert copy[0]["email"] == "ana@example.org"
    assert copy[0]["answers"][0]["answers"]["comment"] == "I am Ana from Bovec"
    assert copy[0]["answers"][0]["answers"]["satisfaction"] == "5.00"


def test_erasure_removes_the_address_and_written_answers_and_keeps_the_scores(invitation):
    _answer(invitation)

    personal_data_erase(person=Person.of_email("ana@example.org"), by=None, reason="asked")

    assert not Invitation.objects.exists()
    assert not Answer.objects.filter(text__contains="Ana").exists()
    assert Answer.objects.get(question__code="satisfaction").number == 5
    assert Response.objects.get().invitation is None
