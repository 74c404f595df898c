from __future__ import annotations

import smtplib

from celery import shared_task

from .emails import deserialize_message


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    max_retries=5,
)
def send_email_message(data: dict) -> None:
    """Send one e-mail; a mail server that is down is retried with backoff, nothing else is."""
    deserialize_message(data).send()
