"""The events app's models, by aggregate: events and programmes, registrations and participants,
the entry and leaving data participants give."""

from .entry_and_leaving import (
    SPECIAL_ANSWER_FIELDS,
    LeavingItem,
    LeavingSituation,
    SpecialAnswer,
    SpecialCategoryEntry,
)
from .events import Event, EventKind, EventQuerySet, Programme, RegistrationState
from .registrations import (
    CREDITING_LINKS,
    PREFER_NOT_TO_SAY,
    REGISTRATION_CONSENT,
    OrganisationLink,
    Participant,
    Registration,
    RegistrationQuerySet,
    email_key,
    new_token,
)

__all__ = [
    "CREDITING_LINKS",
    "PREFER_NOT_TO_SAY",
    "REGISTRATION_CONSENT",
    "SPECIAL_ANSWER_FIELDS",
    "Event",
    "EventKind",
    "EventQuerySet",
    "LeavingItem",
    "LeavingSituation",
    "OrganisationLink",
    "Participant",
    "Programme",
    "Registration",
    "RegistrationQuerySet",
    "RegistrationState",
    "SpecialAnswer",
    "SpecialCategoryEntry",
    "email_key",
    "new_token",
]
