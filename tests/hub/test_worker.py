import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from hub.celery import app
from hub.emails import QUEUED_GRACE, SENDING_TIMEOUT, email_send
from hub.models import OutboxEmail
from hub.tasks import outbox_sweep

pytestmark = pytest.mark.worker


def wait_for(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_real_worker_delivers_the_sign_up_confirmation(celery_worker, anonymous):
    """The sign-up commits to PostgreSQL, the mail is queued on Redis after commit, a worker sends it."""
    response = anonymous.post(
        "/en/accounts/signup/",
        {
            "email": "worker@example.org",
            "password1": "a long pass phrase",
            "password2": "a long pass phrase",
            "first_name": "Nina",
            "last_name": "Novak",
            "privacy_consent": "on",
        },
    )
    assert response.status_code == 302

    assert wait_for(lambda: len(mail.outbox) == 1), "the worker did not send the confirmation"
    assert mail.outbox[0].to == ["worker@example.org"]
    assert "/en/accounts/confirm-email/" in mail.outbox[0].body
    email = OutboxEmail.objects.get()
    assert wait_for(lambda: OutboxEmail.objects.filter(status="sent").exists())
    assert email.template == "account/email/email_confirmation_signup"


def test_emails_whose_messages_redis_lost_are_sent_exactly_once_by_the_sweeper(
    transactional_db, settings
):
    """E-mails queued on Redis, Redis flushed, a worker starts: the sweeper gets every one out once."""
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    app.conf.task_always_eager = False
    app.control.purge()
    try:
        for n in range(3):
            email_send(
                message=EmailMessage("Your seat", "See you.", to=[f"p{n}@example.org"]),
                key=f"flushed:{n}",
            )
        # One more was being sent by a worker that was killed; one was sent long ago.
        email_send(
            message=EmailMessage("Your seat", "See you.", to=["dying@example.org"]), key="dying"
        )
        OutboxEmail.objects.filter(key="dying").update(
            status="sending", attempts=1, claimed_at=timezone.now() - SENDING_TIMEOUT
        )
        email_send(message=EmailMessage("Old", "Done.", to=["old@example.org"]), key="old")
        OutboxEmail.objects.filter(key="old").update(status="sent", sent_at=timezone.now())
        assert broker.llen("email") == 5

        broker.flushdb()
        assert broker.llen("email") == 0
        # A few minutes later, a worker is back and beat runs the sweeper.
        OutboxEmail.objects.update(next_attempt_at=timezone.now() - QUEUED_GRACE)
        with start_worker(app, pool="solo", loglevel="WARNING", perform_ping_check=False):
            outbox_sweep.delay()
            assert wait_for(lambda: OutboxEmail.objects.filter(status="sent").count() == 5)
            outbox_sweep.delay()  # a minute later, again
            time.sleep(2)

        assert sorted(m.to[0] for m in mail.outbox) == [
            "dying@example.org",
            "p0@example.org",
            "p1@example.org",
            "p2@example.org",
        ]
    finally:
        app.conf.task_always_eager = True
        app.control.purge()
