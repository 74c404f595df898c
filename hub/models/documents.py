"""Generated files (PDFs, exports): one row per document, whatever it is about."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..storage import get_document_storage


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Document(models.Model):
    """A file the portal generates (a PDF), rendered by a worker; see hub/documents.py.

    What a document is about is a generic subject (content type and id), so that each new kind
    (partnership agreements, funder reports, exports) is a registration, not a new table; the
    subjects declare a GenericRelation, so deleting an event or a person deletes their documents
    and, with them, the files.
    """

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=60)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("subject type")
    )
    subject_id = models.PositiveBigIntegerField(_("subject id"))
    subject = GenericForeignKey("subject_type", "subject_id")
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    # When a message last went to the queue: the sweeper sends another when it is lost.
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The run that holds the claim; only that run may record the outcome.
    run = models.UUIDField(_("run"), null=True, blank=True, editable=False)
    # Until when that run's worker holds it; renewed while it works (hub.queue.lease_kept).
    lease_until = models.DateTimeField(_("held until"), null=True, blank=True, editable=False)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(
        _("file"), storage=get_document_storage, max_length=255, blank=True, editable=False
    )
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id"],
                name="document_one_per_subject",
                violation_error_message=_(
                    "This document already exists; ask for it again instead."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_type_id}:{self.subject_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("document_download", kwargs={"uuid": self.uuid})

    @property
    def is_in_flight(self) -> bool:
        """Asked for less than ``JOB_LATE_SECONDS`` ago and still queued, or being rendered by a
        live worker (its lease holds). Anything else is late and may be asked for again."""
        now = timezone.now()
        if self.status == DocumentStatus.QUEUED:
            return self.requested_at > now - late_after()
        if self.status == DocumentStatus.RUNNING:
            return self.lease_until is not None and self.lease_until > now
        return False

    @property
    def has_file(self) -> bool:
        return bool(self.file)

    @staticmethod
    def in_flight_q(now: datetime) -> Q:
        """``is_in_flight`` as a filter."""
        return Q(status=DocumentStatus.QUEUED, requested_at__gt=now - late_after()) | Q(
            status=DocumentStatus.RUNNING, lease_until__gt=now
        )

    @staticmethod
    def lost_q(now: datetime) -> Q:
        """What the sweeper sends again: queued with no worker taking it for
        ``DOCUMENTS_QUEUED_TIMEOUT`` (the message went with Redis), or running on a worker
        that stopped renewing its lease (it died)."""
        return Q(status=DocumentStatus.QUEUED, queued_at__lte=now - queued_timeout()) | Q(
            Q(lease_until__lte=now) | Q(lease_until__isnull=True), status=DocumentStatus.RUNNING
        )


def queued_timeout() -> timedelta:
    """A message not picked up in this time is lost (Redis flushed or down): send another."""
    return timedelta(seconds=settings.DOCUMENTS_QUEUED_TIMEOUT)


def late_after() -> timedelta:
    """A job still waiting after this is shown as late, with a button to ask again."""
    return timedelta(seconds=settings.JOB_LATE_SECONDS)


@receiver(post_delete, sender=Document)
def _delete_document_file(sender, instance: Document, **kwargs) -> None:
    """Generated files hold personal data: they go when their row goes, once that has committed."""
    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))
