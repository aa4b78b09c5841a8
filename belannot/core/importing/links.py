"""Importing a record's actor links: the span's label must link, the actor must be known
(or, with ``create_actors``, is made from the span's text)."""

from __future__ import annotations

from collections.abc import Sequence

from belannot.core.actor_commands import span_name
from belannot.core.actor_matching import normalise
from belannot.core.actors import NIL_MARKERS, Actor, check_actor_id
from belannot.core.formats.records import DocumentRecord
from belannot.core.model import Span, ValidationError, now_iso
from belannot.core.store import Store

_CREATE = "--create-actors adds it to the registry"


def import_links(
    store: Store, record: DocumentRecord, spans: Sequence[Span | None], *, create_actors: bool
) -> int:
    """Link the record's spans (``spans``: the stored span of each record span, in order)
    to the actors they name; the number of links written."""
    linkable = set(store.actor_labels())
    wanted = [
        (index, span, item.actor)
        for index, (item, span) in enumerate(zip(record.spans, spans, strict=True))
        if item.actor is not None and span is not None
    ]
    unknown = sorted({t for _, _, t in wanted if t not in NIL_MARKERS and store.actor(t) is None})
    rows = []
    for index, span, target in wanted:
        where = f"spans[{index}].actor"
        if span.label not in linkable:
            raise record.error(
                f"only spans of an actor label ({', '.join(sorted(linkable)) or 'none'}) "
                f"link to actors; this one is {span.label}",
                where,
            )
        if target in unknown:
            if not create_actors:
                names = ", ".join(repr(name) for name in unknown)
                raise record.error(f"unknown actor {names} ({_CREATE})", where)
            _create(store, record, where, target, record.text[span.start : span.end])
            unknown.remove(target)
        linked = store.span_actor(span.id)
        if linked is not None and linked != target:
            raise record.error(f"the span is linked to {linked!r} already", where)
        if linked is None:
            rows.append((span.id, span.document_id, target))
    return store.insert_links(rows)


def _create(store: Store, record: DocumentRecord, where: str, actor_id: str, text: str) -> None:
    try:
        check_actor_id(actor_id)
    except ValidationError as error:
        raise record.error(str(error), where) from None
    taken = {normalise(actor.name) for actor in store.actors()}
    name = span_name(text)
    # The span's text names it, unless another actor has that name: then its id does.
    if normalise(name) in taken or not name:
        name = actor_id
    stamp = now_iso()
    store.insert_actors([Actor(actor_id, name, created=stamp, updated=stamp)])
