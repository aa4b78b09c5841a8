"""The import batch writer on PostgreSQL: COPY, the server's bulk load, for each table
(INSERT where row-level security applies, see ``PostgresDatabase.load``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from belannot.core.errors import ConflictError
from belannot.core.store.connection import refused_as
from belannot.core.store.imports import ImportWrites
from belannot.core.store.postgres.database import PostgresDatabase
from belannot.core.store.rows import (
    AUDIT_FIELDS,
    DOCUMENT_INSERT_FIELDS,
    SPAN_FIELDS,
    WRITE_STATE,
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
        with self._writing(), refused_as(ConflictError, "the batch breaks a constraint"):
            db.load("documents", DOCUMENT_INSERT_FIELDS, documents)
            db.load("document_texts", ("document_id", "text"), texts)
            db.execute(self.dialect.SEARCH_INDEX, [documents[0][1], documents[-1][1]])
            db.load("spans", SPAN_FIELDS, spans)
            db.executemany(WRITE_STATE, states)
            db.load("audit", AUDIT_FIELDS[1:], audit)

