from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from questionnaires.models import Invitation
from questionnaires.services import invitation_token, sendings_run
from tests.factories import EventFactory, RegistrationFactory, SendingFactory
from tests.factories.questionnaires import feedback_questionnaire


@pytest.fixture
def invitation(db) -> Invitation:
    """A participant invited to give feedback on a training they attended."""
    event = EventFactory(
        title="Writing a project application", start=timezone.now() - timedelta(days=1)
    )
    RegistrationFactory(event=event, name="Ana Novak", email="ana@example.org", attended=True)
    SendingFactory(questionnaire=feedback_questionnaire(), event=event)
    sendings_run()
    return Invitation.objects.get()


@pytest.fixture
def link(invitation) -> str:
    return f"/en/questionnaires/answer/{invitation_token(invitation)}/"
