"""The open-data export written by PostgreSQL: each organisation's CSV row or JSON object is
built by one query from ``exports.COLUMNS`` and streamed by COPY, so a whole directory streams
from the first request at the speed the database writes it, with no model instance or Python
value per cell.

The text is exactly what the Python writers of ``exports`` give for the same rows (a test holds
the two side by side): the same quoting as ``csv.writer`` (COPY's CSV: a cell with a comma, a
quote or a line break in quotes, quotes doubled; lines end in CRLF here), the spreadsheet rule of
``hub.spreadsheets`` (text that would run as a formula gets an apostrophe), and JSON as
``json.dumps(ensure_ascii=False)`` writes it. The names of choices, places and fields are the
ones of the export's language, worked out once in Python and written into the query.

The query does the work once per export, not once per organisation (the cost of a per-row
subquery, repeated 20,000 times, is what made a whole directory take seconds):

- each organisation's places and fields are listed in one pass over the whole through table, in
  the order of their list (a window over it), and joined by hash like the seat's place;
- the directory's own query (its filters and order) gives each organisation its rank, and the
  rows are sorted on that number at the end: the joins need not keep an order.

Other databases (SQLite, the embedded default) are written by the Python writers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections, transaction
from django.db.models import QuerySet, Window
from django.db.models.functions import RowNumber
from psycopg import ClientCursor, sql

from hub import spreadsheets
from hub.cache import STREAM_CHUNK

from .exports import COLUMNS, Column, csv_lines, export_rows, json_chunks
from .models import Organisation
from .selectors import ExportNames, organisation_export_instances

# ``hub.spreadsheets``' rule as one pattern for regexp_replace: it matches, with nothing, at the
# start of text that starts like a formula and is not number-like; an apostrophe goes there.
_FORMULA = (
    "^(?=["
    + "".join(spreadsheets.FORMULA_START).replace("-", r"\-")
    + "])(?!"
    + spreadsheets._NUMBER_LIKE.pattern.removeprefix("^")
    + ")"
)
# The characters a formula starts with, as codes for a test cheaper than the pattern.
_FORMULA_CODES = ", ".join(str(ord(sign)) for sign in spreadsheets.FORMULA_START)

# How COPY hands out the JSON objects as they are: CSV with a quote and a delimiter that JSON
# text never holds as such (it writes control characters as \\u escapes), so nothing is quoted.
_AS_IS = "(FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')"

# PostgreSQL's limit on a function's arguments.
_CONCAT_MAX = 100

# Enough for the rows of a whole directory to be sorted in memory rather than on disk.
_SORT_MEMORY = "64MB"


def export_chunks(queryset: QuerySet, *, format: str, base_url: str) -> Iterator[str | bytes]:
    """The export of ``queryset`` (in its order) as ``format``, in pieces: the header first,
    before the database is asked anything."""
    if connections[queryset.db].vendor != "postgresql":
        rows = export_rows(organisation_export_instances(queryset), base_url=base_url)
        yield from (csv_lines if format == "csv" else json_chunks)(rows)
        return
    if format == "csv":
        yield from csv_lines([])
        yield from _batches(queryset, format=format, base_url=base_url)
        return
    yield "["
    for index, batch in enumerate(_batches(queryset, format=format, base_url=base_url)):
        yield (b"\n" if index == 0 else b",\n") + batch
    yield "\n]\n"


def _batches(queryset: QuerySet, *, format: str, base_url: str) -> Iterator[bytes]:
    """The rows as COPY hands them out, one at a time as the query finds them, passed on some
    64 KiB at a time: CSV lines ending in CRLF (COPY ends them in LF), JSON objects joined by
    a comma and a line break."""
    names = ExportNames(base_url=base_url)
    csv = format == "csv"
    end = b"\r\n" if csv else b",\n"
    with _reading(queryset.db) as cursor:
        query = ExportQuery(names, format=format, connection=cursor.connection)
        statement = query.copy_statement(queryset)
        with cursor.copy(statement) as copy:
            batch: list[Any] = []
            size = 0
            for row in copy:
                batch.append(row[:-1])
                size += len(row)
                if size >= STREAM_CHUNK:
                    yield end.join(batch) + end if csv else end.join(batch)
                    batch, size = [], 0
            if batch:
                yield end.join(batch) + end if csv else end.join(batch)


@contextmanager
def _reading(using: str):
    """A transaction to read the export in, and a cursor in it.

    The query is long but plain: compiling it to machine code (JIT) costs more than it saves.
    """
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT set_config('jit', 'off', true), set_config('work_mem', %s, true)",
            [_SORT_MEMORY],
        )
        yield cursor


class ExportQuery:
    """The SELECT of an export in one format: the columns' SQL (``exports.Source.sql``) asks
    it for literals, the organisation's columns, its seat and its lists, and it joins what they
    asked for once."""

    _TABLE = Organisation._meta.db_table

    def __init__(self, names: ExportNames, *, format: str, connection) -> None:
        self.names = names
        self.format = format
        self.url_before = names.url_before
        self.url_after = names.url_after
        self._connection = connection
        self._seat = False
        self._lists: dict[str, dict[str, None]] = {}
        self._bound: list[str] = []

    def literal(self, value: Any) -> str:
        return sql.Literal(value).as_string(self._connection)

    def quote(self, name: str) -> str:
        return sql.Identifier(name).as_string(self._connection)

    def column(self, field: str) -> str:
        return f"{self.quote(self._TABLE)}.{self.quote(field)}"

    def seat(self, attribute: str) -> str:
        self._seat = True
        return f'"export_seat".{self.quote(attribute)}'

    def listed(self, relation: str, attribute: str) -> str:
        self._lists.setdefault(relation, {})[attribute] = None
        return f"{self.quote('export_' + relation)}.{self.quote(attribute)}"

    def bind(self, sql: str) -> str:
        """A name for ``sql`` worked out once per row, however often it is named (PostgreSQL
        does not share a repeated expression): a subquery of its own beside the row, which
        ``OFFSET 0`` keeps from being folded back into the expressions that name it."""
        alias = self.quote(f"export_value_{len(self._bound)}")
        self._bound.append(f"CROSS JOIN LATERAL (SELECT {sql} AS value OFFSET 0) AS {alias}")
        return f"{alias}.value"

    def copy_statement(self, queryset: QuerySet) -> str:
        """COPY of the rows of ``queryset`` in its order, one per organisation."""
        if self.format == "csv":
            cells = ", ".join(_csv_cell(column, self) for column in COLUMNS)
            return f"COPY ({self.select(cells, queryset)}) TO STDOUT (FORMAT csv)"
        parts = [
            part
            for index, column in enumerate(COLUMNS)
            for part in _json_member(column, self, first=index == 0)
        ]
        line = _concat([*parts, "'}'"])
        return f"COPY ({self.select(line, queryset)}) TO STDOUT {_AS_IS}"

    def select(self, values: str, queryset: QuerySet) -> str:
        organisation = self.quote(self._TABLE)
        ranked = self._ranked(queryset)
        joins = [
            f'JOIN {organisation} ON {self.column("id")} = "export_order".id',
            *([self._seat_join()] if self._seat else []),
            *(
                self._list_join(relation, list(attributes))
                for relation, attributes in self._lists.items()
            ),
            *self._bound,
        ]
        return (
            f'SELECT {values} FROM ({ranked}) AS "export_order"(id, rank) '  # noqa: S608
            + " ".join(joins)
            + ' ORDER BY "export_order".rank'
        )

    def _ranked(self, queryset: QuerySet) -> str:
        """The directory's query (its filters) giving each organisation's id and its place in
        the directory's order."""
        query = queryset.query
        ordering = query.order_by or Organisation._meta.ordering
        ranked = (
            queryset.select_related(None)
            .prefetch_related(None)
            .order_by()
            .annotate(export_rank=Window(RowNumber(), order_by=list(ordering)))
            .values_list("pk", "export_rank")
        )
        text, params = ranked.query.get_compiler(using=queryset.db).as_sql()
        return ClientCursor(self._connection).mogrify(text, params)

    def _places(self, known: dict[str, list], attributes: list[str], *, position: bool) -> str:
        arrays = [f"{self.literal(known['id'])}::int[]"] + [
            f"{self.literal([str(value) for value in known[attribute]])}::text[]"
            for attribute in attributes
        ]
        return f"unnest({', '.join(arrays)})" + (" WITH ORDINALITY" if position else "")

    def _seat_join(self) -> str:
        attributes = ["name", "slug", "region_name", "region_slug"]
        places = self._places(self.names.places, attributes, position=False)
        return (
            f'LEFT JOIN {places} AS "export_seat"(id, {", ".join(attributes)}) '
            f'ON "export_seat".id = {self.column("seat_id")}'
        )

    def _list_join(self, relation: str, attributes: list[str]) -> str:
        """One row per organisation with its list of each attribute, written in the format's
        way, in the order of the list: each list is the frame of a window over the through
        table, which takes its rows in that order."""
        field = Organisation._meta.get_field(relation)
        through = self.quote(field.remote_field.through._meta.db_table)
        owner, other = self.quote(field.m2m_column_name()), self.quote(field.m2m_reverse_name())
        known = self.names.places if relation == "municipalities_served" else self.names.fields
        places = self._places(known, attributes, position=True)
        names = [self.quote(attribute) for attribute in attributes]
        if self.format == "csv":
            lists = [f"string_agg(p.{name}, '; ') OVER w AS {name}" for name in names]
        else:
            lists = [f"(json_agg(p.{name}) OVER w)::text AS {name}" for name in names]
        alias = self.quote("export_" + relation)
        # Identifiers quoted, names and codes as literals, both by psycopg.
        return (
            f"LEFT JOIN (SELECT DISTINCT ON (j.{owner}) j.{owner} AS organisation_id, "  # noqa: S608
            f"{', '.join(lists)} FROM {through} AS j "
            f"JOIN {places} AS p(id, {', '.join(names)}, position) ON p.id = j.{other} "
            f"WINDOW w AS (PARTITION BY j.{owner} ORDER BY p.position "
            f"ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) AS {alias} "
            f"ON {alias}.organisation_id = {self.column('id')}"
        )


def _csv_cell(column: Column, query: ExportQuery) -> str:
    """A cell for COPY's CSV: what ``exports._csv_value`` and ``spreadsheets.cell`` make of the
    value; empty text as NULL, which COPY writes unquoted, as ``csv.writer`` does."""
    value = column.source.sql(query)
    if column.kind == "integer":
        return value
    if column.kind == "boolean":
        return f"CASE WHEN {value} THEN 'true' WHEN NOT {value} THEN 'false' END"
    if column.source.never_formula:
        return f"NULLIF({value}, '')"
    if not column.source.plain:
        value = query.bind(value)
    # Most cells start with no sign at all: they skip the pattern.
    safe = f"regexp_replace({value}, {query.literal(_FORMULA)}, '''')"
    starts = f"ascii({value}) IN ({_FORMULA_CODES})"
    return f"NULLIF(CASE WHEN {starts} THEN {safe} ELSE {value} END, '')"


def _json_member(column: Column, query: ExportQuery, *, first: bool) -> tuple[str, str]:
    """``"name": value`` as ``json.dumps(ensure_ascii=False)`` writes it."""
    key = ("{" if first else ", ") + json.dumps(column.name, ensure_ascii=False) + ": "
    value = column.source.sql(query)
    if column.kind == "integer":
        written = f"COALESCE(({value})::text, 'null')"
    elif column.kind == "boolean":
        written = f"CASE WHEN {value} THEN 'true' WHEN NOT {value} THEN 'false' ELSE 'null' END"
    elif column.kind == "list":
        written = f"COALESCE({value}, '[]')"
    else:
        written = f"COALESCE(to_json(({value})::text)::text, 'null')"
    return query.literal(key), written


def _concat(parts: list[str]) -> str:
    """The parts as one text, built once (``||`` would copy the growing text at each step);
    ``concat`` takes at most 100 arguments, so longer lists are concatenated in groups."""
    while len(parts) > _CONCAT_MAX:
        parts = [
            _concat(parts[start : start + _CONCAT_MAX])
            for start in range(0, len(parts), _CONCAT_MAX)
        ]
    return f"concat({', '.join(parts)})"
