"""The import batch writer: many new documents, their spans, states and audit per statement."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from belannot.core.errors import ConflictError
from belannot.core.store.connection import Connected, refused_as
from belannot.core.store.rows import (
    INSERT_AUDIT,
    INSERT_DOCUMENT,
    INSERT_SPAN,
    INSERT_TEXT,
    WRITE_STATE,
    dumps,
)


class ImportWrites(Connected):
    """What the fast import path asks and writes, a batch at a time."""

    @contextlib.contextmanager
    def import_cache(self) -> Iterator[None]:
        """A larger page cache for the connection while an import runs inside (see
        ``dialect.IMPORT_CACHE_KIB``), the connection's own again after."""
        kib = self.dialect.IMPORT_CACHE_KIB
        if kib is None:
            yield
            return
        conn = self.db.conn
        before = int(conn.execute("PRAGMA cache_size").fetchone()[0])
        conn.execute(f"PRAGMA cache_size = {-int(kib)}")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA cache_size = {before}")

    def known_content_hashes(self, digests: Iterable[str]) -> set[str]:
        """Which of ``digests`` a stored document already has."""
        return self._present("SELECT content_hash FROM documents", "content_hash", digests)

    def known_document_ids(self, ids: Iterable[str]) -> set[str]:
        return self._present("SELECT id FROM documents", "id", ids)

    def known_span_ids(self, ids: Iterable[str]) -> set[str]:
        return self._present("SELECT id FROM spans", "id", ids)

    def _present(self, select: str, column: str, values: Iterable[str]) -> set[str]:
        # One statement for a whole batch: the values go in as one JSON array.
        wanted = list(values)
        if not wanted:
            return set()
        rows = self.db.conn.execute(
            f"{select} WHERE {column} IN ({self.dialect.JSON_VALUES})", [dumps(wanted)]
        )
        return {row[0] for row in rows}

    def insert_import_batch(
        self,
        documents: Sequence[tuple[Any, ...]],
        texts: Sequence[tuple[str, str]],
        spans: Sequence[tuple[Any, ...]],
        states: Sequence[tuple[str, str, str, str]],
        audit: Sequence[tuple[Any, ...]],
    ) -> None:
        """Rows of new documents, checked by the caller, written with one statement per table.

        ``documents`` are (id, position, title, source, url, author, published,
        content_hash, char_count, meta JSON, created) with consecutive positions;
        ``spans`` are in ``rows.SPAN_FIELDS`` order; ``states`` are (document id,
        annotator, state, updated); ``audit`` rows are (at, user, action, entity,
        entity_id, document_id, before JSON, after JSON), kept in their order.
        """
        if not documents:
            return
        conn = self.db.conn
        # A constraint that refuses a row undoes that statement, not the transaction.
        with self._writing(), refused_as(ConflictError, "the batch breaks a constraint"):
            conn.executemany(INSERT_DOCUMENT, documents)
            conn.executemany(INSERT_TEXT, texts)
            # The search index, filled from the rows just written (as add_document does).
            conn.execute(self.dialect.SEARCH_INDEX, [documents[0][1], documents[-1][1]])
            conn.executemany(INSERT_SPAN, spans)
            conn.executemany(WRITE_STATE, states)
            conn.executemany(INSERT_AUDIT, audit)
