"""The string matcher's span strings: what it projects, read without a text per span."""

from __future__ import annotations

from belannot.core.model import Document, Span, SpanStatus

TEXT = "Lukashenko met Putin. Lukashenko left. 😊 Putin stayed. " * 50


def _spans(document_id: str, starts: list[int], label: str = "actor") -> list[Span]:
    return [
        Span(
            f"{document_id}-{label}-{s}",
            document_id,
            s,
            s + 10,
            label,
            "alice",
            created="c",
            updated="u",
        )
        for s in starts
    ]


def test_each_string_is_counted_per_document_and_label_rejected_ones_left_out(store):
    store.ensure_user("alice")
    store.add_document(Document("d1", TEXT))
    store.add_document(Document("d2", "Lukashenko alone."))
    at = [i for i in range(len(TEXT)) if TEXT.startswith("Lukashenko", i)]
    rejected = Span(
        "r", "d1", 0, 10, "event", "alice", status=SpanStatus.REJECTED, created="c", updated="u"
    )
    store.insert_spans(
        [*_spans("d1", at), *_spans("d1", at[:3], "event"), rejected, *_spans("d2", [0])]
    )
    assert sorted(store.span_strings()) == [
        ("d1", "Lukashenko", "actor", len(at)),
        ("d1", "Lukashenko", "event", 3),
        ("d2", "Lukashenko", "actor", 1),
    ]


def test_a_long_documents_text_is_read_once_not_once_per_span(store, monkeypatch):
    """Reading the text beside every span held a copy of a 1 MB text per span in SQLite's
    sorter: 10 GB and 69 s for one document of 10,000 spans, at every document opened."""
    store.ensure_user("alice")
    store.add_document(Document("d1", TEXT))
    at = [i for i in range(len(TEXT)) if TEXT.startswith("Lukashenko", i)]
    store.insert_spans(_spans("d1", at))
    statements: list[str] = []
    execute = store.db.execute

    def counting(sql, *args, **kwargs):
        statements.append(sql)
        return execute(sql, *args, **kwargs)

    monkeypatch.setattr(store.db, "execute", counting)
    assert store.span_strings() == [("d1", "Lukashenko", "actor", len(at))]
    # No statement joins the texts to the spans: each text comes alone, once.
    assert not [sql for sql in statements if "spans" in sql and "document_texts" in sql]
    assert sum("document_texts" in sql for sql in statements) == 1
