"""Documents, their annotators' states, and one annotator's document list (paged by position)."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from belannot.core.errors import ConflictError, NotFoundError
from belannot.core.model import Document, DocumentState, now_iso
from belannot.core.store.journal import JournalQueries
from belannot.core.store.rows import (
    INSERT_DOCUMENT,
    INSERT_TEXT,
    SELECT_DOCUMENTS,
    SELECT_STATE,
    STATE_FIELDS,
    WRITE_STATE,
    document_from_row,
    document_values,
    json_object,
)


@dataclass(frozen=True, slots=True)
class DocumentListRow:
    """A row of one annotator's document list: the summary plus that annotator's state."""

    id: str
    title: str
    source: str | None
    published: str | None
    char_count: int
    span_count: int
    position: int
    state: DocumentState = DocumentState.NEW


class DocumentQueries(JournalQueries):
    """Documents and document states."""

    def document_id_for_hash(self, digest: str) -> str | None:
        row = self.db.execute(
            "SELECT id FROM documents WHERE content_hash = ?", [digest]
        ).fetchone()
        return row[0] if row else None

    def has_document(self, document_id: str) -> bool:
        return (
            self.db.execute("SELECT 1 FROM documents WHERE id = ?", [document_id]).fetchone()
            is not None
        )

    def add_document(self, document: Document, *, user: str = "") -> tuple[str, bool]:
        """Store ``document``; returns (id, created). A known text is not stored twice."""
        digest = document.content_hash
        existing = self.document_id_for_hash(digest)
        if existing is not None:
            return existing, False
        if self.has_document(document.id):
            raise ConflictError(
                f"document id {document.id!r} is already used by a document with other text"
            )
        meta = document.meta
        # Joins an import's transaction; a failure here propagates and rolls all of it back.
        with self._writing():
            position = self.next_document_position()
            self.db.execute(
                INSERT_DOCUMENT,
                document_values(
                    document, position=position, content_hash=digest, created=now_iso()
                ),
            )
            self.db.execute(INSERT_TEXT, [document.id, document.text])
            self.db.execute(self.dialect.SEARCH_INDEX, [position, position])
            self.append_audit(
                user=user,
                action="add document",
                entity="document",
                entity_id=document.id,
                document_id=document.id,
                after={"title": meta.title, "content_hash": digest, "chars": len(document.text)},
            )
        return document.id, True

    def next_document_position(self) -> int:
        return int(
            self.db.execute("SELECT coalesce(max(position), 0) + 1 FROM documents").fetchone()[0]
        )

    def _document_row(self, sql: str, document_id: str) -> Any:
        row = self.db.execute(sql, [document_id]).fetchone()
        if row is None:
            raise NotFoundError(f"no document {document_id!r}")
        return row

    def document(self, document_id: str) -> Document:
        return document_from_row(
            self._document_row(f"{SELECT_DOCUMENTS} WHERE d.id = ?", document_id)
        )

    def document_text(self, document_id: str) -> str:
        sql = "SELECT text FROM document_texts WHERE document_id = ?"
        return str(self._document_row(sql, document_id)[0])

    def document_extra(self, document_id: str) -> dict[str, Any]:
        """The document's metadata beyond the listed fields, without reading the text."""
        sql = "SELECT meta FROM documents WHERE id = ?"
        return json_object(self._document_row(sql, document_id)[0])

    def document_length(self, document_id: str) -> int:
        """The text's length in code points, without reading the text."""
        sql = "SELECT char_count FROM documents WHERE id = ?"
        return int(self._document_row(sql, document_id)[0])

    def document_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def document_ids(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT id FROM documents ORDER BY position")]

    def document_state(self, document_id: str, annotator: str) -> DocumentState:
        row = self.db.execute(
            "SELECT state FROM document_states WHERE document_id = ? AND annotator = ?",
            [document_id, annotator],
        ).fetchone()
        return DocumentState(row[0]) if row else DocumentState.NEW

    def document_state_row(self, document_id: str, annotator: str) -> dict[str, Any] | None:
        row = self.db.execute(
            f"{SELECT_STATE} WHERE document_id = ? AND annotator = ?", [document_id, annotator]
        ).fetchone()
        return None if row is None else dict(zip(STATE_FIELDS, row, strict=True))

    def document_states(self, document_id: str) -> dict[str, str]:
        """annotator → state, for the annotators who have started this document."""
        return dict(
            self.db.execute(
                "SELECT annotator, state FROM document_states WHERE document_id = ? "
                "ORDER BY annotator",
                [document_id],
            ).fetchall()
        )

    def done_documents(self, annotator: str) -> list[str]:
        return [
            row[0]
            for row in self.db.execute(
                "SELECT document_id FROM document_states WHERE annotator = ? AND state = 'done'",
                [annotator],
            )
        ]

    def write_document_state(self, row: dict[str, Any]) -> None:
        self.db.execute(WRITE_STATE, [row[name] for name in STATE_FIELDS])

    def document_list_positions(
        self,
        annotator: str,
        *,
        search: str | None = None,
        state: DocumentState | None = None,
    ) -> Sequence[int]:
        """The positions of the documents the list shows, in order: the keys its pages use.

        Unfiltered and without gaps (nothing deleted), a range: nothing is read. Else
        packed integers streamed from the cursor: 100,000 of them take 0.8 MB, where a
        list of int objects took 4 MB of the window's memory."""
        where, params = self._document_list_filter(annotator, search, state)
        if not params:
            # Three subqueries, not one: beside count(*), min() and max() are aggregates
            # over every row (SQLite reads only the index's two ends for a lone one).
            # 100,000 documents: 9-20 ms at the window's start before, under 1 ms now.
            count, low, high = self.db.execute(
                "SELECT (SELECT count(*) FROM documents), (SELECT min(position) FROM "
                "documents), (SELECT max(position) FROM documents)"
            ).fetchone()
            if not count:
                return range(0)
            if high - low + 1 == count:
                return range(low, high + 1)
        cursor = self.db.execute(
            f"SELECT d.position FROM documents d WHERE {where} ORDER BY d.position", params
        )
        return array("q", (row[0] for row in cursor))

    def _document_list_filter(
        self, annotator: str, search: str | None, state: DocumentState | None
    ) -> tuple[str, list[Any]]:
        clauses, params = ["TRUE"], []
        if search and search.strip():
            clauses.append(self.dialect.SEARCH_MATCH)
            params.append(self.dialect.search_query(search))
        if state is not None:
            clauses.append(
                "coalesce((SELECT s.state FROM document_states s WHERE s.document_id = d.id "
                "AND s.annotator = ?), 'new') = ?"
            )
            params.extend([annotator, state.value])
        return " AND ".join(clauses), params

    def document_list_rows(
        self, annotator: str, positions: Sequence[int], *, all_spans: bool = False
    ) -> list[DocumentListRow]:
        """The list rows at ``positions`` (one page), with ``annotator``'s state and span
        count (every annotator's spans with ``all_spans``, as a reviewer sees them)."""
        if not positions:
            return []
        marks = ", ".join("?" for _ in positions)
        whose = "" if all_spans else " AND s.annotator = ?"
        rows = self.db.execute(
            "SELECT d.id, d.title, d.source, d.published, d.char_count, "
            f"(SELECT count(*) FROM spans s WHERE s.document_id = d.id{whose}), d.position, "
            "coalesce(st.state, 'new') FROM documents d LEFT JOIN document_states st "
            "ON st.document_id = d.id AND st.annotator = ? "
            f"WHERE d.position IN ({marks}) ORDER BY d.position",
            [*([] if all_spans else [annotator]), annotator, *positions],
        ).fetchall()
        return [
            DocumentListRow(
                row[0], row[1], row[2], row[3], row[4], row[5], row[6], DocumentState(row[7])
            )
            for row in rows
        ]

    def document_position(self, document_id: str) -> int | None:
        row = self.db.execute(
            "SELECT position FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        return int(row[0]) if row else None

    def annotator_progress(self, annotator: str) -> tuple[int, int]:
        """(documents ``annotator`` marked done, all documents)."""
        done = self.db.execute(
            "SELECT count(*) FROM document_states WHERE annotator = ? AND state = 'done'",
            [annotator],
        ).fetchone()[0]
        return int(done), self.document_count()

    def next_open_document(self, annotator: str, after_position: int) -> str | None:
        """The first document after ``after_position`` (wrapping) ``annotator`` has not done."""
        for where in ("d.position > ?", "d.position <= ?"):
            row = self.db.execute(
                "SELECT d.id FROM documents d LEFT JOIN document_states st "
                "ON st.document_id = d.id AND st.annotator = ? "
                f"WHERE {where} AND coalesce(st.state, 'new') != 'done' "
                "ORDER BY d.position LIMIT 1",
                [annotator, after_position],
            ).fetchone()
            if row is not None:
                return str(row[0])
        return None

