"""The relations an export writes: those whose both ends it exported and whose status it takes."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from belannot.core.formats.exporting import ExportOptions, ExportReport
from belannot.core.model import SpanStatus
from belannot.core.relations import Relation
from belannot.core.store import Store


def exported_relations(
    store: Store,
    document_id: str,
    exported_span_ids: Collection[str],
    statuses: Collection[SpanStatus],
) -> tuple[list[Relation], int]:
    """(the relations to write, how many of status taken were left out for a missing end).

    ``statuses`` empty takes every status. A relation whose status the export does not take
    is filtered out, like a span; one it takes whose head or tail was not exported is left
    out and counted, so that the report can say so.
    """
    taken: list[Relation] = []
    left_out = 0
    for relation in store.relations(document_id):
        if statuses and relation.status not in statuses:
            continue
        if relation.head in exported_span_ids and relation.tail in exported_span_ids:
            taken.append(relation)
        else:
            left_out += 1
    return taken, left_out


def counted_relations(
    store: Store,
    document_id: str,
    span_ids: Iterable[str],
    options: ExportOptions,
    report: ExportReport,
) -> list[Relation]:
    """:func:`exported_relations` of the spans exported, counted in the report as written
    and as left out (never silently)."""
    relations, left_out = exported_relations(
        store, document_id, set(span_ids), options.span_filter.statuses
    )
    report.relations += len(relations)
    report.relations_left_out += left_out
    return relations
