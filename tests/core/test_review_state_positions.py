"""Store reads for the reviewer's document list: positions and states by review state."""

from __future__ import annotations

from belannot.core.commands import AddSpan
from belannot.core.history import History
from belannot.core.model import Document, ReviewState
from belannot.core.review import ApproveSpan


def test_positions_and_states_by_review_state(store, alice, rita):
    for doc in "abcd":
        store.add_document(Document(doc, f"text of {doc} here"))
    history = History(store)
    for doc, n in (("b", 1), ("c", 2), ("d", 1)):
        for i in range(n):
            history.do(AddSpan(doc, i, i + 4, "actor", span_id=f"{doc}{i}"), alice)
    history.do(ApproveSpan("c0"), rita)
    history.do(ApproveSpan("d0"), rita)
    position = {doc: store.document_position(doc) for doc in "abcd"}
    expected = {
        ReviewState.UNANNOTATED: ["a"],
        ReviewState.UNREVIEWED: ["b"],
        ReviewState.IN_REVIEW: ["c"],
        ReviewState.REVIEWED: ["d"],
    }
    for state, docs in expected.items():
        assert store.review_state_positions(state) == [position[d] for d in docs]
    assert store.review_states_of(["a", "d"]) == {
        "a": ReviewState.UNANNOTATED,
        "d": ReviewState.REVIEWED,
    }
    assert store.review_states_of([]) == {}
    assert store.review_states_of(list("abcd")) == store.review_states()
