"""Reading and writing the three file formats, a row at a time where the format allows it.

CSV and XLSX are streamed (the csv module; openpyxl's read-only mode), so a long file costs no
more memory than a short one. ODS is a zipped XML document that odfpy reads whole; the rows are
still handed on in chunks, so only the document itself grows with the file.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator
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


class TableError(Exception):
    """The file is not a table the import can read; ``str()`` says why."""


def file_format(name: str) -> str:
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise TableError(
            _("Choose a CSV, XLSX or ODS file; “%(name)s” is none of these.") % {"name": name}
        )
    return suffix


def read_rows(file: IO[bytes], name: str) -> Iterator[list]:
    """The header, then every row that is not empty, as lists of cell values."""
    fmt = file_format(name)
    try:
        rows = {"csv": _csv_rows, "xlsx": _xlsx_rows, "ods": _ods_rows}[fmt](file)
        for row in rows:
            if any(cell not in (None, "") for cell in row):
                yield [spreadsheets.cell_read(cell) for cell in row]
    except TableError:
        raise
    except Exception as error:  # noqa: BLE001 - any failure to parse is the file's fault
        raise TableError(
            _("“%(name)s” could not be read as a %(format)s file (%(error)s).")
            % {"name": name, "format": fmt.upper(), "error": error}
        ) from error


def _csv_rows(file: IO[bytes]) -> Iterator[list]:
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


def _xlsx_rows(file: IO[bytes]) -> Iterator[list]:
    from openpyxl import load_workbook

    workbook = load_workbook(file, read_only=True, data_only=True)
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def _ods_rows(file: IO[bytes]) -> Iterator[list]:
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
