"""The open-data export written by PostgreSQL: each organisation's CSV row or JSON object is
written by one query from ``exports.COLUMNS``, kept in the database (``ExportLine``) and
streamed by COPY, so a whole directory streams from the first request at the speed the database
reads it, with no model instance or Python value per cell.

The text is exactly what the Python writers of ``exports`` give for the same rows (a test holds
the two side by side): the same quoting as ``csv.writer`` (a cell with a comma, a quote or a line
break in quotes, quotes doubled; lines end in CRLF), the spreadsheet rule of ``hub.spreadsheets``
(text that would run as a formula gets an apostrophe), and JSON as
``json.dumps(ensure_ascii=False)`` writes it. The names of choices, places and fields are the
ones of the export's language, worked out once in Python and written into the query.

An organisation's line is written again whenever it would come out otherwise (``renew_lines``):
when its row changed (a change to its places or fields touches the row), or how lines are
written (the columns, the language's names of choices, places and fields). An export first
writes the lines that are missing or out of date, then reads the directory's own query (its
joins, filters and order) with each line beside its row, in the order the query finds them.

Writing lines, what is the same for many organisations is worked out once per query, not once
per row, and looked up by number (``ExportQuery``): the places' names, and each organisation's
lists of places and fields, made in one pass over the through tables before the first row.

Other databases (SQLite, the embedded default) are written by the Python writers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from struct import unpack_from
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from psycopg import ClientCursor, sql

from hub import spreadsheets
from hub.cache import FRAGMENT_SECONDS, STREAM_CHUNK, data_versions

from .exports import (
    COLUMNS,
    EXPORT_DOMAINS,
    JSON_END,
    JSON_HEAD,
    Column,
    ProfileUrl,
    csv_head,
    csv_rows,
    export_rows,
    json_objects,
)
from .models import ExportLine, Organisation
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
# What makes ``csv.writer`` put a cell in quotes: the delimiter, the quote, a line break.
_CSV_QUOTED = '[",\r\n]'

# The column whose value names the host the export is asked on: a line is kept around it.
_ADDRESS = next(
    index for index, column in enumerate(COLUMNS) if isinstance(column.source, ProfileUrl)
)

# PostgreSQL's limit on a function's arguments.
_CONCAT_MAX = 100

# What comes before the rows of COPY's binary format: its signature, flags and extension length.
_BINARY_HEADER = 19

# How the export's queries are planned and run (for their transaction only):
_SETTINGS = {
    # They are long but plain: compiling them to machine code (JIT) costs more than it saves.
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
# Reading the kept lines, each is looked up beside its organisation as the directory's order
# comes: joined by hash and sorted, every line would be held in memory before the first left
# (as fast, for 25 MB held). An order no index gives is still sorted.
_READING = {**_SETTINGS, "enable_sort": "off"}


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
    """The lines of the queryset's organisations as COPY hands them out, one at a time as the
    query finds them, passed on some 64 KiB at a time: CSV lines ending in CRLF, JSON objects
    each after a line break, and after a comma but the first."""
    language = get_language() or settings.LANGUAGE_CODE
    renew_lines(queryset.db, language=language, format=format)
    # What goes before the first line, before every other, and after each.
    first, before, after = (b"", b"", b"\r\n") if format == "csv" else (b"\n", b",\n", b"")
    with _reading(queryset.db, _READING) as cursor:
        query = ExportQuery(format=format, connection=cursor.connection, base_url=base_url)
        with cursor.copy(query.kept_statement(queryset, language=language)) as copy:
            batch: list[Any] = []
            size = 0
            for line in _texts(copy):
                batch += (first, line, after)
                first = before
                size += len(line)
                if size >= STREAM_CHUNK:
                    yield b"".join(batch)
                    batch, size = [], 0
            if size:
                yield b"".join(batch)


def _texts(copy) -> Iterator[memoryview]:
    """The text of each row of a COPY of one column in binary format: its file header comes
    with the first row, each row in a message of its own, as a count of columns (1) and the
    text's length before the text; the count -1 ends the file, alone in the last message."""
    skip = _BINARY_HEADER
    for message in copy:
        row = memoryview(message)[skip:]
        skip = 0
        if not row:
            continue
        (count,) = unpack_from("!h", row)
        if count == -1:
            continue  # the end, read to its close
        (length,) = unpack_from("!i", row, 2)
        yield row[6 : 6 + length]


@contextmanager
def _reading(using: str, settings: dict[str, str] = _SETTINGS):
    """A transaction to read or write the export's lines in, with its settings, and a cursor in
    it."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in settings),
            [item for setting in settings.items() for item in setting],
        )
        yield cursor


# How this process writes lines, by language and format: the version of the places and fields
# it was worked out for, and its name (``ExportLine.renderer``).
_renderers: dict[tuple[str, str], tuple[int | None, str]] = {}


def renew_lines(using: str, *, language: str, format: str) -> None:
    """Writes, in a transaction of its own, the line in ``language`` and ``format`` of every
    organisation that has none or one that would come out otherwise now. Known in the cache
    not to be needed while neither organisations nor places and fields changed since it was
    last done for the same way of writing."""
    versions = data_versions(EXPORT_DOMAINS)
    renderer = _renderer(using, language=language, format=format, versions=versions)
    done = f"export-lines:{language}:{format}:{renderer}"
    if versions is not None and cache.get(done) == versions:
        return
    with _reading(using) as cursor:
        quote = connections[using].ops.quote_name
        line, organisation = (quote(model._meta.db_table) for model in (ExportLine, Organisation))
        cursor.execute(
            f"SELECT o.id FROM {organisation} AS o LEFT JOIN {line} AS l "  # noqa: S608
            "ON l.organisation_id = o.id AND l.language = %s AND l.format = %s "
            "WHERE l.id IS NULL OR l.renderer <> %s OR l.source_xmin <> o.xmin::text::bigint "
            "OR l.source_updated <> o.updated_at",
            [language, format, renderer],
        )
        stale = [id for (id,) in cursor.fetchall()]
        if stale:
            writer = ExportQuery(format=format, connection=cursor.connection, names=ExportNames())
            lines = Organisation.objects.filter(pk__in=stale).order_by("pk")
            cursor.execute(writer.lines_statement(lines, language=language, renderer=renderer))
    if versions is not None:
        cache.set(done, versions, FRAGMENT_SECONDS)


def renew_all_lines(using: str = "default") -> None:
    """``renew_lines`` in every language and format: after rows were written in bulk or by
    raw SQL, or a new version changed how lines are written, so that the first export of each
    finds its lines written (on databases other than PostgreSQL, nothing)."""
    if connections[using].vendor != "postgresql":
        return
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for format in ("csv", "json"):
                renew_lines(using, language=language, format=format)


def _renderer(using: str, *, language: str, format: str, versions: dict | None) -> str:
    """The name of how lines are written now in ``language`` and ``format``: a digest of the
    query that writes them (the columns, the names of choices, places and fields written into
    it), worked out again when places or fields changed."""
    reference = versions["reference"] if versions is not None else None
    known = _renderers.get((language, format))
    if known is not None and reference is not None and known[0] == reference:
        return known[1]
    database = connections[using]
    database.ensure_connection()
    writer = ExportQuery(format=format, connection=database.connection, names=ExportNames())
    head, tail = writer.line()
    statement = writer.select(f"{head}, {tail}", Organisation.objects.order_by("pk"))
    renderer = hashlib.sha256(statement.encode()).hexdigest()[:32]
    _renderers[(language, format)] = (reference, renderer)
    return renderer


def profile_address(base_url: str) -> tuple[str, str]:
    """A profile's address before and after its slug."""
    slug = "slug-of-the-organisation"
    before, after = reverse("organisations:detail", kwargs={"slug": slug}).split(slug)
    return base_url + before, after


class ExportQuery:
    """The queries of an export in one format: writing its lines, and reading them. The
    columns' SQL (``exports.Source.sql``) asks it for literals, the organisation's columns, its
    seat and its lists; it works out what they asked for once per query and adds it to the
    directory's own query, whose order the rows keep as the query finds them.

    Whatever is the same for every organisation is looked up by number rather than joined
    (a join by hash would lose the directory's order, and sorting again would hold the whole
    export before its first row): the names of the places, by the place's id, from arrays
    written in Python; the lists of each organisation's places and fields, by its id, from
    arrays that one pass over the through tables makes before the first row.
    """

    _TABLE = Organisation._meta.db_table
    _LOOKUP = '"export_lookup"'
    _LINE = '"export_line"'

    def __init__(
        self, *, format: str, connection, names: ExportNames | None = None, base_url: str = ""
    ) -> None:
        self.names = names
        self.format = format
        self.url_before, self.url_after = profile_address(base_url)
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
        """A text known in Python as the format writes it (CSV's quotes come with the cell)."""
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

    def line(self) -> tuple[str, str]:
        """Each organisation's line in the format, before its profile's address and after."""
        if self.format == "csv":
            cells = [_csv_written(column, self) for column in COLUMNS]
            head = [part for cell in cells[:_ADDRESS] for part in (cell, "','")]
            tail = [part for cell in cells[_ADDRESS + 1 :] for part in ("','", cell)]
            return _concat(head), _concat(tail)
        members = [
            _json_member(column, self, first=index == 0) for index, column in enumerate(COLUMNS)
        ]
        head = [part for member in members[:_ADDRESS] for part in member]
        tail = [part for member in members[_ADDRESS + 1 :] for part in member]
        return _concat([*head, members[_ADDRESS][0]]), _concat([*tail, "'}'"])

    def address(self) -> str:
        """A profile's address as the format writes it in a line."""
        column = COLUMNS[_ADDRESS]
        if self.format == "csv":
            return _csv_written(column, self)
        return _json_member(column, self, first=_ADDRESS == 0)[1]

    def lines_statement(self, queryset: QuerySet, *, language: str, renderer: str) -> str:
        """INSERT (or UPDATE) of the line in ``language`` of each organisation of ``queryset``,
        in its order."""
        head, tail = self.line()
        values = [
            self.column("id"),
            self.literal(language),
            self.literal(self.format),
            self.literal(renderer),
            f"{self.column('xmin')}::text::bigint",
            self.column("updated_at"),
            head,
            tail,
        ]
        line = self.quote(ExportLine._meta.db_table)
        columns = (
            "organisation_id, language, format, renderer, source_xmin, source_updated, head, tail"
        )
        renewed = ", ".join(
            f"{name} = EXCLUDED.{name}"
            for name in ("renderer", "source_xmin", "source_updated", "head", "tail")
        )
        return (
            f"INSERT INTO {line} ({columns}) {self.select(', '.join(values), queryset)} "  # noqa: S608
            f"ON CONFLICT (organisation_id, language, format) DO UPDATE SET {renewed}"
        )

    def kept_statement(self, queryset: QuerySet, *, language: str) -> str:
        """COPY of the kept line in ``language`` of each organisation of ``queryset``, in its
        order, with the profile's address put in."""
        line = self._LINE
        address = self.address()
        table = self.quote(ExportLine._meta.db_table)
        joined = (
            f"JOIN {table} AS {line} ON {line}.organisation_id = {self.column('id')} "
            f"AND {line}.language = {self.literal(language)} "
            f"AND {line}.format = {self.literal(self.format)}"
        )
        values = f"concat({line}.head, {address}, {line}.tail)"
        return f"COPY ({self.select(values, queryset, joined=joined)}) TO STDOUT (FORMAT binary)"

    def select(self, values: str, queryset: QuerySet, *, joined: str = "") -> str:
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
        beside = [joined] if joined else []
        if self._seat or self._lists:
            beside.append(f"CROSS JOIN ({self._lookup(chosen)}) AS {self._LOOKUP}")
        beside += self._bound
        rest = directory[len(head) :]
        return f"SELECT {values} FROM {organisation} {' '.join(beside)}{rest}"  # noqa: S608

    def _compiled(self, rows: QuerySet) -> str:
        text, params = rows.query.get_compiler(using=rows.db).as_sql()
        return ClientCursor(self._connection).mogrify(text, params)

    def _lookup(self, chosen: str) -> str:
        """One row of arrays: each seat attribute's written text by place id, each list's
        written text by organisation id (null where there is no place, organisation or list;
        lists only of the organisations ``chosen`` selects). The lists' arrays are the frame of
        a window over the ids from the first to the last organisation chosen, in order."""
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
        ids = f"SELECT {{}}(chosen.export_id) FROM ({chosen}) AS chosen"  # noqa: S608
        return (
            f"SELECT {', '.join(arrays)} FROM generate_series("  # noqa: S608
            f"({ids.format('min')}), ({ids.format('max')})"
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
    """A cell's text before CSV puts it in quotes: what ``exports._csv_value`` and
    ``spreadsheets.cell`` make of the value; NULL for an empty cell."""
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


def _csv_written(column: Column, query: ExportQuery) -> str:
    """A cell as it stands in a CSV line: empty for NULL, in quotes (quotes doubled) where
    ``csv.writer`` puts it in quotes."""
    cell = _csv_cell(column, query)
    if column.kind in ("integer", "boolean"):
        return f"COALESCE(({cell})::text, '')"
    cell = query.bind(cell)
    return (
        f"CASE WHEN {cell} ~ {query.literal(_CSV_QUOTED)} "
        f"THEN '\"' || replace({cell}, '\"', '\"\"') || '\"' ELSE COALESCE({cell}, '') END"
    )


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
