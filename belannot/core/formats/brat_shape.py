"""What an imported ``.ann`` looked like beyond belannot's model, kept so that export gives it back.

A document imported from brat keeps, in its meta under ``brat_ann``, the brat ids of its spans
(``T``) and relations (``R``), the offsets of a T as written where export would write others
(``O``), its events (id, trigger id, the (role, id) arguments as written),
its attribute lines (id, target id, name), its notes (id, target id, text), its references
(id, target id, ``db:id``, text) and its Equiv lines (type, ids), every target by brat id. The
spans and relations stay the truth: export writes a kept line only where what it says still
holds (see :mod:`.brat_write`), and numbers anything else afresh.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from belannot.core.formats.brat_ann import AnnLinks
from belannot.core.formats.brat_write import line_breaks_cut
from belannot.core.formats.records import RelationRecord, SpanRecord, span_ref
from belannot.core.model import new_span_id

# The document meta key the shape is kept under.
SHAPE = "brat_ann"


@dataclass(slots=True)
class Written:
    """How the T lines were written: the text, each T's fragments after the first (with text
    between them) and its offsets as written."""

    text: str
    pieces: Mapping[str, Sequence[SpanRecord]]
    offsets: Mapping[str, str]

    def unlike_export(self, name: str, first: SpanRecord) -> str | None:
        """The T's offsets, where export would write others (fragments that only whitespace
        other than a line break parts)."""
        chain = [first, *self.pieces.get(name, ())]
        cut = [p for span in chain for p in line_breaks_cut(self.text, span.start, span.end)]
        offsets = self.offsets.get(name)
        return offsets if offsets != ";".join(f"{s} {e}" for s, e in cut) else None


def read_shape(
    links: AnnLinks,
    spans: Mapping[str, SpanRecord],
    relations: list[RelationRecord],
    written: Written,
) -> dict[str, Any]:
    """The shape of one ``.ann``: ``spans`` are its T spans (first fragments) by T id,
    ``relations`` the records made of it (R lines get their ids here)."""
    shape: dict[str, Any] = {"T": {span_ref(span): name for name, span in spans.items()}}
    unlike = {name: written.unlike_export(name, span) for name, span in spans.items()}
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
        "O": {name: offsets for name, offsets in unlike.items() if offsets is not None},
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
