"""Thin Celery adapters for the newsletter; the rules live in ``news.services``."""

from __future__ import annotations

from celery import shared_task

from . import services
from .models import NewsletterIssue


@shared_task
def send_due_issues() -> int:
    """Every morning (Celery beat): the weekly issue on Mondays, the monthly one on the 1st."""
    return services.issues_send_due()


@shared_task
def send_issue(issue_id: int) -> int:
    """Staff pressed "send": the issue goes to its subscribers (once each, however often run)."""
    issue = NewsletterIssue.objects.filter(pk=issue_id).first()
    if issue is None:
        return 0
    return services.issue_send(issue=issue)
