"""The ground's models, one module per concept; every model is importable from ``hub.models``."""

from .accounts import User, UserManager
from .documents import Document, DocumentStatus, late_after, queued_timeout
from .funders import (
    PROJECT_PROPERTIES,
    FunderLogo,
    FunderTemplate,
    IndicatorTarget,
    Operation,
    OperationQuerySet,
    TemplateIndicator,
)
from .outbox import OutboxEmail
from .places import (
    TIME_ZONES,
    Country,
    Currency,
    FieldOfActivity,
    HubProfile,
    Municipality,
    Region,
    Urbanisation,
)
from .privacy import PersonalDataExport, PrivacyAction, PrivacyLogEntry

__all__ = [
    "TIME_ZONES",
    "Country",
    "Currency",
    "Document",
    "DocumentStatus",
    "FieldOfActivity",
    "FunderLogo",
    "FunderTemplate",
    "HubProfile",
    "IndicatorTarget",
    "PROJECT_PROPERTIES",
    "Municipality",
    "Operation",
    "OperationQuerySet",
    "OutboxEmail",
    "PersonalDataExport",
    "PrivacyAction",
    "PrivacyLogEntry",
    "Region",
    "TemplateIndicator",
    "Urbanisation",
    "User",
    "UserManager",
    "late_after",
    "queued_timeout",
]
