"""The store's reads behind the annotator's document list: positions, pages, states, progress."""

from __future__ import annotations

from belannot.core.commands import AddSpan, SetDocumentState
from belannot.core.history import History
from belannot.core.model import Document, DocumentMeta, DocumentState


def add_documents(store, count):
    ids = []
    for n in range(count):
        text = f"Article number {n} about {'elections' if n % 2 else 'weather'}."
        doc_id, _ = store.add_document(Document(f"d{n}", text, DocumentMeta(title=f"Title {n}")))
        ids.append(doc_id)
    return ids


def test_positions_follow_import_order_and_filters(store, alice):
    ids = add_documents(store, 6)
    assert list(store.document_list_positions("alice")) == [1, 2, 3, 4, 5, 6]
    assert list(store.document_list_positions("alice", search="electi")) == [2, 4, 6]
    history = History(store)
    history.do(SetDocumentState(ids[1], DocumentState.DONE), alice)
    history.do(AddSpan(ids[2], 0, 7, "actor"), alice)
    assert list(store.document_list_positions("alice", state=DocumentState.DONE)) == [2]
    assert list(store.document_list_positions("alice", state=DocumentState.IN_PROGRESS)) == [3]
    assert list(store.document_list_positions("alice", state=DocumentState.NEW)) == [1, 4, 5, 6]
    # Another annotator's states are not alice's.
    assert list(store.document_list_positions("bob", state=DocumentState.NEW)) == [1, 2, 3, 4, 5, 6]
    found = store.document_list_positions("alice", search="elections", state=DocumentState.NEW)
    assert list(found) == [4, 6]


def test_rows_carry_span_count_and_state(store, alice):
    ids = add_documents(store, 3)
    History(store).do(AddSpan(ids[2], 0, 7, "actor"), alice)
    rows = store.document_list_rows("alice", [3, 1])
    assert [(r.id, r.span_count, r.state) for r in rows] == [
        (ids[0], 0, DocumentState.NEW),
        (ids[2], 1, DocumentState.IN_PROGRESS),
    ]
    assert rows[0].title == "Title 0"
    assert store.document_list_rows("alice", []) == []


def test_position_progress_and_next_open_document(store, alice):
    ids = add_documents(store, 4)
    assert store.document_position(ids[2]) == 3
    assert store.document_position("nope") is None
    history = History(store)
    history.do(SetDocumentState(ids[2], DocumentState.DONE), alice)
    history.do(SetDocumentState(ids[3], DocumentState.DONE), alice)
    assert store.annotator_progress("alice") == (2, 4)
    assert store.next_open_document("alice", 1) == ids[1]
    # Past the last open one it wraps to the start.
    assert store.next_open_document("alice", 2) == ids[0]
    for doc_id in ids[:2]:
        history.do(SetDocumentState(doc_id, DocumentState.DONE), alice)
    assert store.next_open_document("alice", 1) is None
