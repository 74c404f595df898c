"""Copying a one-machine installation's files into the configured storages (S3 buckets).

Used by ``manage.py storage_import``. A file goes under the same name, so the rows that point
at it (``logo``, ``file``) need no change. A file already there with the same size is left
alone, so a second run (or one interrupted and started again) copies only what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage


@dataclass
class ImportReport:
    copied: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    # There under the same name with another size: left as it is, for a person to look at.
    different: list[str] = field(default_factory=list)
    bytes_copied: int = 0


def storage_import(*, folder: Path, storage: Storage) -> ImportReport:
    """Copy every file under ``folder`` into ``storage`` under its path relative to the folder."""
    report = ImportReport()
    if _same_folder(folder, storage) or not folder.is_dir():
        return report
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        size = path.stat().st_size
        if storage.exists(name):
            (report.present if storage.size(name) == size else report.different).append(name)
            continue
        with path.open("rb") as handle:
            saved = storage.save(name, File(handle, name=name))
        if saved != name:  # written meanwhile by someone else: keep theirs, drop this copy
            storage.delete(saved)
            report.different.append(name)
            continue
        report.copied.append(name)
        report.bytes_copied += size
    return report


def _same_folder(folder: Path, storage: Storage) -> bool:
    location = getattr(storage, "location", None)
    return bool(location) and Path(location).resolve() == folder.resolve()
