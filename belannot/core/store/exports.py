"""Export streams: every document with its selected spans, in one ordered scan."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import groupby
from typing import Any

from belannot.core.model import Document, Span
from belannot.core.store.connection import Connected
from belannot.core.store.rows import (
    DOCUMENT_COLUMN_COUNT,
    DOCUMENT_COLUMNS,
    SPAN_COLUMNS_QUALIFIED,
    SPAN_ORDER,
    SPAN_POSITION,
    SpanRow,
    SpanTuple,
    document_from_row,
    span_from_tuple,
)
from belannot.core.store.spans import SpanFilter


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    """A document with the spans an export selected and its annotators' states."""

    document: Document
    spans: list[Span]
    states: dict[str, str]


@dataclass(frozen=True, slots=True)
class AnnotatedRows:
    """A document with its selected spans as rows, and its annotators' states."""

    document: Document
    spans: list[SpanRow]
    states: dict[str, str]


@dataclass(frozen=True, slots=True)
class AnnotatedTuples:
    """A document with its selected spans as plain tuples (:class:`SpanRow`'s fields)."""

    document: Document
    spans: list[SpanTuple]
    states: dict[str, str]


@dataclass(frozen=True, slots=True)
class AnnotatedJson:
    """A document with its selected spans already as one JSON array text."""

    document: Document
    span_count: int
    spans: str


class SpanJsonShape(StrEnum):
    """The JSON a span becomes, built by SQLite (exports of a million spans).

    Only shapes SQLite builds faster than Python: belannot JSONL's 13-field span
    objects with their texts were not, so that export uses iter_annotated_rows.
    """

    # [start, end, label]: doccano.
    DOCCANO = "doccano"


_SPAN_JSON_SQL = {
    SpanJsonShape.DOCCANO: 'json_array(s.start, s."end", s.label)',
}


# The fields of a relation as belannot JSONL writes them, in its order.
RELATION_JSON_FIELDS = (
    "id",
    "type",
    "head",
    "tail",
    "annotator",
    "status",
    "reviewer",
    "created",
    "updated",
)


@dataclass(frozen=True, slots=True)
class RelationJson:
    """A document's exported relations as JSON text SQLite wrote, and how many were left out."""

    document_id: str
    count: int
    relations: str
    left_out: int


class ExportStreams(Connected):
    """The streams every exporter reads."""

    def iter_annotated_documents(
        self,
        span_filter: SpanFilter | None = None,
        *,
        with_states: bool = False,
    ) -> Iterator[AnnotatedDocument]:
        """Every document with its selected spans (and states), in import order, streamed.

        Spans come sorted by (start, end, label, annotator, id), as :meth:`spans` sorts them.
        """
        for item in self.iter_annotated_rows(span_filter, with_states=with_states):
            yield AnnotatedDocument(
                item.document, [span_from_tuple(row) for row in item.spans], item.states
            )

    def iter_annotated_rows(
        self,
        span_filter: SpanFilter | None = None,
        *,
        with_states: bool = False,
    ) -> Iterator[AnnotatedRows]:
        """As :meth:`iter_annotated_documents`, with spans as light :class:`SpanRow` tuples.

        One ordered scan of documents merged with one ordered scan of spans (and of
        states): three statements for the whole project instead of one per document,
        and no Span object per span (exports of a million spans).
        """
        for item in self.iter_annotated_tuples(span_filter, with_states=with_states):
            yield AnnotatedRows(item.document, list(map(SpanRow._make, item.spans)), item.states)

    def iter_annotated_tuples(
        self,
        span_filter: SpanFilter | None = None,
        *,
        with_states: bool = False,
    ) -> Iterator[AnnotatedTuples]:
        """As :meth:`iter_annotated_rows`, spans as the plain tuples SQLite returns.

        The fields are :class:`SpanRow`'s, in its order; for the exporter that copies
        every field out of a million spans, which need not pay for named tuples.
        """
        condition, params = (span_filter or SpanFilter()).sql()
        # Spans follow their document's position (the plan walks documents by position and
        # spans by spans_by_document); each document's few spans are sorted in Python.
        span_cursor = self._stream(
            f"SELECT {SPAN_COLUMNS_QUALIFIED}, d.position FROM documents d "
            f"JOIN spans s ON s.document_id = d.id WHERE {condition} ORDER BY d.position",
            params,
        )
        # (position, that document's span rows), grouped in C.
        span_groups = ((key, list(rows)) for key, rows in groupby(span_cursor, SPAN_POSITION))
        state_rows: Iterator[Any] = iter(())
        if with_states:
            state_rows = iter(
                self._stream(
                    "SELECT ds.annotator, ds.state, d.position FROM documents d "
                    "JOIN document_states ds ON ds.document_id = d.id "
                    "ORDER BY d.position, ds.annotator"
                )
            )
        pending_group = next(span_groups, None)
        pending_state = next(state_rows, None)
        for position, document in self._iter_documents_with_position():
            spans: list[SpanTuple] = []
            if pending_group is not None and pending_group[0] == position:
                spans = pending_group[1]
                pending_group = next(span_groups, None)
                if len(spans) > 1:
                    spans.sort(key=SPAN_ORDER)
            states: dict[str, str] = {}
            while pending_state is not None and pending_state[2] == position:
                states[pending_state[0]] = pending_state[1]
                pending_state = next(state_rows, None)
            yield AnnotatedTuples(document, spans, states)

    def iter_annotated_json(
        self, shape: SpanJsonShape, span_filter: SpanFilter | None = None
    ) -> Iterator[AnnotatedJson]:
        """Every document with its selected spans as a JSON array SQLite wrote, in import order.

        Spans are in the order of :meth:`spans` (SQLite compares text as UTF-8 bytes, which
        orders it as Python orders code points). One statement, streamed: no Python object
        per span.
        """
        condition, params = (span_filter or SpanFilter()).sql()
        # ORDER BY in a FROM subquery feeds the aggregate in that order (SQLite does not
        # flatten it into an aggregate query). The count rides in front of the array.
        cursor = self.db.conn.execute(
            f"SELECT {DOCUMENT_COLUMNS}, "
            f"(SELECT count(*) || ' ' || json_group_array({_SPAN_JSON_SQL[shape]}) "
            f"FROM (SELECT * FROM spans s WHERE s.document_id = d.id AND {condition} "
            'ORDER BY s.start, s."end", s.label, s.annotator, s.id) s) '
            "FROM documents d JOIN document_texts t ON t.document_id = d.id "
            "ORDER BY d.position",
            params,
        )
        for row in cursor:
            count, _, spans = row[DOCUMENT_COLUMN_COUNT].partition(" ")
            yield AnnotatedJson(document_from_row(row[:DOCUMENT_COLUMN_COUNT]), int(count), spans)

    def iter_relation_json(self, span_filter: SpanFilter | None = None) -> Iterator[RelationJson]:
        """Every document's relations as the JSON array belannot JSONL writes, in list order.

        A relation is written when its status is one ``span_filter`` takes and both its ends
        are spans the filter takes; one of status taken with an end not taken is counted
        as left out. One statement for the whole project, JSON built by SQLite (relations
        are ordered as :meth:`relations` orders them): no Python object per relation.
        """
        condition, params = (span_filter or SpanFilter()).sql()
        statuses = [status.value for status in (span_filter or SpanFilter()).statuses]
        taken = f"r.status IN ({', '.join('?' for _ in statuses)})" if statuses else "TRUE"
        ends, left_out = "TRUE", "0"
        if condition != "TRUE":
            # A point lookup of each end by the spans' primary key; with no filter every
            # span is exported, and so is every end (deleting a span deletes its relations).
            ends = " AND ".join(
                f"EXISTS (SELECT 1 FROM spans s WHERE s.id = r.{end} AND {condition})"
                for end in ("head", "tail")
            )
            left_out = f"(SELECT count(*) FROM relations r WHERE r.document_id = d.id AND {taken})"
            params = [*params, *params, *statuses]
        fields = ", ".join(f"'{name}', r.\"{name}\"" for name in RELATION_JSON_FIELDS)
        cursor = self.db.conn.execute(
            "SELECT d.id, "
            f"(SELECT count(*) || ' ' || json_group_array(json_object({fields})) FROM "
            f"(SELECT * FROM relations r WHERE r.document_id = d.id AND {taken} AND {ends} "
            f"ORDER BY r.type, r.head, r.tail, r.annotator, r.id) r), {left_out} "
            "FROM documents d ORDER BY d.position",
            [*statuses, *params],
        )
        for document_id, written, total in cursor:
            count, _, text = written.partition(" ")
            # total: the relations of status taken (0 when none can be left out).
            yield RelationJson(document_id, int(count), text, max(total - int(count), 0))

    def _stream(self, sql: str, parameters: Sequence[Any] = ()) -> Iterable[Any]:
        """The rows of one of the long reads above, as the backend streams them best
        (SQLite's cursor steps through its result; a server's must be asked to)."""
        return self.db.conn.execute(sql, parameters)

    def _iter_documents_with_position(self) -> Iterator[tuple[int, Document]]:
        cursor = self._stream(
            f"SELECT d.position, {DOCUMENT_COLUMNS} "
            "FROM documents d JOIN document_texts t ON t.document_id = d.id ORDER BY d.position"
        )
        for row in cursor:
            yield row[0], document_from_row(row[1:])
