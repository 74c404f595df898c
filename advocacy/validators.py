"""Documents are accepted by what they contain, never by the name they arrive with."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

# The content sniffing is the calls' (the first app with uploaded documents); only the message
# differs.
from calls.validators import DOCUMENT_MAX_BYTES, document_kind


def validate_document(upload: UploadedFile) -> None:
    """Refuse a file over 10 MB, or one that is not a PDF, Word, Excel or OpenDocument file."""
    if upload.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("The document is too large (%(size)s MB); the limit is 10 MB."),
            code="too_large",
            params={"size": f"{upload.size / 1024 / 1024:.1f}"},
        )
    if document_kind(upload) is None:
        raise ValidationError(
            _(
                "A document must be a PDF, Word (DOCX), Excel (XLSX) or OpenDocument (ODT, ODS) "
                "file; this file is not one."
            ),
            code="not_a_document",
        )
