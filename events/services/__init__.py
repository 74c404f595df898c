"""Every change to events and registrations that has rules attached, by concept."""

from .attendance import participants_csv, registration_check_in
from .documents import (
    ATTENDANCE_SHEET,
    CERTIFICATE,
    attendance_sheet_request,
    certificate_request,
    certificates_issue,
    render_attendance_sheet,
    render_certificate,
)
from .registration import (
    event_capacity_change,
    event_capacity_check,
    registration_cancel,
    registration_create,
    waiting_list_promote,
)

__all__ = [
    "ATTENDANCE_SHEET",
    "CERTIFICATE",
    "attendance_sheet_request",
    "certificate_request",
    "certificates_issue",
    "event_capacity_change",
    "event_capacity_check",
    "participants_csv",
    "registration_cancel",
    "registration_check_in",
    "registration_create",
    "render_attendance_sheet",
    "render_certificate",
    "waiting_list_promote",
]
