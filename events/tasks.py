"""Thin Celery adapters for events; the rules live in ``events.services``."""

from __future__ import annotations

from celery import shared_task

from .services import leaving


@shared_task
def send_leaving_invitations() -> int:
    """Daily (Celery beat): ask the people who left a training their situation on leaving."""
    return leaving.leaving_invitations_send()
