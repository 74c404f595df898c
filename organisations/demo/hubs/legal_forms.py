"""The legal forms under the short names the hubs' lists are written with."""

from __future__ import annotations

from ...models import LegalForm

ASSOC, INST, FOUND, PUBLIC, COMPANY, OTHER = (
    LegalForm.ASSOCIATION,
    LegalForm.PRIVATE_INSTITUTE,
    LegalForm.FOUNDATION,
    LegalForm.PUBLIC_BODY,
    LegalForm.COMPANY,
    LegalForm.OTHER,
)
