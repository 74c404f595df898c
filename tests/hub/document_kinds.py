"""A kind of document for tests about background work: quick, or as slow as SLOW_DOCUMENT_SECONDS.

Imported by the tests and, through CELERY_IMPORTS in tests/worker_settings.py, by worker
processes that a test starts.
"""

from __future__ import annotations

import os
import time

from hub.documents import DocumentKind, document_kind_register

SLOW = "tests.slow"


def render_slowly(document) -> bytes:
    time.sleep(float(os.environ.get("SLOW_DOCUMENT_SECONDS", "0")))
    return f"%PDF-test document {document.pk} of subject {document.subject_id}".encode()


document_kind_register(
    DocumentKind(
        name=SLOW,
        render=render_slowly,
        filename=lambda document: "slow.pdf",
        can_download=lambda user, document, context: user.is_staff,
    )
)
