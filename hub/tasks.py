from __future__ import annotations

import smtplib

from celery import shared_task

from . import documents
from .emails import deserialize_message


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    max_retries=5,
)
def send_email_message(data: dict) -> None:
    """Send one e-mail; a mail server that is down is retried with backoff, nothing else is."""
    deserialize_message(data).send()


@shared_task(bind=True)
def document_render(self, document_id: int) -> bool:
    """Render any kind of document (see hub/documents.py); a redelivery may take over a dead run."""
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    return documents.document_render(document_id=document_id, redelivered=redelivered)


@shared_task
def documents_sweep() -> int:
    """Every minute (Celery beat): queue again the documents a lost message or worker left behind."""
    return documents.documents_sweep()
