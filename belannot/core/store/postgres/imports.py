"""The import batch writer on PostgreSQL: COPY, the server's bulk load, for each table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from belannot.core.errors import ConflictError
from belannot.core.store.connection import refused_as
from belannot.core.store.imports import ImportWrites
from belannot.core.store.postgres.database import PostgresDatabase, as_dbapi_errors
from belannot.core.store.rows import (
    AUDIT_FIELDS,
    DOCUMENT_INSERT_FIELDS,
    SPAN_FIELDS,
    WRITE_STATE,
    quoted,
)


class PostgresImportWrites(ImportWrites):
    def insert_import_batch(
        self,
        documents: Sequence[tuple[Any, ...]],
        texts: Sequence[tuple[str, str]],
        spans: Sequence[tuple[Any, ...]],
        states: Sequence[tuple[str, str, str, str]],
        audit: Sequence[tuple[Any, ...]],
    ) -> None:
        """As the file backend's, one COPY per table: the same rows, checks and order."""
        if not documents:
            return
        db = cast(PostgresDatabase, self.db)
        with (
            self._writing(),
            refused_as(ConflictError, "the batch breaks a constraint"),
            as_dbapi_errors(),
        ):
            cursor = db.pg.cursor()
            for table, columns, rows in (
                ("documents", DOCUMENT_INSERT_FIELDS, documents),
                ("document_texts", ("document_id", "text"), texts),
            ):
                _copy(cursor, table, columns, rows)
            db.execute(self.dialect.SEARCH_INDEX, [documents[0][1], documents[-1][1]])
            _copy(cursor, "spans", SPAN_FIELDS, spans)
            db.executemany(WRITE_STATE, states)
            _copy(cursor, "audit", AUDIT_FIELDS[1:], audit)


def _copy(cursor: Any, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    if not rows:
        return
    with cursor.copy(f"COPY {table} ({quoted(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
