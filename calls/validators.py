"""Call documents are accepted by what they contain, never by the name they arrive with."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024

# An OOXML file's [Content_Types].xml names its main part; an ODF file starts with a
# "mimetype" entry holding its type.
OOXML_MAIN_PARTS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
ODF_TYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def document_kind(upload) -> str | None:
    """ "pdf", "docx", "xlsx", "odt" or "ods" from the file's content; None for anything else."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                for kind, mimetype in ODF_TYPES.items():
                    if declared == mimetype:
                        return kind
                return None
            if "[Content_Types].xml" in names:
                types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
                for kind, main_part in OOXML_MAIN_PARTS.items():
                    if main_part in types:
                        return kind
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    return None


def validate_call_document(upload: UploadedFile) -> None:
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
                "A call document must be a PDF, Word (DOCX), Excel (XLSX) or OpenDocument "
                "(ODT, ODS) file; this file is not one."
            ),
            code="not_a_document",
        )
