"""Who is asked, and how often: only those checked in, one invitation and one reminder each."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hub.models import OutboxEmail
from questionnaires.models import Audience, Invitation
from questionnaires.services import sendings_run
from tests.factories import (
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
    SendingFactory,
    UserFactory,
)
from tests.factories.questionnaires import assessment_pair, feedback_questionnaire

pytestmark = pytest.mark.django_db


def _emails(kind: str) -> list[OutboxEmail]:
    return list(OutboxEmail.objects.filter(key__startswith=f"questionnaire_{kind}:"))


def test_only_checked_in_people_receive_a_feedback_questionnaire():
    event = EventFactory(start=timezone.now() - timedelta(days=1))
    present = RegistrationFactory(event=event, email="present@example.org", attended=True)
    RegistrationFactory(event=event, email="only.registered@example.org", attended=False)
    RegistrationFactory(
        event=event, email="cancelled@example.org", attended=True, status="cancelled"
    )
    SendingFactory(questionnaire=feedback_questionnaire(), event=event)

    sendings_run()

    assert [e.recipients for e in _emails("invitation")] == [present.email]
    assert "Feedback" in _emails("invitation")[0].subject


def test_each_gets_one_email_and_one_reminder_even_when_the_send_runs_twice():
    event = EventFactory(start=timezone.now() - timedelta(days=3))
    for n in range(3):
        RegistrationFactory(event=event, email=f"p{n}@example.org", attended=True)
    sending = SendingFactory(questionnaire=feedback_questionnaire(), event=event)

    sendings_run()
    sendings_run()  # run again, as after a worker killed mid-batch
    assert len(_emails("invitation")) == 3
    assert _emails("reminder") == []

    later = sending.remind_at + timedelta(minutes=1)
    sendings_run(now=later)
    sendings_run(now=later)

    assert len(_emails("invitation")) == 3
    assert sorted(e.recipients for e in _emails("reminder")) == [
        "p0@example.org",
        "p1@example.org",
        "p2@example.org",
    ]
    assert Invitation.objects.count() == 3


def test_no_one_is_asked_before_the_time_or_after_the_closing():
    event = EventFactory(start=timezone.now() - timedelta(days=1))
    RegistrationFactory(event=event, attended=True)
    sending = SendingFactory(
        questionnaire=feedback_questionnaire(),
        event=event,
        send_at=timezone.now() + timedelta(days=1),
    )

    sendings_run()
    sendings_run(now=sending.closes_at + timedelta(minutes=1))

    assert OutboxEmail.objects.count() == 0


def test_an_answer_means_no_reminder():
    from questionnaires.services import response_save

    event = EventFactory(start=timezone.now() - timedelta(days=1))
    RegistrationFactory(event=event, attended=True)
    sending = SendingFactory(questionnaire=feedback_questionnaire(), event=event)
    sendings_run()
    response_save(invitation=Invitation.objects.get(), answers={})

    sendings_run(now=sending.remind_at + timedelta(minutes=1))

    assert _emails("reminder") == []


def test_the_admins_of_ngos_with_potential_answer_an_assessment_for_their_organisation():
    _before, after = assessment_pair()
    potential = OrganisationFactory(has_potential=True, sector="civil")
    ordinary = OrganisationFactory(has_potential=False, sector="civil")
    admin = UserFactory(email="admin@potential.example.org")
    MembershipFactory(user=admin, organisation=potential, role="admin")
    MembershipFactory(user=UserFactory(), organisation=potential, role="editor")
    MembershipFactory(user=UserFactory(), organisation=ordinary, role="admin")
    SendingFactory(questionnaire=after, audience=Audience.POTENTIAL)

    sendings_run()

    assert [e.recipients for e in _emails("invitation")] == [admin.email]
    assert Invitation.objects.get().organisation == potential


def test_a_programme_s_questionnaire_goes_to_those_who_completed_it_only():
    from tests.factories import ProgrammeFactory

    programme = ProgrammeFactory()
    sessions = [
        EventFactory(programme=programme, start=timezone.now() - timedelta(days=days))
        for days in (14, 7)
    ]
    for session in sessions:
        RegistrationFactory(event=session, email="both@example.org", attended=True)
    RegistrationFactory(event=sessions[0], email="first.only@example.org", attended=True)
    RegistrationFactory(event=sessions[1], email="absent@example.org", attended=False)
    SendingFactory(
        questionnaire=feedback_questionnaire(), audience=Audience.COMPLETED, programme=programme
    )

    sendings_run()

    assert [e.recipients for e in _emails("invitation")] == ["both@example.org"]
