from __future__ import annotations

from datetime import datetime

from celery import shared_task
from django.utils import timezone

from .models import Organisation
from .services import organisation_send_confirmation_reminder


@shared_task
def send_confirmation_reminders() -> int:
    """Celery beat, daily: queue one reminder task per profile that is due."""
    now = timezone.now()
    due = list(Organisation.objects.due_for_confirmation(now=now).values_list("pk", flat=True))
    for pk in due:
        send_confirmation_reminder.delay(pk, now.isoformat())
    return len(due)


@shared_task
def send_confirmation_reminder(organisation_id: int, now: str) -> bool:
    """Remind one organisation's admins; running it twice sends one reminder."""
    return organisation_send_confirmation_reminder(
        organisation_id=organisation_id, now=datetime.fromisoformat(now)
    )
