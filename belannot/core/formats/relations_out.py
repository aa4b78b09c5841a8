"""Which relations an export writes: both ends exported, status taken; the rest counted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from belannot.core.formats.exporting import ExportOptions, ExportReport
from belannot.core.relations import Relation
from belannot.core.store import Store


@dataclass(slots=True)
class RelationTally:
    """What an export did with relations: written, and left out because an end was not."""

    written: int = 0
    left_out: int = 0

    def note(self, report: ExportReport) -> None:
        """Say in the report what was written and what was left out (never silently)."""
        if self.written:
            report.notes.append(f"{self.written} relations written")
        if self.left_out:
            noun = "relation" if self.left_out == 1 else "relations"
            report.notes.append(f"{self.left_out} {noun} left out: an end of each was not exported")


def exported_relations(
    store: Store,
    document_id: str,
    span_ids: Iterable[str],
    options: ExportOptions,
    tally: RelationTally | None = None,
) -> list[Relation]:
    """The document's relations whose both ends are among ``span_ids`` (the spans
    exported) and whose status the span filter takes; ``tally`` counts the others
    of a taken status, left out because an end was not exported."""
    exported = set(span_ids)
    statuses = options.span_filter.statuses
    kept = []
    for relation in store.relations(document_id):
        if statuses and relation.status not in statuses:
            continue
        if relation.head in exported and relation.tail in exported:
            kept.append(relation)
        elif tally is not None:
            tally.left_out += 1
    if tally is not None:
        tally.written += len(kept)
    return kept
