"""Files as staff would upload them, built in memory in any of the three formats."""

from __future__ import annotations

import io

import tablib
from stdnum.si import ddv, maticna

from imports.services import import_file
from imports.tables import write_table


def registration_number(n: int) -> str:
    """A valid Slovene matična številka (7 digits)."""
    for prefix in range(5, 10):
        body = f"{prefix * 100_000 + n:06d}"
        check = maticna.calc_check_digit(body)
        if check.isdigit():
            return body + check
    raise ValueError(n)


def tax_number(n: int) -> str:
    body = f"{1000000 + n:07d}"
    check = ddv.calc_check_digit(body)
    if check == "10":  # not a valid number: take the next one
        return tax_number(n + 1)
    return body + check


def table(headers: list[str], rows: list[list], fmt: str = "csv") -> bytes:
    return write_table([tablib.Dataset(*rows, headers=headers)], fmt)


def run(kind: str, content: bytes, *, by=None, fmt="csv", dry_run=False, **kwargs):
    return import_file(
        kind=kind,
        file=io.BytesIO(content),
        file_name=f"file.{fmt}",
        by=by,
        dry_run=dry_run,
        **kwargs,
    )
