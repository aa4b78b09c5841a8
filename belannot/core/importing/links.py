"""Importing a record's actor links: the span's label must link, the actor must be known
(or, with ``create_actors``, is made from the span's text)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from belannot.core.actor_commands import span_name
from belannot.core.actor_matching import normalise
from belannot.core.actors import NIL_MARKERS, Actor, check_actor_id
from belannot.core.errors import InputError
from belannot.core.formats.records import DocumentRecord, SpanRecord
from belannot.core.importing.report import ImportReport
from belannot.core.model import Span, ValidationError, now_iso
from belannot.core.store import Store

_CREATE = "--create-actors adds it to the registry"


def import_links(
    store: Store,
    record: DocumentRecord,
    spans: Sequence[Span | None],
    *,
    create_actors: bool,
    report: ImportReport | None = None,
) -> int:
    """Link the record's spans (``spans``: the stored span of each record span, in order)
    to the actors they name; the number of links written. A link to another database
    (``actor_ref``) links to the registry actor with that external reference, or is
    counted in ``report`` as left out."""
    linkable = set(store.actor_labels())
    by_ref = _actors_by_ref(store) if any(s.actor_ref for s in record.spans) else {}
    wanted = []
    for index, (item, span) in enumerate(zip(record.spans, spans, strict=True)):
        target = item.actor
        if target is None and item.actor_ref is not None:
            target = _resolved(item.actor_ref, by_ref)
            if target is None and span is not None and report is not None:
                report.links_left_out += 1
        if target is not None and span is not None:
            wanted.append((index, item, span, target))
    unknown = sorted({t for *_, t in wanted if t not in NIL_MARKERS and store.actor(t) is None})
    rows = []
    for index, item, span, target in wanted:

        def error(message: str, item: SpanRecord = item, index: int = index) -> InputError:
            if item.actor_field is None:
                return record.error(message, f"spans[{index}].actor")
            if item.actor_line is None:
                return record.error(message, item.actor_field)
            return InputError(
                message, path=record.path, line=item.actor_line, field=item.actor_field
            )

        if span.label not in linkable:
            raise error(
                f"only spans of an actor label ({', '.join(sorted(linkable)) or 'none'}) "
                f"link to actors; this one is {span.label}"
            )
        if target in unknown:
            if not create_actors:
                names = ", ".join(repr(name) for name in unknown)
                raise error(f"unknown actor {names} ({_CREATE})")
            _create(store, error, target, record.text[span.start : span.end])
            unknown.remove(target)
        linked = store.span_actor(span.id)
        if linked is not None and linked != target:
            raise error(f"the span is linked to {linked!r} already")
        if linked is None:
            rows.append((span.id, span.document_id, target))
    return store.insert_links(rows)


def wants_links(record: DocumentRecord) -> bool:
    """Whether any span of the record names an actor, here or in another database."""
    return any(span.actor is not None or span.actor_ref is not None for span in record.spans)


def _actors_by_ref(store: Store) -> dict[str, str]:
    return {actor.ref: actor.id for actor in store.actors() if actor.ref}


def _resolved(ref: str, by_ref: dict[str, str]) -> str | None:
    """The actor whose reference is ``Wikidata:Q7747`` whole, or its ``Q7747``."""
    found = by_ref.get(ref)
    if found is None and ":" in ref:
        found = by_ref.get(ref.split(":", 1)[1])
    return found


def _create(store: Store, error: Callable[[str], InputError], actor_id: str, text: str) -> None:
    try:
        check_actor_id(actor_id)
    except ValidationError as invalid:
        raise error(str(invalid)) from None
    taken = {normalise(actor.name) for actor in store.actors()}
    name = span_name(text)
    # The span's text names it, unless another actor has that name: then its id does.
    if normalise(name) in taken or not name:
        name = actor_id
    stamp = now_iso()
    store.insert_actors([Actor(actor_id, name, created=stamp, updated=stamp)])
