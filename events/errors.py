"""What can go wrong with an event, in words a visitor understands; views turn these into messages."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class EventError(Exception):
    message = _("That could not be done.")

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class RegistrationClosed(EventError):
    message = _("Registration for this event is closed.")


class RegistrationNotYetOpen(RegistrationClosed):
    message = _("Registration for this event has not opened yet.")


class EventFull(EventError):
    message = _("This event is full and has no waiting list.")


class AlreadyRegistered(EventError):
    message = _(
        "This e-mail address is already registered for this event. "
        "Use the link in the confirmation e-mail to see or cancel the registration."
    )


class ConsentMissing(EventError):
    message = _("We can only register you with your consent to keep your details for this event.")


class CapacityBelowConfirmed(EventError):
    def __init__(self, confirmed: int) -> None:
        self.confirmed = confirmed
        super().__init__(
            _("%(confirmed)s people are already confirmed; the capacity cannot be lower than that.")
            % {"confirmed": confirmed}
        )


class NotAttended(EventError):
    message = _("A certificate is only issued to people who attended.")


class CheckInNotOpen(EventError):
    def __init__(self, event) -> None:
        day = event.check_in_opens_at.date()
        super().__init__(
            _(
                "Check-in opens on %(day)s, the day of the event; attendance cannot be marked "
                "before then."
            )
            % {"day": date_format(day, "DATE_FORMAT")}
        )


class CertificatesNotYet(EventError):
    def __init__(self, event) -> None:
        end = event.end.astimezone(event.zone)
        super().__init__(
            _("Certificates of attendance can be prepared once the event has ended (%(end)s).")
            % {"end": date_format(end, "DATETIME_FORMAT")}
        )


class LeavingClosed(EventError):
    message = _(
        "Your situation on leaving can be told within four weeks of leaving a training whose "
        "funder asks for it."
    )
