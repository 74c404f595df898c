"""Staff write questionnaires in the admin; an answered one is frozen, and a new version copies it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from questionnaires.admin import FROZEN
from questionnaires.models import Choice, Question, Questionnaire
from questionnaires.services import questionnaire_new_version, response_save

pytestmark = pytest.mark.django_db


def _form(questionnaire, **changes) -> dict:
    data = {
        "title_sl": questionnaire.title_sl or "",
        "title_en": "Changed title",
        "subject": questionnaire.subject,
        "moment": questionnaire.moment,
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
        **changes,
    }
    return data


def test_an_answered_questionnaire_is_frozen_with_a_message(client_for, staff, invitation):
    questionnaire = invitation.sending.questionnaire
    response_save(invitation=invitation, answers={})
    question = Question.objects.filter(section__questionnaire=questionnaire).first()

    page = client_for(staff).post(
        f"/admin/questionnaires/questionnaire/{questionnaire.pk}/change/",
        _form(questionnaire),
        follow=True,
    )
    client_for(staff).post(
        f"/admin/questionnaires/question/{question.pk}/change/",
        {"code": "changed", "text_sl": "Spremenjeno", "kind": "number"},
    )

    with translation.override("sl"):  # the admin speaks the hub's language
        assert str(FROZEN) in page.content.decode()
    questionnaire.refresh_from_db()
    question.refresh_from_db()
    assert questionnaire.title_en == "Feedback"
    assert (question.code, question.kind) == ("satisfaction", "scale")


def test_an_unanswered_questionnaire_can_be_edited(client_for, staff, invitation):
    questionnaire = invitation.sending.questionnaire

    client_for(staff).post(
        f"/admin/questionnaires/questionnaire/{questionnaire.pk}/change/",
        _form(questionnaire, title_sl="Povratna informacija 2"),
    )

    questionnaire.refresh_from_db()
    assert questionnaire.title_en == "Changed title"


def test_a_new_version_copies_the_questions_in_every_language(client_for, staff, invitation):
    questionnaire = invitation.sending.questionnaire
    response_save(invitation=invitation, answers={})

    client_for(staff).post(
        "/admin/questionnaires/questionnaire/",
        {"action": "make_new_version", "_selected_action": [questionnaire.pk]},
    )

    copy = Questionnaire.objects.get(previous_version=questionnaire)
    assert copy.version == 2 and copy.title_bg == "Обратна връзка"
    codes = list(
        Question.objects.filter(section__questionnaire=copy).values_list("code", "text_pl")
    )
    assert codes == list(
        Question.objects.filter(section__questionnaire=questionnaire).values_list("code", "text_pl")
    )
    assert Choice.objects.filter(question__section__questionnaire=copy).count() == 4
    assert not copy.is_frozen
    assert questionnaire_new_version(questionnaire=questionnaire).version == 3


def test_a_sending_names_whom_it_is_for_and_links_its_results(client_for, staff, invitation):
    from questionnaires.models import Sending

    questionnaire = invitation.sending.questionnaire
    now = timezone.now()
    page = client_for(staff).post(
        "/admin/questionnaires/sending/add/",
        {
            "questionnaire": questionnaire.pk,
            "audience": "attended",
            "send_at_0": now.date().isoformat(),
            "send_at_1": "10:00",
            "remind_at_0": (now + timedelta(days=2)).date().isoformat(),
            "remind_at_1": "10:00",
            "closes_at_0": (now + timedelta(days=9)).date().isoformat(),
            "closes_at_1": "10:00",
        },
    )

    assert page.status_code == 200
    with translation.override("sl"):
        assert str(Sending._meta.get_field("event").verbose_name) in page.content.decode()
        assert "Izberite dogodek" in page.content.decode()
    assert Sending.objects.count() == 1
    listing = client_for(staff).get("/admin/questionnaires/sending/").content.decode()
    assert f"/results/?sending={invitation.sending.pk}" in listing
