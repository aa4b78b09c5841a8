"""The import batch writer on PostgreSQL: COPY, the server's bulk load, for each table
(INSERT where row-level security applies, see ``PostgresDatabase.load``)."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from typing import Any, cast

from belannot.core.errors import ConflictError
from belannot.core.store.connection import refused_as
from belannot.core.store.imports import ImportWrites
from belannot.core.store.postgres.database import PostgresDatabase
from belannot.core.store.postgres.search_words import SearchWords
from belannot.core.store.rows import (
    AUDIT_FIELDS,
    DOCUMENT_INSERT_FIELDS,
    SPAN_FIELDS,
    WRITE_STATE,
)


class PostgresImportWrites(ImportWrites):
    url: str
    _words: SearchWords | None = None

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
        # The words are worked out beside the loading (below), and written after it.
        titles = {row[0]: row[2] for row in documents}
        found_ids = [document_id for document_id, _ in texts if document_id in titles]
        words = self._search_words().start(
            [(titles[document_id], text) for document_id, text in texts if document_id in titles]
        )
        with self._writing(), refused_as(ConflictError, "the batch breaks a constraint"):
            db.load("documents", DOCUMENT_INSERT_FIELDS, documents)
            db.load("document_texts", ("document_id", "text"), texts)
            db.load("spans", SPAN_FIELDS, spans)
            db.executemany(WRITE_STATE, states)
            db.load("audit", AUDIT_FIELDS[1:], audit)
            found = _result(words, self._search_words())
            if found is None:
                db.execute(self.dialect.SEARCH_INDEX, [documents[0][1], documents[-1][1]])
            else:
                db.load(
                    "document_search", ("document_id", "words"), zip(found_ids, found, strict=True)
                )

    def _search_words(self) -> SearchWords:
        if self._words is None:
            self._words = SearchWords(self.url)
        return self._words


def _result(words: Future[list[str]] | None, side: SearchWords) -> list[str] | None:
    if words is None:
        return None
    try:
        return words.result()
    except Exception as error:  # e.g. a text the server refuses: the transaction says why
        side.failed(error)
        return None
