"""A record of every import from a file: who, when, which file, what came of each row, and
exactly which rows it created and what it changed in the rows it updated, so it can be undone."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hub.storage import get_document_storage


class ImportKind(models.TextChoices):
    ORGANISATIONS = "organisations", _("Organisations")
    EVENTS = "events", _("Events")
    REGISTRATIONS = "registrations", _("Registrations with attendance")
    SUPPORT_RECORDS = "support_records", _("Support records")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed, not imported")
    IMPORTED = "imported", _("Imported")
    UNDONE = "undone", _("Undone")


def import_upload_to(instance: ImportRecord, filename: str) -> str:
    """Kept privately under a name the server makes; the uploader's name is kept on the row."""
    suffix = PurePath(filename).suffix.lower()
    return f"imports/{uuid.uuid4().hex}{suffix}"


class ImportRecord(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(
        _("file"), upload_to=import_upload_to, storage=get_document_storage, max_length=200
    )
    file_name = models.CharField(_("file name"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    valid_rows_only = models.BooleanField(
        _("valid rows only"),
        default=False,
        help_text=_("Staff chose to import the valid rows and leave out the rows with errors."),
    )
    new_count = models.PositiveIntegerField(_("new"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        permissions = [("import_data", _("Can import data from files and undo imports"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="undone") | Q(undone_at__isnull=False),
                name="import_record_undone_has_time",
                violation_error_message=_("An undone import needs the time it was undone."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"


class ImportedObject(models.Model):
    """One row an import created: what its undo removes."""

    record = models.ForeignKey(
        ImportRecord,
        on_delete=models.CASCADE,
        related_name="created_objects",
        verbose_name=_("import"),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("kind")
    )
    object_id = models.BigIntegerField(_("object id"))

    class Meta:
        verbose_name = _("created object")
        verbose_name_plural = _("created objects")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.content_type.model} #{self.object_id}"


class ImportedChange(models.Model):
    """One row an import updated, with each value it changed as it was before and after: what
    its undo puts back, unless someone has changed that value since."""

    record = models.ForeignKey(
        ImportRecord,
        on_delete=models.CASCADE,
        related_name="changed_objects",
        verbose_name=_("import"),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("kind")
    )
    object_id = models.BigIntegerField(_("object id"))
    # {"field name": [value before, value after]}, as JSON (dates as ISO text, links as ids).
    values = models.JSONField(_("changed values"), encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("updated object")
        verbose_name_plural = _("updated objects")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.content_type.model} #{self.object_id}"
