"""Advocacy: public consultations open for comment, NGO initiatives from an objective to a result,
and NGO representatives in public bodies.

An initiative is one objective (what should change, in which policy); its actions, documents and
submissions are the work towards it, and its status is kept with the dates it changed. A funder
counts initiatives per objective, so an initiative is counted once however much was done for it.
"""

from .consultations import (
    Consultation,
    ConsultationDocument,
    ConsultationQuerySet,
    ConsultationStatus,
    Level,
)
from .initiatives import (
    RESERVED_SLUGS,
    RESULTS,
    Action,
    ActionDocument,
    ActionKind,
    Initiative,
    InitiativeQuerySet,
    InitiativeStatus,
    StatusChange,
    Submission,
    SubmissionResponse,
    Supporter,
)
from .representations import Representation
from .subscriptions import AlertKind, ConsultationAlert, ConsultationSubscription
from .uploads import action_document_upload_to, consultation_document_upload_to

__all__ = [
    "RESERVED_SLUGS",
    "RESULTS",
    "Action",
    "ActionDocument",
    "ActionKind",
    "AlertKind",
    "Consultation",
    "ConsultationAlert",
    "ConsultationDocument",
    "ConsultationQuerySet",
    "ConsultationStatus",
    "ConsultationSubscription",
    "Initiative",
    "InitiativeQuerySet",
    "InitiativeStatus",
    "Level",
    "Representation",
    "StatusChange",
    "Submission",
    "SubmissionResponse",
    "Supporter",
    "action_document_upload_to",
    "consultation_document_upload_to",
]
