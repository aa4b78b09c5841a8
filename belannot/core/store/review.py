"""Review queries: gold, review states per document, the next thing to decide."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from belannot.core.errors import NotFoundError
from belannot.core.model import ReviewState, Span
from belannot.core.store.spans import SpanFilter, SpanQueries

# How many of a group's spans are undecided.
_PENDING = "count(CASE WHEN s.status = 'pending' THEN 1 END)"


class ReviewQueries(SpanQueries):
    """What review shows and walks through."""

    def identical_spans(self, document_id: str, start: int, end: int, label: str) -> list[Span]:
        """Every span of the document with exactly this range and label, any annotator."""
        return self._spans_where(
            'document_id = ? AND start = ? AND "end" = ? AND label = ? '
            "ORDER BY created, annotator, id",
            [document_id, start, end, label],
        )

    def gold_spans(self, document_id: str) -> list[Span]:
        """The document's gold: its approved spans, in text order."""
        return self.spans(document_id, SpanFilter.approved_only())

    def iter_document_spans(
        self, document_ids: Sequence[str] | None = None
    ) -> Iterator[tuple[str, list[Span]]]:
        """(document id, its spans) for the given documents, or every document that has spans."""
        if document_ids is not None:
            for document_id in document_ids:
                if not self.has_document(document_id):
                    raise NotFoundError(f"no document {document_id!r}")
                yield document_id, self.spans(document_id)
            return
        current: str | None = None
        batch: list[Span] = []
        for span in self._spans_where(
            'TRUE ORDER BY document_id, start, "end", label, annotator, id', []
        ):
            if span.document_id != current:
                if current is not None:
                    yield current, batch
                current, batch = span.document_id, []
            batch.append(span)
        if current is not None:
            yield current, batch

    def review_states(self) -> dict[str, ReviewState]:
        """document id → review state, for every document, in document order."""
        rows = self.db.execute(
            f"SELECT d.id, count(s.id), {_PENDING} "
            "FROM documents d LEFT JOIN spans s ON s.document_id = d.id "
            "GROUP BY d.id ORDER BY d.position"
        ).fetchall()
        return {row[0]: review_state_of(row[1], row[2]) for row in rows}

    def reviewed_documents(self) -> set[str]:
        """The ids of the reviewed documents: spans, none of them pending. Grouping the
        spans alone takes half the time of review_states (one group per document)."""
        rows = self.db.execute(
            "SELECT document_id FROM spans GROUP BY document_id "
            f"HAVING {_PENDING.replace('s.', '')} = 0"
        )
        return {row[0] for row in rows}

    def next_document_with_pending(self, after_document_id: str | None = None) -> str | None:
        """The first document after the given one (in document order) with an undecided span."""
        position = 0
        if after_document_id is not None:
            row = self.db.execute(
                "SELECT position FROM documents WHERE id = ?", [after_document_id]
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no document {after_document_id!r}")
            position = row[0]
        row = self.db.execute(
            "SELECT d.id FROM documents d WHERE d.position > ? AND EXISTS "
            "(SELECT 1 FROM spans s WHERE s.document_id = d.id AND s.status = 'pending') "
            "ORDER BY d.position LIMIT 1",
            [position],
        ).fetchone()
        return row[0] if row else None

    def review_state_positions(self, state: ReviewState) -> list[int]:
        """The positions (document-list keys) of the documents in review ``state``, in order."""
        having = {
            ReviewState.UNANNOTATED: "count(s.id) = 0",
            ReviewState.UNREVIEWED: f"count(s.id) > 0 AND {_PENDING} = count(s.id)",
            ReviewState.IN_REVIEW: f"{_PENDING} BETWEEN 1 AND count(s.id) - 1",
            ReviewState.REVIEWED: f"count(s.id) > 0 AND {_PENDING} = 0",
        }[state]
        return [
            int(row[0])
            for row in self.db.execute(
                "SELECT d.position FROM documents d LEFT JOIN spans s ON s.document_id = d.id "
                f"GROUP BY d.id HAVING {having} ORDER BY d.position"
            )
        ]

    def review_states_of(self, document_ids: Sequence[str]) -> dict[str, ReviewState]:
        """document id → review state, for just these documents (one page of a list)."""
        if not document_ids:
            return {}
        marks = ", ".join("?" for _ in document_ids)
        rows = self.db.execute(
            f"SELECT d.id, count(s.id), {_PENDING} "
            "FROM documents d LEFT JOIN spans s ON s.document_id = d.id "
            f"WHERE d.id IN ({marks}) GROUP BY d.id",
            list(document_ids),
        ).fetchall()
        return {row[0]: review_state_of(row[1], row[2]) for row in rows}


def review_state_of(total: int, pending: int) -> ReviewState:
    """A document's review state from its span count and how many are undecided."""
    if total == 0:
        return ReviewState.UNANNOTATED
    if pending == total:
        return ReviewState.UNREVIEWED
    if pending:
        return ReviewState.IN_REVIEW
    return ReviewState.REVIEWED
