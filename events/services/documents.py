"""Attendance sheets and certificates: the two kinds of document events make (see hub/documents.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from hub.documents import DocumentKind, document_kind_register, document_request
from hub.models import Document
from hub.pdf import render_pdf
from hub.text import collated
from hub.tokens import token_matches

from ..errors import CertificatesNotYet, NotAttended
from ..models import Event, Registration

if TYPE_CHECKING:
    from hub.models import User

ATTENDANCE_SHEET = "events.attendance_sheet"
CERTIFICATE = "events.certificate"

# Rows left empty at the foot of the sheet for people who come without registering.
BLANK_ROWS = 5


def render_attendance_sheet(event: Event, *, language: str | None = None) -> bytes:
    """The sheet people sign: the event, then one row per confirmed person, in its language
    and its alphabetical order."""
    registrations = list(
        event.registrations.confirmed()
        .select_related("organisation")
        .order_by(collated("name", language or event.language), "pk")
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
        language=language or event.language,
    )


def render_certificate(registration: Registration, *, language: str | None = None) -> bytes:
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
        language=language or event.language,
    )


def _hours(event: Event) -> float:
    return round((event.end - event.start).total_seconds() / 3600, 1)


def _is_staff(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def _certificate_holder(user: Any, document: Document, context: Mapping[str, str]) -> bool:
    """Hub staff, or the person themselves through the secret token of their registration."""
    if _is_staff(user):
        return True
    registration = Registration.objects.filter(pk=document.subject_id).only("token").first()
    return registration is not None and token_matches(registration.token, context.get("token"))


document_kind_register(
    DocumentKind(
        name=ATTENDANCE_SHEET,
        render=lambda document: render_attendance_sheet(
            Event.objects.get(pk=document.subject_id), language=document.language
        ),
        filename=lambda document: "attendance-sheet.pdf",
        can_download=lambda user, document, context: _is_staff(user),
    )
)
document_kind_register(
    DocumentKind(
        name=CERTIFICATE,
        render=lambda document: render_certificate(
            Registration.objects.select_related("event", "organisation").get(
                pk=document.subject_id
            ),
            language=document.language,
        ),
        filename=lambda document: "certificate.pdf",
        can_download=_certificate_holder,
    )
)


def attendance_sheet_request(*, event: Event, by: User | None = None) -> Document:
    """Queue the attendance sheet with the current list; asking again while it renders changes nothing."""
    return document_request(kind=ATTENDANCE_SHEET, subject=event, language=event.language, by=by)


def certificates_issue(*, event: Event, by: User | None = None) -> int:
    """Queue a certificate for everyone who attended; returns how many were queued.

    Safe to run twice at once (a double click): each person has at most one certificate
    (a unique constraint), and one that is already on its way is left alone.
    """
    started = timezone.now()
    if started < event.end:
        raise CertificatesNotYet(event)
    queued = 0
    for registration in event.registrations.attended().active().order_by("pk"):
        document = document_request(
            kind=CERTIFICATE, subject=registration, language=event.language, by=by
        )
        queued += document.requested_at >= started
    return queued


def certificate_request(*, registration: Registration, by: User | None = None) -> Document:
    """The attendee's own certificate, queued unless it is on its way."""
    if not registration.attended or not registration.is_active:
        raise NotAttended()
    if not registration.event.has_ended:
        raise CertificatesNotYet(registration.event)
    return document_request(
        kind=CERTIFICATE, subject=registration, language=registration.event.language, by=by
    )
