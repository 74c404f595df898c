"""The open-data export written by PostgreSQL: each organisation's CSV row or JSON object is
built by the query itself from ``exports.COLUMNS``, so a whole directory streams from the first
request at the speed the database reads it, with no model instance or Python value per cell.

The text is exactly what the Python writers of ``exports`` give for the same rows (a test holds
the two side by side): the same quoting as ``csv.writer`` (a cell with a comma, a quote or a line
break in quotes, quotes doubled, lines ending in CRLF), the spreadsheet rule of
``hub.spreadsheets`` (text that would run as a formula gets an apostrophe), and JSON as
``json.dumps(ensure_ascii=False)`` writes it. The names of choices, places and fields are the
ones of the export's language, worked out once in Python and passed to the query.

Other databases (SQLite, the embedded default) are written by the Python writers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction
from django.db.models import QuerySet, TextField
from django.db.models.expressions import RawSQL
from psycopg import ClientCursor

from hub import spreadsheets
from hub.cache import STREAM_CHUNK

from .exports import COLUMNS, Column, csv_lines, export_rows, json_chunks
from .selectors import ExportNames, organisation_export_instances

# Rows fetched from the server-side cursor at a time.
FETCH = 100

# ``hub.spreadsheets``' rule as one pattern for regexp_replace: it matches, with nothing, at the
# start of text that starts like a formula and is not number-like; an apostrophe goes there.
_FORMULA = (
    "^(?=["
    + "".join(spreadsheets.FORMULA_START).replace("-", r"\-")
    + "])(?!"
    + spreadsheets._NUMBER_LIKE.pattern.removeprefix("^")
    + ")"
)
_APOSTROPHE = "'"


def export_chunks(queryset: QuerySet, *, format: str, base_url: str) -> Iterator[str | bytes]:
    """The export of ``queryset`` (in its order) as ``format``, in pieces: the header first,
    before the database is asked anything."""
    if connections[queryset.db].vendor != "postgresql":
        rows = export_rows(organisation_export_instances(queryset), base_url=base_url)
        yield from (csv_lines if format == "csv" else json_chunks)(rows)
        return
    if format == "csv":
        yield from csv_lines([])
        yield from _csv_batches(queryset, base_url=base_url)
        return
    yield "["
    for index, lines in enumerate(_json_batches(queryset, base_url=base_url)):
        yield ("\n" if index == 0 else ",\n") + ",\n".join(lines)
    yield "\n]\n"


def _csv_batches(queryset: QuerySet, *, base_url: str) -> Iterator[bytes]:
    """The rows as PostgreSQL's COPY writes CSV, which quotes as ``csv.writer`` does; only its
    line ends differ (LF, not CRLF). COPY hands out one row at a time, as the query finds it;
    they are passed on some 64 KiB at a time."""
    names = ExportNames(base_url=base_url)
    cells = {
        # Built from the columns' own SQL; every value in it is a parameter.
        f"export_{index}": RawSQL(*_csv_cell(column, names), output_field=TextField())  # noqa: S611
        for index, column in enumerate(COLUMNS)
    }
    sql, params = _compiled(_plain(queryset).annotate(**cells).values_list(*cells))
    with _reading(queryset.db) as cursor:
        statement = ClientCursor(cursor.connection).mogrify(
            f"COPY ({sql}) TO STDOUT (FORMAT csv)", params
        )
        with cursor.copy(statement) as copy:
            batch: list[bytes] = []
            size = 0
            for row in copy:
                batch.append(row[:-1])
                size += len(row)
                if size >= STREAM_CHUNK:
                    yield b"\r\n".join(batch) + b"\r\n"
                    batch, size = [], 0
            if batch:
                yield b"\r\n".join(batch) + b"\r\n"


def _json_batches(queryset: QuerySet, *, base_url: str) -> Iterator[list[str]]:
    """Each organisation's JSON object as text, through a server-side cursor, some 64 KiB of
    them at a time."""
    names = ExportNames(base_url=base_url)
    parts = [_json_member(column, names, first=index == 0) for index, column in enumerate(COLUMNS)]
    line = " || ".join(sql for sql, _ in parts) + " || '}'"
    params = [param for _, part_params in parts for param in part_params]
    # Built from the columns' own SQL; every value in it is a parameter.
    line_sql = RawSQL(line, params, output_field=TextField())  # noqa: S611
    rows = _plain(queryset).annotate(export_line=line_sql).values_list("export_line")
    sql, query_params = _compiled(rows)
    with _reading(queryset.db), connections[queryset.db].chunked_cursor() as cursor:
        cursor.execute(sql, query_params)
        batch: list[str] = []
        size = 0
        while fetched := cursor.fetchmany(FETCH):
            for (text,) in fetched:
                batch.append(text)
                size += len(text)
            if size >= STREAM_CHUNK:
                yield batch
                batch, size = [], 0
        if batch:
            yield batch


def _plain(queryset: QuerySet) -> QuerySet:
    return queryset.select_related(None).prefetch_related(None)


def _compiled(queryset: QuerySet) -> tuple[str, tuple]:
    """The SQL of the directory's own query (its filters and order), for COPY or a cursor."""
    return queryset.query.get_compiler(using=queryset.db).as_sql()


@contextmanager
def _reading(using: str):
    """A transaction to read the export in, and a cursor in it.

    In a transaction a server-side cursor hands out rows as the query finds them (outside one
    it is declared WITH HOLD and the whole result is computed first). The query is long but
    plain: compiling it to machine code (JIT) costs more than it saves.
    """
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        yield cursor


def _csv_cell(column: Column, names: ExportNames) -> tuple[str, list]:
    """A cell for COPY's CSV: what ``exports._csv_value`` and ``spreadsheets.cell`` make of the
    value; empty text as NULL, which COPY writes unquoted, as ``csv.writer`` does."""
    sql, params = column.source.sql(names)
    if column.kind == "integer":
        return sql, params
    if column.kind == "boolean":
        return f"CASE WHEN {sql} THEN 'true' WHEN NOT {sql} THEN 'false' END", params * 2
    if column.kind == "list":
        sql = f"array_to_string({sql}, '; ')"
    text = f"COALESCE({sql}, '')"
    safe, safe_params = f"regexp_replace({text}, %s, %s)", [*params, _FORMULA, _APOSTROPHE]
    if column.source.plain:
        # Most cells start with no sign at all: they skip the pattern.
        safe = f"CASE WHEN left({text}, 1) = ANY(%s) THEN {safe} ELSE {text} END"
        safe_params = [*params, list(spreadsheets.FORMULA_START), *safe_params, *params]
    return f"NULLIF({safe}, '')", safe_params


def _json_member(column: Column, names: ExportNames, *, first: bool) -> tuple[str, list]:
    """``"name": value`` as ``json.dumps(ensure_ascii=False)`` writes it."""
    key = ("{" if first else ", ") + json.dumps(column.name, ensure_ascii=False) + ": "
    sql, params = column.source.sql(names)
    if column.kind == "integer":
        value = f"COALESCE(({sql})::text, 'null')"
    elif column.kind == "boolean":
        value = f"COALESCE(to_json({sql})::text, 'null')"
    elif column.kind == "list":
        # jsonb writes an array as json.dumps does: ", " between the items.
        value = f"to_jsonb({sql})::text"
    else:
        value = f"COALESCE(to_json(({sql})::text)::text, 'null')"
    return f"%s || {value}", [key, *params]
