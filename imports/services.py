"""Importing a file, undoing an import, and writing the same formats out.

The rule staff rely on: **nothing is saved while any row has an error**, unless they chose to
import the valid rows only. The whole file runs in one transaction, a chunk of rows at a time
(so memory stays flat), and is rolled back at the end for a preview, or when a row failed and
staff did not choose "valid rows only".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

import tablib
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.selectors import hub_zone

from .changes import changed_since, restore
from .models import ImportedChange, ImportedObject, ImportKind, ImportRecord, ImportStatus
from .resources import RESOURCES, ImportFileError, ImportResource, Outcome
from .tables import UPLOAD_LIMITS, Limits, TableError, chunks, read_rows, write_table

# A preview lists every row of a file of this many rows; the command keeps only the errors.
PREVIEW_ROWS = 5000
KEPT_ERRORS = 200


class ImportRefused(Exception):
    """The import or its undo was not carried out; ``str()`` says why."""


@dataclass
class RowReport:
    line: int
    outcome: str
    summary: str
    messages: list[str]
    # An update's changes, each (column, before, after) as written in a file.
    changes: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def outcome_label(self) -> str:
        return str(Outcome.LABELS[self.outcome])


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    rows: list[RowReport] = field(default_factory=list)
    # What is wrong with the file as a whole (a required column missing), besides its rows.
    file_errors: list[str] = field(default_factory=list)
    saved: bool = False

    @property
    def errors(self) -> int:
        return self.counts[Outcome.ERROR]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, outcome: str) -> int:
        return self.counts[outcome]


def import_file(
    *,
    kind: str,
    file: IO[bytes],
    file_name: str,
    by,
    dry_run: bool,
    valid_rows_only: bool = False,
    record: ImportRecord | None = None,
    keep_rows: bool = True,
    progress: Callable[[int], None] | None = None,
    limits: Limits = UPLOAD_LIMITS,
) -> ImportReport:
    """Read the file and import it, or only show what importing it would do (``dry_run``).

    Rows with errors are never saved; the others are saved only when the file as a whole is
    right and no row has an error, or ``valid_rows_only`` is set. Every error of the file is
    reported in the one pass. What is saved is recorded on ``record`` (the rows created, and the
    values changed in the rows updated), so it can be undone. Raises ImportRefused when the file
    cannot be read at all, or holds more than ``limits``.
    """
    resource = RESOURCES[kind](by=by)
    resource.describe_changes = keep_rows
    report = ImportReport()
    try:
        if limits.rows is not None:
            # Count first, so a file that is too long is refused before a row is imported.
            for _row in read_rows(file, file_name, limits):
                pass
            file.seek(0)
        rows = read_rows(file, file_name, limits)
        header = next(rows, None)
        if header is None:
            raise ImportRefused(_("The file is empty."))
        headers = resource.prepare_headers(header)
        report.file_errors = resource.file_errors()
        # Days and times in the file are the hub's, whoever runs the import and from where.
        with timezone.override(hub_zone()), transaction.atomic():
            for chunk in chunks(rows, len(headers)):
                _import_chunk(resource, chunk, headers, report, keep_rows=keep_rows)
                if record is not None and not dry_run:
                    _remember(record, resource)
                resource.created_ids.clear()
                resource.updated.clear()
                if progress:
                    progress(len(chunk))
            report.saved = (
                not dry_run and not report.file_errors and (valid_rows_only or not report.errors)
            )
            if not report.saved:
                transaction.set_rollback(True)
    except (TableError, ImportFileError) as error:
        raise ImportRefused(str(error)) from error
    return report


def _import_chunk(
    resource: ImportResource,
    chunk: list[list],
    headers: list[str],
    report: ImportReport,
    *,
    keep_rows: bool,
) -> None:
    dataset = tablib.Dataset(*chunk, headers=headers)
    result = resource.import_data(dataset, dry_run=False, use_transactions=True)
    if result.base_errors:
        raise ImportFileError(str(result.base_errors[0].error))
    for row_result, row in zip(result.rows, chunk, strict=True):
        outcome = Outcome.of(row_result)
        report.counts[outcome] += 1
        keep = (keep_rows and len(report.rows) < PREVIEW_ROWS) or (
            outcome == Outcome.ERROR and len(report.rows) < KEPT_ERRORS
        )
        if keep:
            report.rows.append(
                RowReport(
                    line=row_result.line,
                    outcome=outcome,
                    summary=" · ".join(str(cell) for cell in row[:2] if cell not in (None, "")),
                    messages=resource.error_messages(row_result)
                    if outcome == Outcome.ERROR
                    else [],
                    changes=getattr(row_result, "changes", []),
                )
            )
    resource.line_offset += len(chunk)


def _remember(record: ImportRecord, resource: ImportResource) -> None:
    """The rows a chunk created, and the values it changed in rows it updated."""
    content_type = ContentType.objects.get_for_model(resource._meta.model)
    ImportedObject.objects.bulk_create(
        ImportedObject(record=record, content_type=content_type, object_id=pk)
        for pk in resource.created_ids
    )
    ImportedChange.objects.bulk_create(
        ImportedChange(record=record, content_type=content_type, object_id=pk, values=values)
        for pk, values in resource.updated
    )


def import_preview(*, record: ImportRecord, by) -> ImportReport:
    """What importing the record's file would do, row by row; nothing is saved."""
    with record.file.open("rb") as file:
        return import_file(
            kind=record.kind, file=file, file_name=record.file_name, by=by, dry_run=True
        )


def import_confirm(*, record: ImportRecord, by, valid_rows_only: bool) -> ImportReport:
    """Import a previewed file. Refused while a row has an error, unless ``valid_rows_only``;
    a record is imported once, however often the button is pressed."""
    with transaction.atomic():
        record = ImportRecord.objects.select_for_update().get(pk=record.pk)
        if record.status != ImportStatus.PREVIEWED:
            raise ImportRefused(_("This file has already been imported."))
        with record.file.open("rb") as file:
            report = import_file(
                kind=record.kind,
                file=file,
                file_name=record.file_name,
                by=by,
                dry_run=False,
                valid_rows_only=valid_rows_only,
                record=record,
                keep_rows=False,
            )
        if report.file_errors:
            raise ImportRefused(" ".join(report.file_errors))
        if not report.saved:
            raise ImportRefused(
                _(
                    "Nothing was imported: %(count)s rows have errors. Correct them and upload "
                    "the file again, or choose to import the valid rows only."
                )
                % {"count": report.errors}
            )
        record.status = ImportStatus.IMPORTED
        record.imported_at = timezone.now()
        record.valid_rows_only = valid_rows_only
        record.new_count = report.count(Outcome.NEW)
        record.updated_count = report.count(Outcome.UPDATE)
        record.unchanged_count = report.count(Outcome.UNCHANGED)
        record.error_count = report.errors
        record.save()
    return report


# Undo


@dataclass
class UndoPlan:
    """What undoing an import will do, or why it cannot: shown before staff confirm."""

    removed: int
    restored: list[RowReport]
    refused: str = ""


def import_undo_plan(*, record: ImportRecord) -> UndoPlan:
    """How many rows undo removes and which values it puts back, and the reason it would be
    refused, if any; nothing changes."""
    try:
        _, created, changes = _undo_check(record)
    except ImportRefused as error:
        created, changes, refused = [], _changes_of(record), str(error)
    else:
        refused = ""
    changes = [(change, instance) for change, instance in changes if instance is not None]
    described = RESOURCES[record.kind]().describe_stored([change.values for change, _ in changes])
    restored = [
        # As it is now, and as undo leaves it.
        RowReport(
            line=0,
            outcome=Outcome.UPDATE,
            summary=str(instance),
            messages=[],
            changes=[(column, after, before) for column, before, after in words],
        )
        for (_change, instance), words in zip(changes, described, strict=True)
    ]
    return UndoPlan(removed=len(created), restored=restored, refused=refused)


def import_undo(*, record: ImportRecord, by) -> int:
    """Remove exactly what the import created and put back the values it changed in rows that
    were there before. Refused, naming them, when anything added since depends on what it
    created (a registration for an imported event, a member of an imported organisation), or
    when someone has changed one of those values since: undo never overwrites later work."""
    with transaction.atomic():
        record = ImportRecord.objects.select_for_update().get(pk=record.pk)
        collector, created, changes = _undo_check(record)
        model = RESOURCES[record.kind]._meta.model
        for change, instance in changes:
            if instance is not None:
                restore(instance, change.values, by=by)
        for instance in collector.data.get(model, []):
            instance._history_user = by
        collector.delete()
        record.created_objects.all().delete()
        record.status = ImportStatus.UNDONE
        record.undone_at = timezone.now()
        record.undone_by = by
        record.save(update_fields=["status", "undone_at", "undone_by"])
    return len(created)


def _changes_of(record: ImportRecord) -> list[tuple[ImportedChange, object]]:
    """Each row the import updated with the row as it is now (None when deleted since)."""
    resource = RESOURCES[record.kind]
    model = resource._meta.model
    changes = list(record.changed_objects.order_by("pk"))
    links = {
        name
        for change in changes
        for name in change.values
        if model._meta.get_field(name).many_to_many
    }
    rows = (
        model.objects.select_related(*resource.named_by)
        .prefetch_related(*links)
        .in_bulk([change.object_id for change in changes])
    )
    return [(change, rows.get(change.object_id)) for change in changes]


def _undo_check(record: ImportRecord):
    if record.status != ImportStatus.IMPORTED:
        raise ImportRefused(_("Only a carried-out import can be undone."))
    model = RESOURCES[record.kind]._meta.model
    ids = list(record.created_objects.values_list("object_id", flat=True))
    created = model.objects.filter(pk__in=ids)
    collector = Collector(using=created.db, origin=created)
    try:
        collector.collect(created)
    except ProtectedError as error:
        raise ImportRefused(_describe_dependents(error.protected_objects)) from None
    except RestrictedError as error:
        raise ImportRefused(_describe_dependents(error.restricted_objects)) from None
    dependents = _dependents(collector, model)
    if dependents:
        raise ImportRefused(_describe_dependents(dependents))
    changes = _changes_of(record)
    edited = [
        str(instance)
        for change, instance in changes
        if instance is not None and changed_since(instance, change.values)
    ]
    if edited:
        raise ImportRefused(
            _(
                "This import cannot be undone: values it changed have been changed again since "
                "(%(rows)s). Correct those rows by hand, or keep the import."
            )
            % {"rows": "; ".join(edited[:5]) + (" …" if len(edited) > 5 else "")}
        )
    return collector, ids, changes


def _belongs_to_row(related_model, model) -> bool:
    """Rows deleted with an object that are part of it: its own many-to-many links and history."""
    meta = related_model._meta
    return related_model is model or meta.auto_created or meta.model_name.startswith("historical")


def _dependents(collector: Collector, model) -> list:
    found = []
    for related_model, instances in collector.data.items():
        if not _belongs_to_row(related_model, model):
            found.extend(instances)
    for queryset in collector.fast_deletes:
        if not _belongs_to_row(queryset.model, model):
            found.extend(queryset[:20])
    for (field_, _value), querysets in collector.field_updates.items():
        if _belongs_to_row(field_.model, model):
            continue
        for objs in querysets:
            found.extend(list(objs)[:20] if hasattr(objs, "__iter__") else [objs])
    return found


def _describe_dependents(objects) -> str:
    by_kind: dict[str, list[str]] = {}
    for obj in objects:
        by_kind.setdefault(str(obj._meta.verbose_name_plural), []).append(str(obj))
    parts = [
        f"{kind}: {'; '.join(names[:3])}{' …' if len(names) > 3 else ''}"
        for kind, names in by_kind.items()
    ]
    return _(
        "This import cannot be undone: what it created is used by what was added since "
        "(%(dependents)s). Remove those first, or keep the import."
    ) % {"dependents": " — ".join(parts)}


# The same formats out


def export_table(*, kind: str, fmt: str) -> bytes:
    """Every row of a kind in the import's columns: the file imports again as "unchanged"."""
    resource = RESOURCES[kind]()
    with timezone.override(hub_zone()):
        dataset = resource.export(queryset=resource.export_queryset())
    dataset.title = _sheet_title(ImportKind(kind).label)
    return write_table([dataset], fmt)


def template_table(*, kind: str, fmt: str) -> bytes:
    """An empty file with the columns in the staff member's language; XLSX and ODS add a
    second sheet listing each column, whether it is required, and the codes it accepts."""
    resource = RESOURCES[kind]()
    data = tablib.Dataset(headers=resource.columns(), title=_sheet_title(ImportKind(kind).label))
    codes = tablib.Dataset(
        headers=[_("column"), _("required"), _("allowed values")], title=_sheet_title(_("codes"))
    )
    for name, column_field in resource.fields.items():
        if column_field.readonly and name not in resource.required:
            continue
        codes.append(
            [
                column_field.column_name,
                _("yes") if name in resource.required else _("no"),
                _allowed_values(resource, name, column_field),
            ]
        )
    return write_table([data, codes], fmt)


def _allowed_values(resource: ImportResource, name: str, column_field) -> str:
    from .columns import ChoiceWidget, FieldsWidget, YesNoWidget

    widget = column_field.widget
    if isinstance(widget, ChoiceWidget):
        return "; ".join(f"{code} ({label})" for code, label in widget.choices)
    if isinstance(widget, FieldsWidget):
        codes = "; ".join(f"{f.slug} ({f.name})" for f in widget.model.objects.all())
        return f"{resource.notes.get(name, '')} {codes}".strip()
    if isinstance(widget, YesNoWidget):
        return f"{_('yes')} / {_('no')}"
    return str(resource.notes.get(name, ""))


def _sheet_title(label) -> str:
    # Spreadsheet programs allow 31 characters and none of []:*?/\ in a sheet's name.
    return "".join(ch for ch in str(label) if ch not in "[]:*?/\\")[:31]
