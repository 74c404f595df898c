"""What each kind of file holds, how a row finds what it is about, and what a row may change.

One resource per kind (django-import-export): the admin's preview and import, the
``import_data`` command, the templates and the exports all use these, so the columns and the
rules are written once. Columns are named in the staff member's language; a file whose headers
are in another interface language, or are the codes, is read just as well.

Matching, so that importing a file twice creates nothing the second time:

- organisations: by registration number, then tax number (both within the country), then
  normalised name and seat municipality;
- events: by normalised title and the day they start;
- registrations: the event (title and day) and the person, by normalised e-mail
  (``imports.people``);
- support records: the organisation, the day, the kind and the normalised topic.
"""

from __future__ import annotations

from ..models import ImportKind
from .base import ImportFileError, ImportResource, Outcome
from .events import EventResource
from .organisations import OrganisationResource
from .registrations import RegistrationResource
from .support import SupportRecordResource

RESOURCES: dict[str, type[ImportResource]] = {
    ImportKind.ORGANISATIONS: OrganisationResource,
    ImportKind.EVENTS: EventResource,
    ImportKind.REGISTRATIONS: RegistrationResource,
    ImportKind.SUPPORT_RECORDS: SupportRecordResource,
}

__all__ = [
    "RESOURCES",
    "EventResource",
    "ImportFileError",
    "ImportResource",
    "OrganisationResource",
    "Outcome",
    "RegistrationResource",
    "SupportRecordResource",
]
