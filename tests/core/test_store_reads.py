"""Fast reads: spans built without Span.__init__ and the stored text length equal the slow way."""

from __future__ import annotations

import dataclasses

import pytest

from belannot.core.errors import NotFoundError
from belannot.core.model import Document, Span, SpanStatus, User
from belannot.core.store import Store


def test_spans_read_back_equal_what_was_stored(store: Store) -> None:
    store.ensure_user("alice")
    store.ensure_user("rita")
    store.add_document(Document("d", "Minsk said 😊 that Lukashenko met Putin."))
    written = [
        Span("s1", "d", 0, 5, "actor", "alice", created="c", updated="u"),
        Span(
            "s2",
            "d",
            18,
            28,
            "event",
            "alice",
            status=SpanStatus.APPROVED,
            reviewer="rita",
            reviewed_at="r",
            created="c",
            updated="u",
            attributes={"note": "check <b>"},
            corrects="s1",
        ),
    ]
    store.insert_spans(written)
    read = store.spans("d")
    assert read == written
    # They behave as ordinary frozen spans: copies, equality, immutability.
    assert read[1].with_changes(label="actor") == dataclasses.replace(written[1], label="actor")
    assert store.span("s2") == written[1]
    with pytest.raises(dataclasses.FrozenInstanceError):
        read[0].start = 3  # type: ignore[misc]


def test_document_length_counts_code_points_without_the_text(store: Store) -> None:
    store.add_document(Document("d", "a😊\r\nb"))
    assert store.document_length("d") == len("a😊\r\nb") == 5
    with pytest.raises(NotFoundError):
        store.document_length("missing")


def test_add_span_past_the_end_is_still_refused(store: Store, alice: User) -> None:
    from belannot.core.commands import AddSpan
    from belannot.core.errors import BelannotError
    from belannot.core.history import History

    store.ensure_user("alice")
    store.add_document(Document("d", "short"))
    history = History(store)
    history.do(AddSpan("d", 0, 5, "actor"), alice)
    with pytest.raises((BelannotError, ValueError)):
        history.do(AddSpan("d", 0, 6, "actor"), alice)
