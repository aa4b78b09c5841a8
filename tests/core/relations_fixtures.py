"""The emoji/CRLF fixture with relations and typed attributes, and ways to compare them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from belannot.core.attributes import AttributeDef, AttributeKind
from belannot.core.model import Document, Span, SpanStatus, User
from belannot.core.relations import Relation, RelationType
from belannot.core.store import Store
from tests.core.formats_fixtures import SPANS, TEXTS, find
from tests.store_helpers import iter_documents

STAMP = "2024-01-02T03:04:05.006+00:00"
# A symmetric type beside the default directed ones.
SAME = RelationType("same", ("actor",), ("actor",), directed=False, color="#123456")
ACTOR_ATTRIBUTES = (
    AttributeDef("named", AttributeKind.BOOL),
    AttributeDef("mentions", AttributeKind.NUMBER),
    AttributeDef("note", AttributeKind.TEXT),
)

# (id, type, head span number, tail span number, status): numbers index formats_fixtures.SPANS.
RELATIONS = [
    ("r1", "speaker", 2, 0, SpanStatus.APPROVED),  # alice's quote → Putin, both approved
    ("r2", "source", 3, 1, SpanStatus.PENDING),  # bob's prediction → "Putin 👨‍👩‍👧"
    ("r3", "participant", 5, 4, SpanStatus.PENDING),  # 🎉 → Biden
    ("r4", "participant", 7, 8, SpanStatus.APPROVED),  # met → Lukashenko (rejected)
    ("r5", "speaker", 9, 6, SpanStatus.PENDING),
    ("r6", "source", 11, 10, SpanStatus.PENDING),
    ("r7", "same", 0, 4, SpanStatus.PENDING),  # symmetric
]

# span number → attributes
ATTRIBUTES = {
    3: {"certainty": "likely", "outcome": "came true", "horizon": "by the end of 2024"},
    11: {"horizon": "2024-12-31", "outcome": "did not happen"},
    2: {"mode": "direct"},
    5: {"kind": "military"},
    0: {"named": True, "mentions": 3, "note": "the 🇷🇺 president"},
    4: {"mentions": 2.5},
}


def span_id(number: int) -> str:
    return f"span-{number:03d}"


def declare_schema(store: Store) -> Store:
    """The schema both ends of a round trip share: actor attributes and the symmetric type."""
    with store.transaction():
        actor = store.label("actor")
        assert actor is not None
        store.update_label("actor", replace(actor, attributes=ACTOR_ATTRIBUTES))
        store.add_relation_type(SAME.with_changes(position=len(store.relation_types())))
    return store


def fill_related(store: Store) -> Store:
    """formats_fixtures' texts and spans, with RELATIONS and ATTRIBUTES on them."""
    declare_schema(store)
    with store.transaction():
        for name in ("alice", "bob"):
            store.ensure_user(name)
        for doc_id, text in TEXTS.items():
            store.add_document(Document(doc_id, text), user="alice")
        spans = {}
        for number, (doc_id, needle, occurrence, label, annotator, status) in enumerate(SPANS):
            start = find(TEXTS[doc_id], needle, occurrence)
            spans[number] = Span(
                span_id(number),
                doc_id,
                start,
                start + len(needle),
                label,
                annotator,
                status=status,
                created=STAMP,
                updated=STAMP,
                attributes=ATTRIBUTES.get(number, {}),
            )
        store.insert_spans(spans.values())
        store.insert_relations(
            Relation(
                relation_id,
                spans[head].document_id,
                kind,
                span_id(head),
                span_id(tail),
                spans[head].annotator,
                status=status,
                created=STAMP,
                updated=STAMP,
            )
            for relation_id, kind, head, tail, status in RELATIONS
        )
    return store


def _end(store: Store, span_id: str, text: str) -> tuple:
    span = store.span(span_id)
    assert span is not None
    return (span.start, span.end, span.label, text[span.start : span.end])


def relation_keys(store: Store, *, symmetric: frozenset[str] = frozenset({"same"})) -> set[tuple]:
    """(text, type, head end, tail end) of every relation, comparable across projects; the
    ends of a symmetric type are sorted (either way round is the same relation)."""
    keys = set()
    for document in iter_documents(store):
        for relation in store.relations(document.id):
            head = _end(store, relation.head, document.text)
            tail = _end(store, relation.tail, document.text)
            if relation.type in symmetric:
                head, tail = sorted((head, tail))
            keys.add((document.text, relation.type, head, tail))
    return keys


def attribute_keys(store: Store) -> set[tuple]:
    """(text, start, end, label, attributes) of every span with attributes."""
    keys = set()
    for document in iter_documents(store):
        for span in store.spans(document.id):
            if span.attributes:
                items = tuple(sorted(span.attributes.items()))
                keys.add((document.text, span.start, span.end, span.label, items))
    return keys


# The fixtures the relation round-trip tests share (imported by name into each module).
IMPORTER = User("importer")


@pytest.fixture
def project(store):
    return fill_related(store)


@pytest.fixture
def fresh(new_project):
    """A second project on the run's backend, with the schema a round trip expects."""
    return declare_schema(new_project())
