"""The emoji/CRLF fixture with relations, attributes and actor links, and a way to compare links."""

from __future__ import annotations

from belannot.core.actors import NIL_AMBIGUOUS, NIL_NOT_IN_REGISTRY, Actor
from belannot.core.store import Store
from tests.core.relations_fixtures import STAMP, fill_related, span_id
from tests.store_helpers import iter_documents

ACTORS = (
    Actor("putin", "Vladimir Putin", "person", ("Putin",), ref="Q7747", created=STAMP),
    Actor("biden", "Joe Biden", "person", ("Biden",), created=STAMP),
    Actor("lukashenko", "Alexander Lukashenko", "person", ("Lukashenko",), created=STAMP),
)
# span number (formats_fixtures.SPANS) → actor id or NIL marker; NATO (10) stays unlinked.
LINKS = {
    0: "putin",  # alice's "Putin", approved
    1: NIL_NOT_IN_REGISTRY,  # bob's "Putin 👨‍👩‍👧"
    4: "biden",
    6: NIL_AMBIGUOUS,  # combining marks
    8: "lukashenko",  # bob's, rejected
}


def add_registry(store: Store) -> Store:
    """The registry both ends of a round trip share."""
    with store.transaction():
        store.insert_actors(ACTORS)
    return store


def fill_linked(store: Store) -> Store:
    """relations_fixtures' project, with the registry and LINKS."""
    fill_related(store)
    add_registry(store)
    with store.transaction():
        store.insert_links(
            (span_id(number), store.span(span_id(number)).document_id, target)  # type: ignore[union-attr]
            for number, target in LINKS.items()
        )
    return store


def link_keys(store: Store) -> set[tuple]:
    """(text, start, end, label, actor) of every linked span, comparable across projects."""
    keys = set()
    for document in iter_documents(store):
        links = store.document_links(document.id)
        for span in store.spans(document.id):
            if span.id in links:
                keys.add((document.text, span.start, span.end, span.label, links[span.id]))
    return keys
