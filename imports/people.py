"""How an imported row finds the person it is about: the events app's participant, matched by
account or normalised e-mail address.

The one place that decides "is this the same person": registrations are matched through
``registration_of_person``, rows of one file are compared through ``person_key``, and a new
registration joins its person's participant through ``participant_of_person``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from events.models import Event, Participant, Registration, email_key
from events.services.participants import participant_for
from hub.text import equals_ignoring_case


def person_key(email: str) -> str:
    """The normalised address: surrounding spaces and case do not make another person."""
    return email_key(email)


def participant_of_person(email: str) -> Participant:
    """The person's participant: the same one their own registrations and account have."""
    return participant_for(email=email)


def person_email(value: str) -> str:
    """The address as written, checked; ValueError in the staff member's language."""
    email = value.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValueError(_("“%(email)s” is not an e-mail address.") % {"email": email}) from None
    return email


def registration_of_person(*, event: Event, email: str) -> Registration | None:
    """The person's registration for the event, if they have one."""
    return event.registrations.filter(equals_ignoring_case("email", person_key(email))).first()
