"""Thin Celery adapters for the hub's background work; the rules live in ``hub.emails``."""

from __future__ import annotations

import hashlib
import json

from celery import shared_task

from .emails import deserialize_message, email_deliver, email_send, email_sweep
from .models import OutboxEmail
from .queue import enqueue


@shared_task
def send_outbox_email(email_id: int) -> None:
    """Send one outbox row; a try that may pass later is queued again for its time."""
    email = email_deliver(email_id=email_id)
    if email is not None and email.status == OutboxEmail.Status.QUEUED:
        # If Redis does not take it, the sweeper will.
        enqueue(send_outbox_email, email.pk, eta=email.next_attempt_at)


@shared_task
def outbox_sweep() -> int:
    """Celery beat, every minute: queue again the e-mails whose message was lost."""
    lost = email_sweep()
    for pk in lost:
        enqueue(send_outbox_email, pk)
    return len(lost)


@shared_task
def send_email_message(data: dict) -> None:
    """A message queued before the outbox existed: it goes through the outbox like any other."""
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    email_send(message=deserialize_message(data), key=f"queued-before-outbox:{digest}")
