"""Reading and writing the three file formats, a row at a time where the format allows it.

CSV and XLSX are streamed (the csv module; openpyxl's read-only mode), so a long file costs no
more memory than a short one. ODS is a zipped XML document that odfpy reads whole; the rows are
still handed on in chunks, so only the document itself grows with the file.

A file is bounded before it is parsed: XLSX and ODS are zip archives, and a small one can unpack
to far more than it weighs (a "zip bomb" of a few kilobytes that keeps a parser busy for a
minute). ``check_archive`` reads only the archive's directory and refuses too many members, too
much unpacked, or a member packed far tighter than any spreadsheet is. The sizes it reads are
the ones Python's zipfile holds every member to when it unpacks (it stops there and the checksum
fails), so a forged directory gains nothing. Rows and columns are counted as they are read.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import PurePath
from typing import IO

import tablib
from django.utils.translation import gettext as _

from hub import spreadsheets

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
CHUNK_ROWS = 500
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What a file may hold before it is refused unread; ``rows=None`` counts no rows."""

    rows: int | None = 20_000
    columns: int = 100
    archive_members: int = 100
    archive_bytes: int = 64 * MB
    # odfpy builds the whole document in memory, at about forty times its size.
    ods_content_bytes: int = 8 * MB
    # Spreadsheets pack 5 to 20 times; a member over 1 MB packed 100 times is built to expand.
    # (Apache POI refuses the same ratio.)
    packed_ratio: int = 100
    packed_ratio_from: int = 1 * MB


# A file uploaded in the admin is previewed while the staff member waits.
UPLOAD_LIMITS = Limits()
# The import_data command runs on the server, for files too long for the admin.
COMMAND_LIMITS = Limits(rows=None, archive_bytes=1024 * MB, ods_content_bytes=256 * MB)


class TableError(Exception):
    """The file is not a table the import can read; ``str()`` says why."""


def file_format(name: str) -> str:
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise TableError(
            _("Choose a CSV, XLSX or ODS file; “%(name)s” is none of these.") % {"name": name}
        )
    return suffix


def check_archive(file: IO[bytes], name: str, limits: Limits = UPLOAD_LIMITS) -> None:
    """Refuse, from the archive's directory alone, an XLSX or ODS that unpacks to too much."""
    fmt = file_format(name)
    if fmt == "csv":
        return
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise TableError(
            _("“%(name)s” could not be read as a %(format)s file (%(error)s).")
            % {"name": name, "format": fmt.upper(), "error": error}
        ) from error
    finally:
        file.seek(0)
    if len(members) > limits.archive_members:
        raise TableError(
            _(
                "“%(name)s” is not an ordinary spreadsheet: it holds %(count)s files, "
                "a spreadsheet at most %(limit)s."
            )
            % {"name": name, "count": len(members), "limit": limits.archive_members}
        )
    for member in members:
        if (
            member.file_size > limits.packed_ratio_from
            and member.file_size > member.compress_size * limits.packed_ratio
        ):
            raise TableError(
                _(
                    "“%(name)s” is packed far more tightly than a spreadsheet is (it unpacks "
                    "to %(size)s MB), so it is not read. Open it in your spreadsheet program "
                    "and save it again."
                )
                % {"name": name, "size": _mb(member.file_size)}
            )

    unpacked = sum(member.file_size for member in members)
    content = sum(member.file_size for member in members if member.filename == "content.xml")
    limit = limits.archive_bytes
    if fmt == "ods":
        limit = min(limit, limits.ods_content_bytes + (unpacked - content))
    if unpacked > limit:
        raise TableError(
            _(
                "“%(name)s” unpacks to %(size)s MB, more than the %(limit)s MB an import may "
                "read. Split it into smaller files."
            )
            % {"name": name, "size": _mb(unpacked), "limit": _mb(limit)}
        )


def _mb(size: int) -> str:
    return f"{size / MB:.1f}".removesuffix(".0")


def read_rows(file: IO[bytes], name: str, limits: Limits = UPLOAD_LIMITS) -> Iterator[list]:
    """The header, then every row that is not empty, as lists of cell values.

    Raises TableError before parsing an archive that unpacks to too much, and as soon as a row
    has more columns, or the file more rows, than ``limits`` allow."""
    fmt = file_format(name)
    check_archive(file, name, limits)
    count = 0
    try:
        rows = {"csv": _csv_rows, "xlsx": _xlsx_rows, "ods": _ods_rows}[fmt](file, limits)
        for row in rows:
            if any(cell not in (None, "") for cell in row):
                count += 1
                _check_size(row, count, limits)
                yield [spreadsheets.cell_read(cell) for cell in row]
    except TableError:
        raise
    except Exception as error:  # noqa: BLE001 - any failure to parse is the file's fault
        raise TableError(
            _("“%(name)s” could not be read as a %(format)s file (%(error)s).")
            % {"name": name, "format": fmt.upper(), "error": error}
        ) from error


def _check_size(row: list, count: int, limits: Limits) -> None:
    width = len(row)
    while width and row[width - 1] in (None, ""):
        width -= 1
    if width > limits.columns:
        raise TableError(
            _("Row %(row)s has more than %(limit)s columns; an import reads at most that many.")
            % {"row": count, "limit": limits.columns}
        )
    # The header is not a row of data.
    if limits.rows is not None and count - 1 > limits.rows:
        raise TableError(
            _(
                "The file has more than %(limit)s rows. Split it into smaller files, or ask "
                "for it to be imported with the import_data command."
            )
            % {"limit": limits.rows}
        )


def _csv_rows(file: IO[bytes], limits: Limits) -> Iterator[list]:
    head = file.read(8192)
    file.seek(0)
    encoding = "utf-8-sig"
    try:
        head.decode(encoding)
    except UnicodeDecodeError:
        # Spreadsheets in Central Europe save CSV in the Windows code page by default.
        encoding = "cp1250"
    sample = head.decode(encoding, errors="ignore")
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    text = codecs.getreader(encoding)(file)
    yield from csv.reader(text, dialect)


def _xlsx_rows(file: IO[bytes], limits: Limits) -> Iterator[list]:
    from openpyxl import load_workbook

    workbook = load_workbook(file, read_only=True, data_only=True)
    try:
        # A cell far to the right would otherwise pad every row out to it.
        yield from workbook.worksheets[0].iter_rows(values_only=True, max_col=limits.columns + 1)
    finally:
        workbook.close()


def _ods_rows(file: IO[bytes], limits: Limits) -> Iterator[list]:
    book = tablib.Databook()
    book.load(file.read(), format="ods")
    sheet = book.sheets()[0]
    yield sheet.headers or []
    yield from sheet


def chunks(rows: Iterable[list], width: int, size: int = CHUNK_ROWS) -> Iterator[list[list]]:
    """Rows in lists of ``size``, each cut or padded to the header's width."""
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield [(list(row) + [""] * width)[:width] for row in chunk]


def write_table(sheets: list[tablib.Dataset], fmt: str) -> bytes:
    """The first sheet alone as CSV; every sheet in XLSX and ODS."""
    sheets = [spreadsheets.dataset(sheet) for sheet in sheets]
    if fmt == "csv":
        # Spreadsheet programs read UTF-8 only with its byte order mark.
        return ("\ufeff" + sheets[0].export("csv")).encode()
    if len(sheets) == 1:
        return sheets[0].export(fmt)
    return tablib.Databook(sheets).export(fmt)


def upload_bytes(file) -> io.BytesIO:
    file.seek(0)
    return io.BytesIO(file.read())
