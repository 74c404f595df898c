"""Thin Celery adapters for questionnaires; the rules live in ``questionnaires.services``."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task
def send_questionnaires() -> dict[str, int]:
    """Every ten minutes (Celery beat): the invitations and reminders that are due; each goes
    once, however often this runs."""
    return services.sendings_run()
