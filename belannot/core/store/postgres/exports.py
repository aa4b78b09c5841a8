"""The export streams whose JSON SQLite writes itself, built here from plain rows.

orjson writes the JSON SQLite's json_array/json_object write (compact, UTF-8, the
same escapes), so an export reads the same from either backend.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any, cast

import orjson

from belannot.core.store.exports import (
    RELATION_JSON_FIELDS,
    AnnotatedJson,
    ExportStreams,
    RelationJson,
    SpanJsonShape,
)
from belannot.core.store.postgres.database import PostgresDatabase
from belannot.core.store.rows import quoted
from belannot.core.store.spans import SpanFilter

_FIRST = itemgetter(0)


class PostgresExportStreams(ExportStreams):
    def _stream(self, sql: str, parameters: Sequence[Any] = ()) -> Iterable[Any]:
        return cast(PostgresDatabase, self.db).rows(sql, parameters)

    def iter_annotated_json(
        self, shape: SpanJsonShape, span_filter: SpanFilter | None = None
    ) -> Iterator[AnnotatedJson]:
        if shape is not SpanJsonShape.DOCCANO:
            raise ValueError(f"no JSON shape {shape!r}")
        condition, params = (span_filter or SpanFilter()).sql()
        spans = self._stream(
            'SELECT d.position, s.start, s."end", s.label FROM documents d '
            f"JOIN spans s ON s.document_id = d.id WHERE {condition} "
            'ORDER BY d.position, s.start, s."end", s.label, s.annotator, s.id',
            params,
        )
        groups = groupby(spans, _FIRST)
        pending = next(groups, None)
        for position, document in self._iter_documents_with_position():
            rows: list[list[object]] = []
            if pending is not None and pending[0] == position:
                rows = [[row[1], row[2], row[3]] for row in pending[1]]
                pending = next(groups, None)
            yield AnnotatedJson(document, len(rows), orjson.dumps(rows).decode("utf-8"))

    def iter_relation_json(self, span_filter: SpanFilter | None = None) -> Iterator[RelationJson]:
        the_filter = span_filter or SpanFilter()
        condition, params = the_filter.sql()
        statuses = [status.value for status in the_filter.statuses]
        taken = f"r.status IN ({', '.join('?' for _ in statuses)})" if statuses else "TRUE"
        ends = " AND ".join(
            f"EXISTS (SELECT 1 FROM spans s WHERE s.id = r.{end} AND {condition})"
            for end in ("head", "tail")
        )
        cursor = self._stream(
            f"SELECT d.position, {ends}, {quoted(RELATION_JSON_FIELDS, 'r')} "
            f"FROM documents d JOIN relations r ON r.document_id = d.id WHERE {taken} "
            "ORDER BY d.position, r.type, r.head, r.tail, r.annotator, r.id",
            [*params, *params, *statuses],
        )
        groups = groupby(cursor, _FIRST)
        pending = next(groups, None)
        for row in self._stream("SELECT position, id FROM documents ORDER BY position"):
            written: list[dict[str, object]] = []
            left_out = 0
            if pending is not None and pending[0] == row[0]:
                for relation in pending[1]:
                    if relation[1]:
                        written.append(dict(zip(RELATION_JSON_FIELDS, relation[2:], strict=True)))
                    else:
                        left_out += 1
                pending = next(groups, None)
            text = orjson.dumps(written).decode("utf-8")
            yield RelationJson(row[1], len(written), text, left_out)
