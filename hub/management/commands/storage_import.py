from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat

from hub.storage_import import storage_import


class Command(BaseCommand):
    help = (
        "Copy the files of an installation that kept them on this machine's disk (MEDIA_ROOT, "
        "PRIVATE_ROOT) into the configured storages, e.g. S3 buckets. Files already there are "
        "left alone, so it can be run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--media", type=Path, default=settings.MEDIA_ROOT, help="the old public media folder"
        )
        parser.add_argument(
            "--private",
            type=Path,
            default=settings.PRIVATE_ROOT,
            help="the old folder of the generated documents",
        )

    def handle(self, *args, **options):
        for alias, folder in (("default", options["media"]), ("documents", options["private"])):
            report = storage_import(folder=folder, storage=storages[alias])
            for name in report.copied:
                self.stdout.write(f"{alias}: copied {name}")
            for name in report.different:
                self.stderr.write(
                    f"{alias}: {name} is already there with other content; not replaced"
                )
            self.stdout.write(
                f"{alias} (from {folder}): {len(report.copied)} copied "
                f"({filesizeformat(report.bytes_copied)}), {len(report.present)} already there, "
                f"{len(report.different)} different"
            )
