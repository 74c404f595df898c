"""Beat looks for due invitations and reminders on the periodic queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from hub.celery import app
from questionnaires import tasks
from tests.factories import EventFactory, RegistrationFactory, SendingFactory
from tests.factories.questionnaires import feedback_questionnaire

pytestmark = pytest.mark.django_db


def test_beat_sends_what_is_due_on_the_periodic_queue():
    entry = settings.CELERY_BEAT_SCHEDULE["questionnaires-send"]
    route = app.amqp.router.route({}, entry["task"])
    event = EventFactory(start=timezone.now() - timedelta(days=1))
    RegistrationFactory(event=event, attended=True)
    SendingFactory(questionnaire=feedback_questionnaire(), event=event)

    assert route["queue"].name == "periodic"
    assert tasks.send_questionnaires() == {"invited": 1, "reminded": 0}
    assert tasks.send_questionnaires() == {"invited": 0, "reminded": 0}
