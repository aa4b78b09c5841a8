"""What an imported ``.ann`` looked like beyond belannot's model, kept so that export gives it back.

A document imported from brat keeps, in its meta under ``brat_ann``, the brat ids of its spans
(``T``) and relations (``R``), its events (id, trigger id, the (role, id) arguments as written),
its attribute lines (id, target id, name), its notes (id, target id, text), its references
(id, target id, ``db:id``, text) and its Equiv lines (type, ids), every target by brat id. The
spans and relations stay the truth: export writes a kept line only where what it says still
holds (see :mod:`.brat_write`), and numbers anything else afresh.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from belannot.core.formats.brat_ann import AnnLinks
from belannot.core.formats.records import RelationRecord, SpanRecord, span_ref
from belannot.core.model import new_span_id

# The document meta key the shape is kept under.
SHAPE = "brat_ann"


def read_shape(
    links: AnnLinks, spans: Mapping[str, SpanRecord], relations: list[RelationRecord]
) -> dict[str, Any]:
    """The shape of one ``.ann``: ``spans`` are its T spans (first fragments) by T id,
    ``relations`` the records made of it (R lines get their ids here)."""
    shape: dict[str, Any] = {"T": {span_ref(span): name for name, span in spans.items()}}
    kept_relations = {}
    for record in relations:
        if record.place is not None and record.place.startswith("R"):
            record.id = record.id or new_span_id()
            kept_relations[record.id] = record.place
    represented_notes = [
        [place, target, note]
        for _, place, target, note in links.notes
        if _stands_for_span(links, target)
    ]
    parts: dict[str, Any] = {
        "R": kept_relations,
        "E": [
            [place, links.triggers[place], [list(argument) for argument in arguments]]
            for place, arguments in links.arguments.items()
        ],
        "A": [[place, target, name] for _, place, name, target, _ in links.attributes],
        "#": represented_notes,
        "N": [
            [place, target, reference, links.reference_texts.get(place, "")]
            for _, place, target, reference in links.references
        ],
        "*": [[kind, ids] for kind, ids in links.equivs],
    }
    shape.update({key: value for key, value in parts.items() if value})
    return shape


def _stands_for_span(links: AnnLinks, target: str) -> bool:
    """Whether a note's target is a span or an event (which stands for its trigger)."""
    return target.startswith("T") or target in links.triggers
