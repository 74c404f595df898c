"""Attendance sheets and certificates: asking for them, and rendering them on a worker."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from hub.pdf import render_pdf

from ..errors import NotAttended
from ..models import AttendanceSheet, Certificate, DocumentStatus, Event, Registration

if TYPE_CHECKING:
    from hub.models import User

logger = logging.getLogger(__name__)

# Rows left empty at the foot of the sheet for people who come without registering.
BLANK_ROWS = 5

Document = TypeVar("Document", AttendanceSheet, Certificate)


def render_attendance_sheet(event: Event) -> bytes:
    """The sheet people sign: the event, then one row per confirmed person, in its language."""
    registrations = list(
        event.registrations.confirmed().select_related("organisation").order_by("name", "pk")
    )
    return render_pdf(
        "pdf/events/attendance_sheet.html",
        {
            "event": event,
            "registrations": registrations,
            "blank_rows": range(BLANK_ROWS),
            "first_blank": len(registrations) + 1,
            "document_date": timezone.localtime(event.start).date(),
        },
        language=event.language,
    )


def render_certificate(registration: Registration) -> bytes:
    event = registration.event
    return render_pdf(
        "pdf/events/certificate.html",
        {
            "event": event,
            "registration": registration,
            "hours": _hours(event),
            "issued": timezone.localdate(),
            "document_date": timezone.localtime(event.start).date(),
        },
        language=event.language,
    )


def _hours(event: Event) -> float:
    return round((event.end - event.start).total_seconds() / 3600, 1)


def _stale_after() -> timedelta:
    """A render still "running" after the hard time limit died with its worker."""
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


def _requeue(model: type[Document], pks: list[int], by: User | None) -> list[int]:
    """Mark documents queued unless a render is already on its way; returns those marked."""
    now = timezone.now()
    stale = now - _stale_after()
    not_in_flight = ~Q(status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING]) | Q(
        status=DocumentStatus.RUNNING, started_at__lt=stale
    )
    claimable = list(model.objects.filter(not_in_flight, pk__in=pks).values_list("pk", flat=True))
    model.objects.filter(not_in_flight, pk__in=claimable).update(
        status=DocumentStatus.QUEUED,
        requested_at=now,
        requested_by=by,
        started_at=None,
        finished_at=None,
        error="",
    )
    return claimable


def attendance_sheet_request(*, event: Event, by: User | None = None) -> AttendanceSheet:
    """Queue the attendance sheet for rendering; asking again while it renders changes nothing."""
    from ..tasks import attendance_sheet_render

    sheet, created = AttendanceSheet.objects.get_or_create(
        event=event, defaults={"requested_by": by}
    )
    queued = [sheet.pk] if created else _requeue(AttendanceSheet, [sheet.pk], by)
    for pk in queued:
        attendance_sheet_render.delay_on_commit(pk)
    sheet.refresh_from_db()
    return sheet


def certificates_issue(*, event: Event, by: User | None = None) -> int:
    """Queue a certificate for everyone who attended; returns how many were queued."""
    from ..tasks import certificate_render

    attendees = event.registrations.attended().active()
    existing = list(
        Certificate.objects.filter(registration__in=attendees).values_list("pk", flat=True)
    )
    requeued = _requeue(Certificate, existing, by)
    created = Certificate.objects.bulk_create(
        [
            Certificate(registration=registration, requested_by=by)
            for registration in attendees.filter(certificate__isnull=True)
        ]
    )
    queued = requeued + [certificate.pk for certificate in created]
    for pk in queued:
        certificate_render.delay_on_commit(pk)
    return len(queued)


def certificate_request(*, registration: Registration, by: User | None = None) -> Certificate:
    """The attendee's own certificate, queued unless it is ready or on its way."""
    from ..tasks import certificate_render

    if not registration.attended or not registration.is_active:
        raise NotAttended()
    certificate, created = Certificate.objects.get_or_create(
        registration=registration, defaults={"requested_by": by}
    )
    if created:
        certificate_render.delay_on_commit(certificate.pk)
    elif certificate.status == DocumentStatus.FAILED:
        for pk in _requeue(Certificate, [certificate.pk], by):
            certificate_render.delay_on_commit(pk)
        certificate.refresh_from_db()
    return certificate


def document_render(model: type[Document], pk: int, render: Callable[[Document], bytes]) -> bool:
    """Render one queued document into its file; safe to run twice.

    The row is claimed with a conditional update, so a second delivery of the same task finds
    nothing to do. A new rendering replaces the old file under the same name. A failure is
    recorded on the row with its message, for the page to show.
    """
    claimed = model.objects.filter(pk=pk, status=DocumentStatus.QUEUED).update(
        status=DocumentStatus.RUNNING, started_at=timezone.now(), finished_at=None, error=""
    )
    if not claimed:
        return False
    try:
        document = model.objects.get(pk=pk)
        content = render(document)
        name = document.file_name()
        storage = document.file.storage
        storage.delete(name)
        saved = storage.save(name, ContentFile(content))
    except Exception as error:
        logger.exception("Rendering %s %s failed", model.__name__, pk)
        model.objects.filter(pk=pk).update(
            status=DocumentStatus.FAILED,
            finished_at=timezone.now(),
            error=f"{type(error).__name__}: {error}",
        )
        return False
    model.objects.filter(pk=pk).update(
        status=DocumentStatus.DONE, file=saved, finished_at=timezone.now()
    )
    return True
