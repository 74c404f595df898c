"""Attendance sheets and certificates become hub documents, and their files leave public media.

Each file is copied from the public default storage into the private documents storage, the
Document row is created with its size and checksum, and the public copy is deleted. A row that
was still queued or running stays queued: the documents sweeper sends it to a worker.
"""

import hashlib
import uuid
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import migrations, transaction

KINDS = {
    "attendancesheet": ("events.attendance_sheet", "event", "attendance-sheet.pdf"),
    "certificate": ("events.certificate", "registration", "certificate.pdf"),
}


def move_to_documents(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Document = apps.get_model("hub", "Document")
    public, private = storages["default"], storages["documents"]
    for model_name, (kind, subject_field, filename) in KINDS.items():
        model = apps.get_model("events", model_name)
        subject_model = model._meta.get_field(subject_field).related_model
        subject_type, _ = ContentType.objects.get_or_create(
            app_label="events", model=subject_model._meta.model_name
        )
        for old in model.objects.select_related(subject_field).iterator():
            subject = getattr(old, subject_field)
            language = subject.language if subject_field == "event" else subject.event.language
            document = Document(
                uuid=uuid.uuid4(),
                kind=kind,
                subject_type=subject_type,
                subject_id=subject.pk,
                language=language,
                status=old.status if old.status in ("done", "failed") else "queued",
                requested_by_id=old.requested_by_id,
                requested_at=old.requested_at,
                queued_at=old.requested_at,
                started_at=old.started_at,
                finished_at=old.finished_at,
                error=old.error,
            )
            if old.file and public.exists(old.file.name):
                with public.open(old.file.name, "rb") as source:
                    content = source.read()
                document.file = private.save(
                    f"{kind}/{document.uuid}/migrated/{filename}", ContentFile(content)
                )
                document.size = len(content)
                document.sha256 = hashlib.sha256(content).hexdigest()
                # The public copy goes only once the rows are safely in.
                transaction.on_commit(partial(public.delete, old.file.name))
            elif document.status == "done":
                document.status = "failed"
                document.error = "The file was missing when it moved to private storage."
            document.save()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0002_document_file_length"),
        ("hub", "0003_document"),
    ]

    operations = [migrations.RunPython(move_to_documents, migrations.RunPython.noop)]
