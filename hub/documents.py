"""Generated documents: one mechanism for every file the portal makes.

Each kind of document (an event's attendance sheet, a person's certificate, later partnership
agreements, funder reports and personal-data exports) registers here what it needs:

- ``render(document) -> bytes``: a pure function of the document's subject and language;
- ``filename(document) -> str``: the name the download is saved under;
- ``can_download(user, document, context) -> bool``: who may have the file; ``context`` holds what
  the request brings besides the user (``token``: a participant's secret registration token);
- ``keep_first``: a file once made is never replaced or deleted (a funder report as sent); asking
  again only helps a document that has no file yet.

A ``Document`` row records the request and the outcome. ``document_request`` queues it,
one Celery task (``hub.tasks.document_render``) calls ``document_render``, one view
downloads it, one partial (``includes/document.html``) shows it, and ``documents_sweep``
(Celery beat, every minute) picks up what a flushed Redis or a killed worker left behind.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from .models import Document, DocumentStatus
from .queue import enqueue_on_commit, lease_end, lease_kept
from .storage import (
    StorageUnavailable,
    document_storage,
    storage_guard,
    storage_unavailable_message,
)

if TYPE_CHECKING:
    from .models import User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentKind:
    name: str
    render: Callable[[Document], bytes]
    filename: Callable[[Document], str]
    can_download: Callable[[Any, Document, Mapping[str, str]], bool]
    keep_first: bool = False


KINDS: dict[str, DocumentKind] = {}


def document_kind_register(kind: DocumentKind) -> DocumentKind:
    KINDS[kind.name] = kind
    return kind


def document_kind(name: str) -> DocumentKind:
    try:
        return KINDS[name]
    except KeyError as error:
        raise LookupError(f"No document kind {name!r} is registered") from error


# Reads


def document_for(*, kind: str, subject: models.Model) -> Document | None:
    return Document.objects.filter(
        kind=kind, subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    ).first()


def documents_for(*, kind: str, subjects: Iterable[models.Model]) -> dict[int, Document]:
    """The documents of one kind for many subjects of one model, by subject id, in one query."""
    subjects = list(subjects)
    if not subjects:
        return {}
    documents = Document.objects.filter(
        kind=kind,
        subject_type=ContentType.objects.get_for_model(subjects[0]),
        subject_id__in=[subject.pk for subject in subjects],
    )
    return {document.subject_id: document for document in documents}


def document_can_download(*, user: Any, document: Document, context: Mapping[str, str]) -> bool:
    return document.has_file and document_kind(document.kind).can_download(user, document, context)


# Writes


def document_request(
    *, kind: str, subject: models.Model, language: str, by: User | None = None
) -> Document:
    """Ask for a document to be (re-)rendered.

    Asking again while a render is really in flight changes nothing (a double click queues one
    job). Asking again is possible whenever nothing is: after it is done or failed, and when a
    queued message or a running worker is older than it can be (then it was lost). A file that
    is already there stays downloadable until the new one replaces it.
    """
    described = document_kind(kind)  # an unknown kind is a bug: fail here, not on the worker
    by = by if by is not None and by.is_authenticated else None
    now = timezone.now()
    document, created = Document.objects.get_or_create(
        kind=kind,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        defaults={"language": language, "requested_by": by, "requested_at": now, "queued_at": now},
    )
    if not created and described.keep_first and document.file:
        return document  # made once, kept as it is
    if not created:
        requeued = (
            Document.objects.filter(pk=document.pk)
            .exclude(Document.in_flight_q(now))
            .update(
                status=DocumentStatus.QUEUED,
                language=language,
                requested_by=by,
                requested_at=now,
                queued_at=now,
                started_at=None,
                finished_at=None,
                run=None,
                lease_until=None,
                attempts=0,
                error="",
            )
        )
        if not requeued:
            return document
        document.refresh_from_db()
    _enqueue_on_commit(document)
    return document


def document_render(*, document_id: int, redelivered: bool = False) -> bool:
    """Render one document into its file; safe to run twice, and to run after a killed worker.

    The row is claimed with a conditional update that gives it a new ``run`` token, a lease,
    and counts the attempt. It accepts a ``queued`` row, and a ``running`` row whose run is
    dead: its lease lapsed (a live worker renews it every few seconds while it renders), or any
    running row when Celery redelivers the message (acks_late and reject_on_worker_lost
    redeliver only when the worker that had it died, or after the visibility timeout, which is
    longer than the time limit). A second message for a row that a live run holds finds
    nothing to claim.

    Only the run holding the token records the outcome, so if a run thought dead finishes after
    all, its file is thrown away instead of replacing the newer one. The new file is saved under
    a new name and the row switched to it in one step; the old file is deleted once that has
    committed, so a download in progress never loses its file halfway.

    A kind that keeps its first file (``keep_first``) never has it replaced or deleted.

    A row started ``DOCUMENTS_MAX_ATTEMPTS`` times without finishing is marked failed.
    """
    now = timezone.now()
    claimable = Q(status=DocumentStatus.QUEUED) | Q(
        Q(lease_until__lte=now) | Q(lease_until__isnull=True), status=DocumentStatus.RUNNING
    )
    if redelivered:
        claimable |= Q(status=DocumentStatus.RUNNING)
    run = uuid.uuid4()
    claimed = (
        Document.objects.filter(claimable, pk=document_id)
        .filter(attempts__lt=settings.DOCUMENTS_MAX_ATTEMPTS)
        .update(
            status=DocumentStatus.RUNNING,
            run=run,
            attempts=F("attempts") + 1,
            started_at=now,
            lease_until=lease_end(now),
            finished_at=None,
            error="",
        )
    )
    if not claimed:
        _give_up(Document.objects.filter(claimable, pk=document_id), now=now)
        return False

    document = Document.objects.get(pk=document_id)
    try:
        kind = document_kind(document.kind)
        with (
            lease_kept(Document.objects.filter(pk=document_id, run=run)),
            translation.override(document.language),
        ):
            content = kind.render(document)
    except Exception as error:
        logger.exception("Rendering document %s (%s) failed", document_id, document.kind)
        Document.objects.filter(pk=document_id, run=run).update(
            status=DocumentStatus.FAILED,
            finished_at=timezone.now(),
            error=f"{type(error).__name__}: {error}",
        )
        return False

    try:
        with storage_guard():
            name = document_storage.save(_file_name(document, kind, run), ContentFile(content))
    except StorageUnavailable:
        # Said at once, not after the running timeout; asking again renders it anew.
        with translation.override(document.language):
            message = storage_unavailable_message()
        Document.objects.filter(pk=document_id, run=run).update(
            status=DocumentStatus.FAILED, finished_at=timezone.now(), error=message
        )
        return False
    with transaction.atomic():
        old = (
            Document.objects.select_for_update()
            .filter(pk=document_id, run=run)
            .values_list("file", flat=True)
            .first()
        )
        if old and kind.keep_first:
            # A kept file is never replaced: the row stays with it, this run's file goes.
            Document.objects.filter(pk=document_id).update(
                status=DocumentStatus.DONE, finished_at=timezone.now(), error=""
            )
            old = None
        if old is not None:
            Document.objects.filter(pk=document_id).update(
                status=DocumentStatus.DONE,
                file=name,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                finished_at=timezone.now(),
                error="",
            )
            if old:
                transaction.on_commit(lambda: _delete_file(old))
    if old is None:  # another run took over, or the file is kept as first made
        _delete_file(name)
        return False
    return True


def _delete_file(name: str) -> None:
    """A file no row points to any more; one the store would not delete is only left over."""
    try:
        with storage_guard():
            document_storage.delete(name)
    except StorageUnavailable:
        pass


def documents_sweep(*, now: datetime | None = None) -> int:
    """Send again what is lost; returns how many documents were queued again.

    A queued document whose message was not picked up in ``DOCUMENTS_QUEUED_TIMEOUT`` (Redis
    flushed, restarted without persistence, or down when it was asked for) gets a new message.
    A running one whose lease lapsed died with its worker: it is queued again, or marked failed
    once it was started ``DOCUMENTS_MAX_ATTEMPTS`` times. Cheap enough to run every few
    seconds: one indexed query when nothing is lost.
    """
    now = now or timezone.now()
    lost = Document.objects.filter(Document.lost_q(now))
    _give_up(lost.filter(attempts__gte=settings.DOCUMENTS_MAX_ATTEMPTS), now=now)
    requeued = 0
    for document in lost.filter(attempts__lt=settings.DOCUMENTS_MAX_ATTEMPTS):
        touched = (
            Document.objects.filter(pk=document.pk, status=document.status, run=document.run)
            .filter(Document.lost_q(now))
            .update(status=DocumentStatus.QUEUED, queued_at=now, run=None, lease_until=None)
        )
        if touched:
            requeued += 1
            _enqueue_on_commit(document)
    return requeued


def _give_up(documents: models.QuerySet[Document], *, now: datetime) -> None:
    """Mark failed, in each document's language, what was started too often without finishing."""
    for document in documents.filter(attempts__gte=settings.DOCUMENTS_MAX_ATTEMPTS):
        with translation.override(document.language):
            message = gettext(
                "Preparing this document was tried %(count)s times and did not finish. "
                "Ask for it again; if it fails again, please tell the hub."
            ) % {"count": document.attempts}
        Document.objects.filter(pk=document.pk, status=document.status, run=document.run).update(
            status=DocumentStatus.FAILED, finished_at=now, run=None, error=message
        )


def _file_name(document: Document, kind: DocumentKind, run: uuid.UUID) -> str:
    """A new name for every render, so the old file stays whole until the row points away."""
    return f"{document.kind}/{document.uuid}/{run.hex[:12]}/{kind.filename(document)}"


def _enqueue_on_commit(document: Document) -> None:
    # By name: the task module imports this one.
    enqueue_on_commit("hub.tasks.document_render", document.pk)
