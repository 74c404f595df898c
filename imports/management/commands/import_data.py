"""Import a large file from the command line, with the rules of the admin's import.

    manage.py import_data organisations hub-ngos.xlsx --dry-run
    manage.py import_data registrations attendance.csv --valid-rows-only --by staff@hub.si

The file is read in chunks of rows, so memory stays flat however long it is. As in the admin,
nothing is saved while a row has an error unless --valid-rows-only is given; every import that
saves is recorded (who, when, the file, the counts) and can be undone in the admin.
"""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from hub.models import User
from imports.models import ImportKind, ImportRecord, ImportStatus
from imports.resources import Outcome
from imports.services import ImportRefused, import_file
from imports.tables import COMMAND_LIMITS


class Command(BaseCommand):
    help = "Import organisations, events, registrations or support records from CSV, XLSX or ODS."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ImportKind.values)
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check every row; save nothing.")
        parser.add_argument(
            "--valid-rows-only",
            action="store_true",
            help="Save the valid rows even when other rows have errors.",
        )
        parser.add_argument("--by", default="", help="E-mail address of the staff member.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, kind: str, file: Path, dry_run: bool, valid_rows_only: bool, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        by = None
        if options["by"]:
            by = User.objects.filter(email__iexact=options["by"]).first()
            if by is None:
                raise CommandError(f"No account has the address {options['by']}.")
        record = None
        if not dry_run:
            record = ImportRecord(kind=kind, file_name=file.name[:200], created_by=by)
            with file.open("rb") as source:
                record.file.save(file.name, File(source), save=True)
        bar = tqdm(
            total=_count_lines(file),
            unit=" rows",
            disable=options["no_progress"],
            file=self.stderr._out,
        )
        try:
            with file.open("rb") as source:
                report = import_file(
                    kind=kind,
                    file=source,
                    file_name=file.name,
                    by=by,
                    dry_run=dry_run,
                    valid_rows_only=valid_rows_only,
                    record=record,
                    keep_rows=False,
                    progress=bar.update,
                    limits=COMMAND_LIMITS,
                )
        except ImportRefused as error:
            if record is not None:
                record.file.delete(save=False)
                record.delete()
            raise CommandError(str(error)) from None
        finally:
            bar.close()
        for message in report.file_errors:
            self.stdout.write(message)
        for row in report.rows:
            if row.outcome == Outcome.ERROR:
                self.stdout.write(f"{row.line}: {row.summary}: {'; '.join(row.messages)}")
        counts = ", ".join(f"{report.count(key)} {label}" for key, label in Outcome.LABELS.items())
        if record is not None and report.saved:
            ImportRecord.objects.filter(pk=record.pk).update(
                status=ImportStatus.IMPORTED,
                imported_at=timezone.now(),
                valid_rows_only=valid_rows_only,
                new_count=report.count(Outcome.NEW),
                updated_count=report.count(Outcome.UPDATE),
                unchanged_count=report.count(Outcome.UNCHANGED),
                error_count=report.errors,
            )
            self.stdout.write(self.style.SUCCESS(f"Imported: {counts} (import #{record.pk})."))
        elif dry_run:
            self.stdout.write(f"Dry run, nothing saved: {counts}.")
        else:
            if record is not None:
                record.file.delete(save=False)
                record.delete()
            raise CommandError(
                f"Nothing saved: {counts}. Correct the rows or use --valid-rows-only."
            )


def _count_lines(file: Path) -> int | None:
    """Rows to expect, for the progress bar: known cheaply for CSV only."""
    if file.suffix.lower() != ".csv":
        return None
    with file.open("rb") as source:
        return max(sum(1 for _line in source) - 1, 0)
