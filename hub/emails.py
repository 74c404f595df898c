"""Every e-mail the portal sends is built here and leaves through the outbox.

The rule: **a row before the message.** ``email_send`` writes an ``OutboxEmail`` row in the
caller's transaction and only then, once it has committed, puts a message on the queue. The row
is the truth; the message on Redis only says "go", so a message that is lost (Redis flushed or
unreachable, a worker killed) costs a delay, never the e-mail: ``email_sweep`` finds the row and
queues it again.

**The key.** Every caller names its message with a key that is the same whenever the same message
would be sent again and different for a legitimately new one, e.g.
``registration_confirmed:<registration pk>:<token>`` (registering again gives a new token, so a
new confirmation). The key is unique in the database: a second ``email_send`` with the same key,
a task run twice or a message delivered twice sends nothing more.

Delivery claims the row with a conditional update, so two workers never both send it. A mail
server that does not answer, or answers 4xx, is tried again with backoff, a bounded number of
times; a 5xx answer is final and is stored with the row, where staff see it in the admin.
"""

from __future__ import annotations

import base64
import logging
import smtplib
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.core.mail.utils import DNS_NAME
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import OutboxEmail
from .queue import enqueue_on_commit, lease_end, lease_kept
from .selectors import hub_profile

logger = logging.getLogger(__name__)

# A try that fails for a reason that may pass waits 30 s, 1, 2, 4 … minutes, at most an hour;
# the eighth failure is final (about an hour after the first).
MAX_ATTEMPTS = 8
RETRY_BACKOFF = timedelta(seconds=30)
RETRY_BACKOFF_MAX = timedelta(hours=1)
# A queued row is taken by a worker within seconds; one still waiting after this lost its message.
QUEUED_GRACE = timedelta(seconds=settings.OUTBOX_QUEUED_TIMEOUT)
# A row "sending" holds a lease its worker renews while it sends (hub.queue.lease_kept); one
# whose lease lapsed has lost its worker. Rows claimed before leases existed have none: they
# count as lost after the task's hard time limit.
SENDING_TIMEOUT = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
SWEEP_BATCH = 500
# Queued by name: the task module imports this one.
SEND_TASK = "hub.tasks.send_outbox_email"

# Errors that say "not now": no connection, a dropped one, a timeout, a 4xx answer.
DELIVERY_ERRORS = (smtplib.SMTPException, OSError)


class BuiltEmail(EmailMultiAlternatives):
    """A message rendered from the ``emails/`` templates, remembering which and in what language."""

    def __init__(self, *args, template: str = "", language: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        self.language = language


def email_build(
    *,
    template: str,
    to: list[str],
    context: dict,
    language: str | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> BuiltEmail:
    """Render ``emails/<template>_subject.txt``, ``_body.txt`` and ``_body.html`` into a message."""
    context = {"hub_name": hub_profile().name, **context}
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        text = render_to_string(f"emails/{template}_body.txt", context)
        html = render_to_string(f"emails/{template}_body.html", context)
    message = BuiltEmail(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        template=template,
        language=language,
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    return message


def email_send(
    *,
    message: EmailMessage,
    key: str,
    template: str = "",
    language: str = "",
    not_before: datetime | None = None,
) -> OutboxEmail:
    """Write the message to the outbox and queue it once the current transaction has committed.

    ``key`` names the message: a second call with a key already in the outbox sends nothing and
    returns the existing row. If the transaction rolls back, neither row nor message remain.
    ``template`` and ``language`` default to what ``email_build`` recorded on the message.
    ``not_before`` holds the message back until then (many messages at once are spread out so
    the mail server does not take them for spam); the sweeper sends it if its message is lost.
    """
    data = serialize_message(message)
    # A stable Message-ID, so a receiving server can tell a retry from a new message.
    data["headers"].setdefault("Message-ID", make_msgid(domain=DNS_NAME))
    email, created = OutboxEmail.objects.get_or_create(
        key=key,
        defaults={
            "recipients": ", ".join([*message.to, *message.cc, *message.bcc]),
            "template": template or getattr(message, "template", ""),
            "language": language or getattr(message, "language", ""),
            "subject": str(message.subject)[:300],
            "message": data,
            "next_attempt_at": not_before or timezone.now(),
        },
    )
    if created:
        if not_before is not None and not_before > timezone.now():
            enqueue_on_commit(SEND_TASK, email.pk, eta=not_before)
        else:
            enqueue_on_commit(SEND_TASK, email.pk)
    return email


def email_deliver(*, email_id: int, now: datetime | None = None) -> OutboxEmail | None:
    """Send one outbox row, if it is still to be sent; ``None`` when there was nothing to do.

    The row is claimed first (queued and due → sending, or sending for longer than a worker can
    live), so running this twice, or on two workers at once, sends once. A failure that may pass
    puts the row back in the queue with its next attempt time (the caller queues that attempt);
    a 5xx answer, or the last allowed attempt, leaves it failed with the server's answer. Any
    other error is a bug: the row is marked failed with it and the error is raised again.
    """
    now = now or timezone.now()
    claimed = (
        OutboxEmail.objects.filter(pk=email_id)
        .filter(Q(status=OutboxEmail.Status.QUEUED, next_attempt_at__lte=now) | _lapsed_q(now))
        .update(
            status=OutboxEmail.Status.SENDING,
            claimed_at=now,
            lease_until=lease_end(now),
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return None
    email = OutboxEmail.objects.get(pk=email_id)
    # Only the claim made here may record the outcome.
    mine = OutboxEmail.objects.filter(
        pk=email_id, status=OutboxEmail.Status.SENDING, claimed_at=now
    )
    try:
        with lease_kept(mine):
            deserialize_message(email.message).send()
    except DELIVERY_ERRORS as error:
        answer = describe_delivery_error(error)
        if is_permanent(error) or email.attempts >= MAX_ATTEMPTS:
            logger.warning("E-mail %s failed for good: %s", email.key, answer)
            mine.update(status=OutboxEmail.Status.FAILED, last_error=answer, next_attempt_at=None)
        else:
            logger.info("E-mail %s will be tried again: %s", email.key, answer)
            mine.update(
                status=OutboxEmail.Status.QUEUED,
                last_error=answer,
                next_attempt_at=now + retry_delay(email.attempts),
            )
    except Exception as error:
        mine.update(
            status=OutboxEmail.Status.FAILED,
            last_error=f"{type(error).__name__}: {error}",
            next_attempt_at=None,
        )
        raise
    else:
        mine.update(
            status=OutboxEmail.Status.SENT,
            sent_at=timezone.now(),
            last_error="",
            next_attempt_at=None,
        )
    email.refresh_from_db()
    return email


def email_sweep(*, now: datetime | None = None) -> list[int]:
    """The rows whose message may have been lost, to queue again; never a sent or failed row.

    Rows queued and due for longer than ``QUEUED_GRACE`` (their message went with a flushed or
    unreachable Redis) and rows sending whose lease lapsed (their worker died) are returned, and
    the queued ones are marked due from now, so a busy queue does not get the same row on every
    sweep. A row that lost its worker ``MAX_ATTEMPTS`` times is failed instead. Cheap enough to
    run every few seconds: indexed queries that find nothing when nothing is lost.
    """
    now = now or timezone.now()
    stale = OutboxEmail.objects.filter(_lapsed_q(now))
    with translation.override(settings.LANGUAGE_CODE):
        given_up = _(
            "The worker stopped while sending this message %(attempts)s times; it is not "
            "tried again."
        ) % {"attempts": MAX_ATTEMPTS}
    stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=OutboxEmail.Status.FAILED, last_error=given_up, next_attempt_at=None
    )
    lost = list(
        OutboxEmail.objects.filter(
            status=OutboxEmail.Status.QUEUED, next_attempt_at__lte=now - QUEUED_GRACE
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    OutboxEmail.objects.filter(pk__in=lost, status=OutboxEmail.Status.QUEUED).update(
        next_attempt_at=now
    )
    dead = list(stale.order_by("claimed_at", "pk").values_list("pk", flat=True)[:SWEEP_BATCH])
    return lost + dead


def _lapsed_q(now: datetime) -> Q:
    """Rows being sent by a worker that stopped renewing its lease: it died."""
    return Q(status=OutboxEmail.Status.SENDING) & (
        Q(lease_until__lte=now) | Q(lease_until__isnull=True, claimed_at__lte=now - SENDING_TIMEOUT)
    )


def email_late_q(now: datetime) -> Q:
    """E-mails that should have gone by now: due and still queued for longer than
    ``JOB_LATE_SECONDS``, or held by a worker that died."""
    late = now - timedelta(seconds=settings.JOB_LATE_SECONDS)
    return Q(status=OutboxEmail.Status.QUEUED, next_attempt_at__lte=late) | _lapsed_q(now)


def email_is_late(email: OutboxEmail, *, now: datetime) -> bool:
    """``email_late_q`` for one row in hand (the outbox list shows it on every row)."""
    if email.status == OutboxEmail.Status.QUEUED:
        late = now - timedelta(seconds=settings.JOB_LATE_SECONDS)
        return email.next_attempt_at is not None and email.next_attempt_at <= late
    if email.status == OutboxEmail.Status.SENDING:
        if email.lease_until is not None:
            return email.lease_until <= now
        return email.claimed_at is not None and email.claimed_at <= now - SENDING_TIMEOUT
    return False


def email_resend(*, email: OutboxEmail) -> bool:
    """Try a failed e-mail again, with a fresh set of attempts, or a late one now; False for
    any other (sent, or on its way).

    A sent e-mail is not sent again under its key (that is what the key is for); staff who want
    the person to have it again send a copy (``email_send_copy``).
    """
    now = timezone.now()
    resent = OutboxEmail.objects.filter(pk=email.pk, status=OutboxEmail.Status.FAILED).update(
        status=OutboxEmail.Status.QUEUED, attempts=0, next_attempt_at=now
    ) or OutboxEmail.objects.filter(email_late_q(now), pk=email.pk).update(
        status=OutboxEmail.Status.QUEUED, next_attempt_at=now, lease_until=None
    )
    if resent:
        enqueue_on_commit(SEND_TASK, email.pk)
    return bool(resent)


def email_send_copy(*, email: OutboxEmail) -> OutboxEmail:
    """A new outbox row with the same message (and a new Message-ID), for a sent e-mail."""
    message = deserialize_message(email.message)
    message.extra_headers.pop("Message-ID", None)
    return email_send(
        message=message,
        key=f"copy:{email.pk}:{uuid.uuid4().hex}",
        template=email.template,
        language=email.language,
    )


def retry_delay(attempts: int) -> timedelta:
    """30 s after the first failed attempt, doubling each time, at most an hour."""
    return min(RETRY_BACKOFF * 2 ** (attempts - 1), RETRY_BACKOFF_MAX)


def is_permanent(error: Exception) -> bool:
    """A 5xx answer is the server's final word; 4xx answers and no answer at all may pass."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _answer in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def describe_delivery_error(error: Exception) -> str:
    """The server's answer, as staff read it in the admin."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{recipient}: {code} {_text(answer)}"
            for recipient, (code, answer) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}"


def _text(answer: bytes | str) -> str:
    return answer.decode(errors="replace") if isinstance(answer, bytes) else str(answer)


def serialize_message(message: EmailMessage) -> dict:
    """A JSON-safe form of a message (text, HTML, headers, attachments), kept with its row."""
    alternatives = getattr(message, "alternatives", [])
    return {
        "subject": str(message.subject),
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[content, mimetype] for content, mimetype in alternatives],
        "attachments": [
            [name, _b64(content), mimetype] for name, content, mimetype in message.attachments
        ],
    }


def deserialize_message(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for name, content, mimetype in data["attachments"]:
        message.attach(name, base64.b64decode(content), mimetype)
    return message


def _b64(content: bytes | str) -> str:
    return base64.b64encode(content if isinstance(content, bytes) else content.encode()).decode()


def email_send_many(*, messages: list[tuple[str, EmailMessage]]) -> dict[str, int]:
    """``email_send`` for many messages at once, in a fixed number of queries: the digest of a
    thousand subscribers costs what the digest of one does. Keys already in the outbox send
    nothing more; returns the outbox row id of every key."""
    if not messages:
        return {}
    now = timezone.now()
    rows = []
    for key, message in messages:
        data = serialize_message(message)
        data["headers"].setdefault("Message-ID", make_msgid(domain=DNS_NAME))
        rows.append(
            OutboxEmail(
                key=key,
                recipients=", ".join([*message.to, *message.cc, *message.bcc]),
                template=getattr(message, "template", ""),
                language=getattr(message, "language", ""),
                subject=str(message.subject)[:300],
                message=data,
                next_attempt_at=now,
            )
        )
    OutboxEmail.objects.bulk_create(rows, ignore_conflicts=True)
    rows = OutboxEmail.objects.filter(key__in=[key for key, _message in messages]).values_list(
        "key", "pk", "status"
    )
    ids = {}
    for key, pk, status in rows:
        ids[key] = pk
        # A row another run wrote a moment ago may be queued twice; delivery claims it once.
        if status == OutboxEmail.Status.QUEUED:
            enqueue_on_commit(SEND_TASK, pk)
    return ids
