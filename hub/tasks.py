"""Thin Celery adapters for the hub's background work; the rules live in ``hub.emails``."""

from __future__ import annotations

from celery import shared_task

from . import documents
from .emails import email_deliver, email_sweep
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


@shared_task(bind=True)
def document_render(self, document_id: int) -> bool:
    """Render any kind of document (see hub/documents.py); a redelivery may take over a dead run."""
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    return documents.document_render(document_id=document_id, redelivered=redelivered)


@shared_task
def documents_sweep() -> int:
    """Every minute (Celery beat): queue again the documents a lost message or worker left behind."""
    return documents.documents_sweep()


@shared_task
def privacy_retention() -> int:
    """Anonymise what has outlived its retention period; each app says what that is."""
    from .privacy import RETENTION_JOBS, personal_data_exports_sweep

    return personal_data_exports_sweep() + sum(job() for job in RETENTION_JOBS)
