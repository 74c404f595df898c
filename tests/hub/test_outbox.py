"""The e-mail outbox: a row before the message, a key that is sent once, the server's answer kept."""

from __future__ import annotations

import email as email_parser
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Registration
from events.services import registration_cancel, registration_create
from events.services.notifications import registration_notify
from hub.emails import (
    MAX_ATTEMPTS,
    QUEUED_GRACE,
    SENDING_TIMEOUT,
    email_send,
    email_sweep,
    serialize_message,
)
from hub.models import OutboxEmail
from hub.tasks import outbox_sweep, send_outbox_email
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

UNKNOWN_USER = (550, b"5.1.1 <nobody@example.org>: Recipient address rejected: User unknown")


def message(to: str = "maja@example.org", subject: str = "Your seat") -> EmailMultiAlternatives:
    return EmailMultiAlternatives(subject=subject, body="See you there.", to=[to])


def send(key: str = "test:1", **kwargs) -> OutboxEmail:
    return email_send(message=message(**kwargs), key=key)


def later(email: OutboxEmail, by: timedelta) -> None:
    """As if the clock had moved on: the row's times are moved back instead."""
    OutboxEmail.objects.filter(pk=email.pk).update(
        next_attempt_at=email.next_attempt_at - by if email.next_attempt_at else None,
        claimed_at=email.claimed_at - by if email.claimed_at else None,
    )


class FakeSMTP:
    """Stands in for smtplib.SMTP under Django's own SMTP backend.

    Each connection takes the next scripted answer: ``None`` accepts the message, an
    ``SMTPException`` is raised by ``sendmail`` (the server's answer), any other ``OSError``
    while connecting (no server). With no script left, messages are accepted.
    """

    answers: list = []
    delivered: list[email_parser.message.Message] = []

    def __init__(self, host, port, local_hostname=None, timeout=None, **kwargs):
        self.answer = FakeSMTP.answers.pop(0) if FakeSMTP.answers else None
        if self.answer is not None and not isinstance(self.answer, smtplib.SMTPException):
            raise self.answer

    def sendmail(self, from_addr, to_addrs, msg, *args, **kwargs):
        if self.answer is not None:
            raise self.answer
        FakeSMTP.delivered.append(email_parser.message_from_bytes(msg))
        return {}

    def quit(self):
        pass

    def close(self):
        pass


@pytest.fixture(autouse=True)
def staff_read_english(settings):
    """The admin and the reasons staff read are in the hub's language; these tests read English."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def smtp(settings, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    monkeypatch.setattr(EmailBackend, "connection_class", property(lambda self: FakeSMTP))
    FakeSMTP.answers = []
    FakeSMTP.delivered = []
    return FakeSMTP


# A row before the message; one key, one e-mail


def test_the_same_key_sent_twice_makes_one_row_and_one_email(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = send(key="registration_confirmed:1:abc")
        second = send(key="registration_confirmed:1:abc")

    assert first.pk == second.pk
    assert OutboxEmail.objects.count() == 1
    assert len(mailoutbox) == 1
    first.refresh_from_db()
    assert first.status == OutboxEmail.Status.SENT
    assert first.sent_at is not None
    assert first.recipients == "maja@example.org"
    assert first.subject == "Your seat"


def test_the_send_task_run_twice_sends_once(mailoutbox):
    email = send()  # the transaction has not committed: nothing queued yet
    assert mailoutbox == []

    send_outbox_email(email.pk)
    send_outbox_email(email.pk)

    assert len(mailoutbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.Status.SENT, 1)


def test_a_rolled_back_transaction_leaves_neither_row_nor_email(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            send()
            raise RuntimeError("the registration failed")
    assert not OutboxEmail.objects.exists()
    assert mailoutbox == []


def test_a_row_another_worker_is_sending_is_left_to_it_until_that_worker_is_lost(mailoutbox):
    email = send()
    OutboxEmail.objects.filter(pk=email.pk).update(
        status=OutboxEmail.Status.SENDING, claimed_at=timezone.now() - timedelta(minutes=1)
    )
    send_outbox_email(email.pk)  # a second delivery of the message while the first is sending
    assert mailoutbox == []

    email.refresh_from_db()
    later(email, SENDING_TIMEOUT)
    send_outbox_email(email.pk)  # the redelivered message after the worker was killed
    assert len(mailoutbox) == 1


def test_the_confirmation_keeps_its_calendar_file_and_message_id_through_the_outbox(
    smtp, django_capture_on_commit_callbacks
):
    event = EventFactory(title="Writing a project application")
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_create(
            event=event, name="Maja Kos", email="maja@example.org", consent=True, language="en"
        )

    (sent,) = smtp.delivered
    email = OutboxEmail.objects.get()
    assert email.key == f"registration_confirmed:{registration.pk}:{registration.token}"
    assert (email.template, email.language) == ("events/registration_confirmed", "en")
    assert sent["Message-ID"] == email.message["headers"]["Message-ID"]
    parts = {part.get_content_type(): part for part in sent.walk()}
    assert registration.token in parts["text/plain"].get_payload(decode=True).decode()
    assert "text/html" in parts
    calendar = parts["text/calendar"]
    assert calendar.get_filename() == f"{event.slug}.ics"
    assert b"SUMMARY:Writing a project application" in calendar.get_payload(decode=True)


@pytest.mark.django_db(transaction=True)
def test_the_same_email_delivered_to_many_workers_at_once_is_sent_once(mailoutbox):
    from tests.events.test_concurrency import run_at_once

    email = OutboxEmail.objects.create(
        key="at-once",
        recipients="maja@example.org",
        subject="Your seat",
        message=serialize_message(message()),
        next_attempt_at=timezone.now(),
    )
    assert run_at_once(8, lambda n: send_outbox_email(email.pk)) == []
    assert len(mailoutbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.Status.SENT, 1)


@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_from_many_requests_at_once_is_one_row(mailoutbox):
    from tests.events.test_concurrency import run_at_once

    assert run_at_once(8, lambda n: send(key="registration_confirmed:1:abc")) == []
    assert OutboxEmail.objects.count() == 1
    assert len(mailoutbox) == 1


# Keys of the portal's own e-mails


def test_registering_again_is_a_new_confirmation_but_the_same_one_is_sent_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = registration_create(event=event, name="Maja", email="m@example.org", consent=True)
        registration_notify(registration=first, template="registration_confirmed")  # again
        registration_cancel(registration=first)
        again = registration_create(event=event, name="Maja", email="m@example.org", consent=True)

    assert again.pk == first.pk and again.token != first.token
    rows = list(OutboxEmail.objects.order_by("pk"))
    assert [row.template for row in rows] == [
        "events/registration_confirmed",
        "events/registration_cancelled",
        "events/registration_confirmed",
    ]
    assert [m.subject for m in mailoutbox] == [row.subject for row in rows]
    assert again.token in mailoutbox[2].body and first.token in mailoutbox[0].body
    assert Registration.objects.get().status == Registration.Status.CONFIRMED


def test_each_allauth_email_is_its_own_outbox_row(anonymous, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post(
            "/en/accounts/signup/",
            {
                "email": "new@example.org",
                "password1": "a long pass",
                "password2": "a long pass",
                "first_name": "Nina",
                "last_name": "Novak",
                "privacy_consent": "on",
            },
        )
        anonymous.post("/en/accounts/password/reset/", {"email": "new@example.org"})

    rows = list(OutboxEmail.objects.order_by("pk"))
    assert [row.template for row in rows] == [
        "account/email/email_confirmation_signup",
        "account/email/password_reset_key",
    ]
    assert all(row.key.startswith("account:") and row.language == "en" for row in rows)
    assert [row.status for row in rows] == [OutboxEmail.Status.SENT] * 2
    assert len(mail.outbox) == 2


# The mail server's answers


def test_a_550_fails_at_once_and_keeps_the_servers_answer(
    smtp, client_for, staff, django_capture_on_commit_callbacks
):
    smtp.answers = [smtplib.SMTPRecipientsRefused({"nobody@example.org": UNKNOWN_USER})]
    with django_capture_on_commit_callbacks(execute=True):
        email = send(to="nobody@example.org")

    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.FAILED
    assert email.attempts == 1
    assert email.last_error == (
        "nobody@example.org: 550 5.1.1 <nobody@example.org>: Recipient address rejected: "
        "User unknown"
    )
    assert smtp.delivered == []
    assert email_sweep(now=timezone.now() + timedelta(days=1)) == []  # never tried again

    page = client_for(staff).get("/admin/hub/outboxemail/?status=failed").content.decode()
    assert "nobody@example.org" in page
    assert "550 5.1.1 &lt;nobody@example.org&gt;: Recipient address rejected: User unknown" in page


@pytest.mark.parametrize(
    "answer",
    [
        ConnectionRefusedError(111, "Connection refused"),
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        smtplib.SMTPRecipientsRefused({"maja@example.org": (450, b"4.2.0 Greylisted")}),
        smtplib.SMTPDataError(451, b"4.3.0 Try again later"),
    ],
    ids=["refused", "disconnected", "greylisted", "451"],
)
def test_a_server_that_may_answer_later_is_tried_again_and_the_email_sent_once(
    smtp, answer, django_capture_on_commit_callbacks
):
    smtp.answers = [answer]
    with django_capture_on_commit_callbacks(execute=True):
        email = send()

    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.QUEUED
    assert email.attempts == 1
    assert email.last_error  # what the server said, or that there was no server
    assert timedelta(seconds=29) < email.next_attempt_at - timezone.now() <= timedelta(seconds=30)
    assert smtp.delivered == []

    send_outbox_email(email.pk)  # the retry's message, arriving early: it waits its turn
    assert smtp.delivered == []

    later(email, timedelta(seconds=31))
    send_outbox_email(email.pk)
    send_outbox_email(email.pk)
    assert len(smtp.delivered) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (OutboxEmail.Status.SENT, 2, "")


def test_a_server_that_never_answers_is_given_up_after_a_bounded_number_of_attempts(smtp):
    smtp.answers = [ConnectionRefusedError(111, "Connection refused")] * (MAX_ATTEMPTS + 5)
    email = send()
    for _attempt in range(MAX_ATTEMPTS + 2):
        send_outbox_email(email.pk)
        email.refresh_from_db()
        later(email, timedelta(hours=1))

    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.FAILED
    assert email.attempts == MAX_ATTEMPTS
    assert "Connection refused" in email.last_error
    assert len(smtp.answers) == 5  # no attempt after the last one


def test_an_email_that_cannot_be_built_is_failed_and_its_error_raised(smtp):
    email = send()
    OutboxEmail.objects.filter(pk=email.pk).update(message={"subject": "broken"})
    with pytest.raises(KeyError):
        send_outbox_email(email.pk)
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.FAILED
    assert email.last_error == "KeyError: 'body'"


# The sweeper


def test_the_sweeper_queues_what_redis_lost_and_never_a_sent_email_again(
    mailoutbox, django_capture_on_commit_callbacks
):
    lost = send(key="lost", to="lost@example.org")  # its message went with a flushed Redis
    lost.refresh_from_db()
    later(lost, QUEUED_GRACE)
    young = send(key="young", to="young@example.org")  # a worker will take it any moment
    with django_capture_on_commit_callbacks(execute=True):
        sent = send(key="sent", to="sent@example.org")
    assert [m.to for m in mailoutbox] == [["sent@example.org"]]
    OutboxEmail.objects.filter(pk=sent.pk).update(
        sent_at=timezone.now() - timedelta(days=1),
        next_attempt_at=timezone.now() - timedelta(days=1),
    )

    assert outbox_sweep() == 1
    assert outbox_sweep() == 0

    assert [m.to for m in mailoutbox] == [["sent@example.org"], ["lost@example.org"]]
    young.refresh_from_db()
    assert young.status == OutboxEmail.Status.QUEUED


def test_the_sweeper_finishes_an_email_whose_worker_died_and_gives_up_on_one_that_kills_them(
    mailoutbox,
):
    dead = send(key="dead")
    deadly = send(key="deadly")
    long_ago = timezone.now() - SENDING_TIMEOUT - timedelta(minutes=1)
    OutboxEmail.objects.filter(pk=dead.pk).update(
        status=OutboxEmail.Status.SENDING, claimed_at=long_ago, attempts=1
    )
    OutboxEmail.objects.filter(pk=deadly.pk).update(
        status=OutboxEmail.Status.SENDING, claimed_at=long_ago, attempts=MAX_ATTEMPTS
    )

    assert outbox_sweep() == 1

    dead.refresh_from_db()
    deadly.refresh_from_db()
    assert (dead.status, dead.attempts) == (OutboxEmail.Status.SENT, 2)
    assert deadly.status == OutboxEmail.Status.FAILED
    assert "worker stopped" in deadly.last_error
    assert len(mailoutbox) == 1


def test_the_sweeper_runs_every_minute(settings):
    (entry,) = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "hub.tasks.outbox_sweep"
    ]
    assert entry["schedule"] <= 60


# Staff see outgoing mail

CHANGELIST = "/admin/hub/outboxemail/"


def outbox_row(key: str, **fields) -> OutboxEmail:
    email = send(key=key, to=fields.pop("to", "maja@example.org"))
    OutboxEmail.objects.filter(pk=email.pk).update(**fields)
    email.refresh_from_db()
    return email


def test_only_staff_see_outgoing_mail(anonymous, client_for, ngo_admin, staff):
    outbox_row("x")
    assert anonymous.get(CHANGELIST).status_code == 302
    assert client_for(ngo_admin).get(CHANGELIST).status_code == 302
    assert client_for(staff).get(CHANGELIST).status_code == 200


def test_staff_filter_outgoing_mail_by_status_template_and_language_and_find_a_recipient(
    client_for, staff
):
    outbox_row("a", to="ana@example.org", template="events/registration_confirmed", language="sl")
    outbox_row("b", to="bojan@example.org", template="organisations/verified", language="bg")
    outbox_row("c", to="cilka@example.org", status=OutboxEmail.Status.FAILED, last_error="550 no")
    client = client_for(staff)

    def recipients(query: str) -> set[str]:
        response = client.get(f"{CHANGELIST}?{query}")
        return {email.recipients for email in response.context["cl"].result_list}

    assert recipients("status=failed") == {"cilka@example.org"}
    assert recipients("template=organisations/verified") == {"bojan@example.org"}
    assert recipients("language=sl") == {"ana@example.org"}
    assert recipients("q=ANA@example") == {"ana@example.org"}


def test_the_outbox_list_answers_with_the_same_queries_for_one_or_thirty_emails(client_for, staff):
    client = client_for(staff)
    outbox_row("first")
    client.get(CHANGELIST)  # warm up: content types, permissions

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(CHANGELIST).status_code == 200
        return len(queries)

    one = count()
    for n in range(29):
        outbox_row(f"more-{n}", status=OutboxEmail.Status.FAILED, last_error=f"550 refused {n}")
    # 1 session, 2 user, 3–4 the count with and without filters, 5 the page of rows (without
    # the stored messages), 6–7 the date hierarchy's range and days, 8–9 the template and
    # language filters' choices: the same for any number of rows.
    assert one == 9
    assert count() == one


def test_an_outgoing_email_is_shown_read_only_with_its_text_and_attachments(client_for, staff):
    mail_with_file = message()
    mail_with_file.attach("event.ics", "BEGIN:VCALENDAR", "text/calendar")
    email = email_send(message=mail_with_file, key="with-file")

    page = client_for(staff).get(f"{CHANGELIST}{email.pk}/change/").content.decode()
    assert "See you there." in page
    assert "event.ics" in page
    assert 'name="_save"' not in page


def test_send_again_retries_a_failed_email_and_never_resends_a_sent_one(
    client_for, staff, smtp, django_capture_on_commit_callbacks
):
    failed = outbox_row(
        "failed", to="failed@example.org", status=OutboxEmail.Status.FAILED, attempts=8
    )
    sent = outbox_row(
        "sent", to="sent@example.org", status=OutboxEmail.Status.SENT, sent_at=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(
            CHANGELIST,
            {"action": "send_again", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    page = response.content.decode()
    assert "1 e-mail will be sent again." in page
    assert "1 e-mail was neither failed nor late and is left as it is" in page
    assert [m["To"] for m in smtp.delivered] == ["failed@example.org"]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutboxEmail.Status.SENT, 1)


def test_a_sent_email_can_be_sent_again_only_as_a_new_copy(
    client_for, staff, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = send(key="sent", to="sent@example.org")
    queued = outbox_row("queued", to="queued@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(
            CHANGELIST,
            {"action": "send_copy", "_selected_action": [sent.pk, queued.pk]},
            follow=True,
        )

    assert "A copy of 1 e-mail will be sent." in response.content.decode()
    first, copy = smtp.delivered
    assert first["To"] == copy["To"] == "sent@example.org"
    assert first["Message-ID"] != copy["Message-ID"]
    assert OutboxEmail.objects.filter(key__startswith=f"copy:{sent.pk}:", status="sent").exists()
    assert OutboxEmail.objects.get(pk=queued.pk).status == OutboxEmail.Status.QUEUED
