"""Where uploaded documents are stored: under a random name, keeping a known suffix."""

from __future__ import annotations

import uuid
from pathlib import PurePath


def consultation_document_upload_to(instance, filename: str) -> str:
    return f"advocacy/consultations/{uuid.uuid4().hex}{_suffix(filename)}"


def action_document_upload_to(instance, filename: str) -> str:
    return f"advocacy/documents/{uuid.uuid4().hex}{_suffix(filename)}"


def _suffix(filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return suffix if suffix in {".pdf", ".docx", ".xlsx", ".odt", ".ods"} else ""
