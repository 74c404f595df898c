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

The query is the directory's own (its joins, filters and order), and its rows stream as it reads
them. What is the same for many organisations is worked out once per export, not once per row (a
subquery per row, repeated 20,000 times, is what made a whole directory take seconds), and looked
up by number (``ExportQuery``): the places' names, and each organisation's lists of places and
fields, made in one pass over the through tables before the first row.

Other databases (SQLite, the embedded default) are written by the Python writers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from psycopg import ClientCursor, sql

from hub import spreadsheets
from hub.cache import STREAM_CHUNK

from .exports import (
    COLUMNS,
    JSON_END,
    JSON_HEAD,
    Column,
    csv_head,
    csv_rows,
    export_rows,
    json_objects,
)
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

# How the export's query is planned and run (for its transaction only):
_SETTINGS = {
    # It is long but plain: compiling it to machine code (JIT) costs more than it saves.
    "jit": "off",
    # The lists of every organisation (and a directory sorted otherwise than by an index) are
    # sorted in memory rather than on disk.
    "work_mem": "32MB",
    # The directory is read in the order of its index, row by row as it streams, rather than
    # read whole and sorted again before its first row: its table is in memory, where reading
    # by the index costs about what reading in a row does (the default assumes a disk).
    "random_page_cost": "1.1",
    # One process writes it: workers would take the cores the site serves from.
    "max_parallel_workers_per_gather": "0",
}


def export_chunks(
    organisations: Callable[[], QuerySet], *, format: str, base_url: str
) -> Iterator[str | bytes]:
    """The export of the queryset ``organisations`` gives (in its order) as ``format``, in
    pieces: the header first, before the queryset is made (an export's filters make it) or
    the database is asked anything."""
    yield from csv_head() if format == "csv" else [JSON_HEAD]
    queryset = organisations()
    if connections[queryset.db].vendor == "postgresql":
        yield from _batches(queryset, format=format, base_url=base_url)
    else:
        rows = export_rows(organisation_export_instances(queryset), base_url=base_url)
        yield from (csv_rows if format == "csv" else json_objects)(rows)
    if format == "json":
        yield JSON_END


def _batches(queryset: QuerySet, *, format: str, base_url: str) -> Iterator[bytes]:
    """The rows as COPY hands them out, one at a time as the query finds them, passed on some
    64 KiB at a time: CSV lines ending in CRLF (COPY ends them in LF), JSON objects each after
    a line break, and after a comma but the first."""
    names = ExportNames(base_url=base_url)
    # What goes before the first row, before every other, and after each (COPY's line end
    # taken away).
    first, before, after = (b"", b"", b"\r\n") if format == "csv" else (b"\n", b",\n", b"")
    with _reading(queryset.db) as cursor:
        query = ExportQuery(names, format=format, connection=cursor.connection)
        statement = query.copy_statement(queryset)
        with cursor.copy(statement) as copy:
            batch: list[Any] = []
            size = 0
            for row in copy:
                batch += (first, row[:-1], after)
                first = before
                size += len(row)
                if size >= STREAM_CHUNK:
                    yield b"".join(batch)
                    batch, size = [], 0
            if size:
                yield b"".join(batch)


@contextmanager
def _reading(using: str):
    """A transaction to read the export in, with its settings, and a cursor in it."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in _SETTINGS),
            [item for setting in _SETTINGS.items() for item in setting],
        )
        yield cursor


class ExportQuery:
    """The SELECT of an export in one format. The columns' SQL (``exports.Source.sql``) asks
    it for literals, the organisation's columns, its seat and its lists; it works out what
    they asked for once per export and adds it to the directory's own query, whose order the
    rows keep as the query finds them.

    Whatever is the same for every organisation is looked up by number rather than joined
    (a join by hash would lose the directory's order, and sorting again would hold the whole
    export before its first row): the names of the places, by the place's id, from arrays
    written in Python; the lists of each organisation's places and fields, by its id, from
    arrays that one pass over the through tables makes before the first row.
    """

    _TABLE = Organisation._meta.db_table
    _LOOKUP = '"export_lookup"'

    def __init__(self, names: ExportNames, *, format: str, connection) -> None:
        self.names = names
        self.format = format
        self.url_before = names.url_before
        self.url_after = names.url_after
        self._connection = connection
        self._seat: dict[str, None] = {}
        self._lists: dict[str, dict[str, None]] = {}
        self._bound: list[str] = []

    def literal(self, value: Any) -> str:
        return sql.Literal(value).as_string(self._connection)

    def name(self, text: str) -> str:
        return self.literal(self._write(text))

    def written(self, sql: str) -> str:
        return sql if self.format == "csv" else f"to_json(({sql})::text)::text"

    def _write(self, text: str) -> str:
        """A text known in Python as the format writes it: COPY quotes CSV itself."""
        return text if self.format == "csv" else json.dumps(text, ensure_ascii=False)

    def quote(self, name: str) -> str:
        return sql.Identifier(name).as_string(self._connection)

    def column(self, field: str) -> str:
        return f"{self.quote(self._TABLE)}.{self.quote(field)}"

    def seat(self, attribute: str) -> str:
        self._seat[attribute] = None
        return self._looked_up(f"seat_{attribute}", self.column("seat_id"), "first_place")

    def listed(self, relation: str, attribute: str) -> str:
        self._lists.setdefault(relation, {})[attribute] = None
        return self._looked_up(f"{relation}_{attribute}", self.column("id"), "first_organisation")

    def _looked_up(self, array: str, id_sql: str, first: str) -> str:
        """The text at ``id_sql`` in one of the lookup's arrays, which start at id ``first``."""
        lookup = self._LOOKUP
        return f"({lookup}.{self.quote(array)} ->> ({id_sql} - {lookup}.{first})::int)"

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
        """``values`` for each row of the directory's query, in its order: its own SQL (its
        joins, filters and order) with what the values asked for beside its table."""
        organisation = self.quote(self._TABLE)
        selected = f"({self.column('id')}) AS {self.quote('export_id')}"
        head = f"SELECT {selected} FROM {organisation}"  # noqa: S608
        rows = (
            queryset.select_related(None)
            .prefetch_related(None)
            # Selected as an expression of its own, so the order names no column by number.
            .annotate(export_id=RawSQL(self.column("id"), []))  # noqa: S611
            .values_list("export_id")
        )
        directory, chosen = (self._compiled(query) for query in (rows, rows.order_by()))
        if not directory.startswith(head):
            raise ValueError(f"An export reads a plain query of its table, not: {directory}")
        beside = self._bound
        if self._seat or self._lists:
            beside = [f"CROSS JOIN ({self._lookup(chosen)}) AS {self._LOOKUP}", *beside]
        rest = directory[len(head) :]
        return f"SELECT {values} FROM {organisation} {' '.join(beside)}{rest}"  # noqa: S608

    def _compiled(self, rows: QuerySet) -> str:
        text, params = rows.query.get_compiler(using=rows.db).as_sql()
        return ClientCursor(self._connection).mogrify(text, params)

    def _lookup(self, chosen: str) -> str:
        """One row of arrays: each seat attribute's written text by place id, each list's
        written text by organisation id (null where there is no place, organisation or list;
        lists only of the organisations ``chosen`` selects). The lists' arrays are the frame of
        a window over every organisation id, in order."""
        places = self.names.places
        first_place = min(places["id"], default=0)
        arrays = [f"{first_place} AS first_place"]
        for attribute in self._seat:
            texts: list[str | None] = [None] * (max(places["id"], default=0) - first_place + 1)
            for place, text in zip(places["id"], places[attribute], strict=True):
                texts[place - first_place] = self._write(str(text))
            array = self.literal(json.dumps(texts, ensure_ascii=False))
            arrays.append(f"{array}::jsonb AS {self.quote('seat_' + attribute)}")
        if not self._lists:
            return f"SELECT {', '.join(arrays)}"
        organisation = self.quote(self._TABLE)
        arrays.append("min(organisations.id) OVER w AS first_organisation")
        lists = ""
        for relation, attributes in self._lists.items():
            alias = self.quote("export_" + relation)
            arrays += [
                f"jsonb_agg({alias}.{self.quote(a)}) OVER w AS {self.quote(relation + '_' + a)}"
                for a in attributes
            ]
            lists += (
                f" LEFT JOIN ({self._lists_of(relation, list(attributes), chosen)}) AS {alias}"
                f" ON {alias}.organisation_id = organisations.id"
            )
        return (
            f"SELECT {', '.join(arrays)} FROM generate_series("  # noqa: S608
            f"(SELECT min(id) FROM {organisation}), (SELECT max(id) FROM {organisation})"
            f") AS organisations(id){lists} WINDOW w AS (ORDER BY organisations.id "
            "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) LIMIT 1"
        )

    def _lists_of(self, relation: str, attributes: list[str], chosen: str) -> str:
        """One row per organisation ``chosen`` selects, with its list of each attribute,
        written in the format's way, in the order of the list: each list is the frame of a
        window over the through table, which takes its rows in that order."""
        field = Organisation._meta.get_field(relation)
        through = self.quote(field.remote_field.through._meta.db_table)
        owner, other = self.quote(field.m2m_column_name()), self.quote(field.m2m_reverse_name())
        known = self.names.places if relation == "municipalities_served" else self.names.fields
        arrays = [f"{self.literal(known['id'])}::int[]"] + [
            f"{self.literal([self._write(str(value)) for value in known[attribute]])}::text[]"
            for attribute in attributes
        ]
        names = [self.quote(attribute) for attribute in attributes]
        # The items written in Python: a JSON list is its items between brackets (``Query``).
        between = "'; '" if self.format == "csv" else "', '"
        lists = [f"string_agg(p.{name}, {between}) OVER w AS {name}" for name in names]
        # Identifiers quoted, names and codes as literals, both by psycopg.
        return (
            f"SELECT DISTINCT ON (j.{owner}) j.{owner} AS organisation_id, "  # noqa: S608
            f"{', '.join(lists)} FROM {through} AS j "
            f"JOIN unnest({', '.join(arrays)}) WITH ORDINALITY "
            f"AS p(id, {', '.join(names)}, position) ON p.id = j.{other} "
            f"WHERE j.{owner} IN ({chosen}) WINDOW w AS (PARTITION BY j.{owner} ORDER BY p.position "
            "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"
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


def _json_member(column: Column, query: ExportQuery, *, first: bool) -> list[str]:
    """``"name": value`` as ``json.dumps(ensure_ascii=False)`` writes it, in parts for
    ``concat`` (which takes NULL for empty text)."""
    key = ("{" if first else ", ") + json.dumps(column.name, ensure_ascii=False) + ": "
    value = column.source.sql(query)
    if column.kind == "list":
        # Its items, or nothing, between brackets.
        return [query.literal(key + "["), value, "']'"]
    if column.kind == "integer":
        written = f"COALESCE(({value})::text, 'null')"
    elif column.kind == "boolean":
        written = f"CASE WHEN {value} THEN 'true' WHEN NOT {value} THEN 'false' ELSE 'null' END"
    elif column.source.written:
        written = value
    else:
        written = f"COALESCE({query.written(value)}, 'null')"
    return [query.literal(key), written]


def _concat(parts: list[str]) -> str:
    """The parts as one text, built once (``||`` would copy the growing text at each step);
    ``concat`` takes at most 100 arguments, so longer lists are concatenated in groups."""
    while len(parts) > _CONCAT_MAX:
        parts = [
            _concat(parts[start : start + _CONCAT_MAX])
            for start in range(0, len(parts), _CONCAT_MAX)
        ]
    return f"concat({', '.join(parts)})"
