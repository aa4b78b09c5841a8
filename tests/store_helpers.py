"""Store reads only tests use: kept beside the tests rather than on the Store."""

from __future__ import annotations

from collections.abc import Iterator

from belannot.core.errors import NotFoundError
from belannot.core.model import Document, ReviewState, Span
from belannot.core.store import Store
from belannot.core.store.review import review_state_of
from belannot.core.store.rows import SELECT_DOCUMENTS, document_from_row


def schema_version(store: Store) -> int:
    return int(store.db.execute("PRAGMA user_version").fetchone()[0])


def integrity_check(store: Store) -> str:
    return str(store.db.execute("PRAGMA integrity_check").fetchone()[0])


def iter_documents(store: Store) -> Iterator[Document]:
    """Every document with its text, in import order, streamed."""
    for row in store.db.execute(f"{SELECT_DOCUMENTS} ORDER BY d.position"):
        yield document_from_row(row)


def review_state(store: Store, document_id: str) -> ReviewState:
    if not store.has_document(document_id):
        raise NotFoundError(f"no document {document_id!r}")
    total, pending = store.db.execute(
        "SELECT count(*), count(CASE WHEN status = 'pending' THEN 1 END) FROM spans "
        "WHERE document_id = ?",
        [document_id],
    ).fetchone()
    return review_state_of(total, pending)


def documents_in_review_state(store: Store, *states: ReviewState) -> list[str]:
    """The ids of documents in any of ``states``, in document order."""
    wanted = set(states)
    return [doc for doc, state in store.review_states().items() if state in wanted]


def next_pending_span(store: Store, document_id: str, after: Span | None = None) -> Span | None:
    """The first undecided span after ``after`` in text order (the order of ``spans``)."""
    if after is None:
        where, params = "TRUE", []
    else:
        where = '(start, "end", label, annotator, id) > (?, ?, ?, ?, ?)'
        params = [after.start, after.end, after.label, after.annotator, after.id]
    found = store._spans_where(
        f"document_id = ? AND status = 'pending' AND {where} "
        'ORDER BY start, "end", label, annotator, id LIMIT 1',
        [document_id, *params],
    )
    return found[0] if found else None
