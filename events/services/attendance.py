"""Check-in at the door and the participants list."""

from __future__ import annotations

import io
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from hub import spreadsheets

from ..errors import CheckInNotOpen
from ..models import Event, Registration


def registration_check_in(
    *, registration: Registration, attended: bool = True, now: datetime | None = None
) -> Registration:
    """Mark a person as present (or undo it); the time of the first check-in is kept.

    Not before the event's day: a person cannot have attended what has not happened.
    Afterwards staff may still correct the list."""
    if (now or timezone.now()) < registration.event.check_in_opens_at:
        raise CheckInNotOpen(registration.event)
    if attended and not registration.attended:
        registration.checked_in_at = now or timezone.now()
    elif not attended:
        registration.checked_in_at = None
    registration.attended = attended
    # Saved (not updated) so the change is kept in the registration's history: evidence.
    registration.save(update_fields=["attended", "checked_in_at"])
    return registration


def participants_csv(*, event: Event, registrations: list[Registration]) -> str:
    """The participants of an event as CSV, one row per registration that is not cancelled."""
    out = io.StringIO()
    writer = spreadsheets.CsvWriter(out)
    writer.writerow(
        [
            _("Name"),
            _("E-mail"),
            _("Organisation"),
            _("In the directory"),
            _("Status"),
            _("Attended"),
            _("Checked in"),
            _("Registered"),
        ]
    )
    for registration in registrations:
        writer.writerow(
            [
                registration.name,
                registration.email,
                registration.organisation_label,
                _("yes") if registration.organisation_id else _("no"),
                registration.get_status_display(),
                _("yes") if registration.attended else _("no"),
                _iso(registration.checked_in_at, event),
                _iso(registration.registered_at, event),
            ]
        )
    return out.getvalue()


def _iso(moment: datetime | None, event: Event) -> str:
    return moment.astimezone(event.zone).strftime("%Y-%m-%d %H:%M") if moment else ""
