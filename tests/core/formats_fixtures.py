"""A small project whose texts carry emoji, combining marks and CRLF, with overlapping spans."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from belannot.core.model import Document, Span, SpanStatus, User, new_span_id, now_iso
from belannot.core.store import Store
from tests.store_helpers import iter_documents

TEXTS = {
    "emoji": "Putin 👨‍👩‍👧 said:\r\n“Café 🇩🇪 will fall.” Biden agreed. 🎉\r\n",
    "combining": (
        "Cafe\u0301 owner Zoe\u0308 met Lukashenko in Minsk.\nHe said \u201cwe will win\u201d.\n"
    ),
    "plain": "NATO expects Belarus to send troops. Moscow denied it.",
}

# (document, substring, occurrence, label, annotator, status)
SPANS = [
    ("emoji", "Putin", 0, "actor", "alice", SpanStatus.APPROVED),
    ("emoji", "Putin 👨‍👩‍👧", 0, "actor", "bob", SpanStatus.PENDING),
    ("emoji", "“Café 🇩🇪 will fall.”", 0, "quote", "alice", SpanStatus.APPROVED),
    ("emoji", "Café 🇩🇪 will fall", 0, "prediction", "bob", SpanStatus.PENDING),
    ("emoji", "Biden", 0, "actor", "alice", SpanStatus.PENDING),
    ("emoji", "🎉", 0, "event", "alice", SpanStatus.PENDING),
    ("combining", "Cafe\u0301 owner Zoe\u0308", 0, "actor", "alice", SpanStatus.APPROVED),
    ("combining", "met", 0, "event", "bob", SpanStatus.APPROVED),
    ("combining", "Lukashenko", 0, "actor", "bob", SpanStatus.REJECTED),
    ("combining", "\u201cwe will win\u201d", 0, "quote", "alice", SpanStatus.PENDING),
    ("plain", "NATO", 0, "actor", "alice", SpanStatus.APPROVED),
    ("plain", "send troops", 0, "prediction", "alice", SpanStatus.PENDING),
    ("plain", "NATO expects Belarus to send troops.", 0, "quote", "bob", SpanStatus.PENDING),
    ("plain", "Moscow denied", 0, "event", "bob", SpanStatus.PENDING),
]


def find(text: str, needle: str, occurrence: int = 0) -> int:
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    return index


def fill(
    store: Store, *, span_id: Callable[[int], str] | None = None, stamp: str | None = None
) -> Store:
    """Store the texts and spans (directly: the formats, not the commands, are under test).

    ``span_id(number)`` and ``stamp`` fix each span's id and times; by default they are
    fresh ids and the time of storing."""
    with store.transaction():
        for name in ("alice", "bob"):
            store.ensure_user(name)
        for doc_id, text in TEXTS.items():
            store.add_document(Document(doc_id, text), user="alice")
        for number, (doc_id, needle, occurrence, label, annotator, status) in enumerate(SPANS):
            start = find(TEXTS[doc_id], needle, occurrence)
            when = stamp or now_iso()
            store.insert_span(
                Span(
                    span_id(number) if span_id else new_span_id(),
                    doc_id,
                    start,
                    start + len(needle),
                    label,
                    annotator,
                    status=status,
                    created=when,
                    updated=when,
                )
            )
    return store


def filled_project(path: Path) -> Path:
    """A project file at ``path`` holding the texts and spans, closed again."""
    store = Store.open(path)
    fill(store)
    store.close()
    return path


def span_keys(store: Store, *, with_annotator: bool = False) -> set[tuple]:
    """(text, start, end, label[, annotator]) of every span: comparable across projects."""
    keys = set()
    for document in iter_documents(store):
        for span in store.spans(document.id):
            key = (document.text, span.start, span.end, span.label)
            keys.add(key + (span.annotator,) if with_annotator else key)
    return keys


ALICE = User("alice")
