"""spaCy DocBin (``.spacy``): all spans in ``doc.spans["sc"]``, non-overlapping in ``doc.ents``.

Needs the ``spacy`` extra (``pip install 'belannot[spacy]'``); spaCy is
imported only when this format runs. Documents are tokenised by a blank
pipeline (``spacy.blank(lang)``, English unless told otherwise): no model is
downloaded. Each span is aligned to spaCy tokens strictly; a span whose edges
fall inside a token is widened to whole tokens (``alignment_mode="expand"``)
and listed in the report, and one that covers no token (only whitespace) is
left out and listed too: nothing is dropped silently. ``doc.ents`` takes the
aligned spans that do not overlap, chosen by the overlap policy; the rest stay
in ``doc.spans["sc"]``. Offsets are code points, as spaCy counts them.

Relations and attribute values are in each doc's user data (the DocBin is
written with ``store_user_data=True``) under ``doc.user_data["belannot"]``:
``{"attributes": [{name: value}, …], "relations": [{"id", "type", "head", "tail",
"annotator", "status"}, …]}``, where ``attributes`` runs parallel to
``doc.spans["sc"]`` and ``head``/``tail`` index it. A relation with an end left out
(not exported, or not aligned to any token) is counted in the report. A project
with no relations and no attribute values writes the DocBin without user data, as
before them. The reader snippet is in docs/EXPORTS.md.

A span linked to an actor carries the actor id (or NIL marker) as its ``kb_id_``, in
``doc.spans["sc"]`` and in ``doc.ents`` (a DocBin keeps both); unlinked spans keep
spaCy's empty one. The link of a span left out for its alignment is counted as left out.

The DocBin is built in memory (spaCy's format is one serialised blob); it
keeps token arrays, not Doc objects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from belannot.core.fileio import atomic_write
from belannot.core.formats.base import Format
from belannot.core.formats.exporting import (
    ExportOptions,
    ExportReport,
    check_output,
    iter_selected,
    label_order,
    require,
)
from belannot.core.formats.links_out import ExportedLinks
from belannot.core.formats.relations_out import exported_relations
from belannot.core.formats.tokens import resolve_overlaps
from belannot.core.model import Span, SpanStatus
from belannot.core.store import Store

SPANS_KEY = "sc"
# The key of doc.user_data that holds relations and attributes.
USER_DATA_KEY = "belannot"


def export_spacy(
    store: Store, path: Path | str, options: ExportOptions | None = None
) -> ExportReport:
    """A ``.spacy`` DocBin with every selected span; misaligned spans reported."""
    options = options or ExportOptions()
    path = Path(path)
    check_output(path, options.overwrite)
    spacy = require("spacy", "spacy", "spacy")
    doc_bin_class = require("spacy.tokens", "spacy", "spacy").DocBin
    nlp = spacy.blank(options.spacy_lang)
    # Asked once: without relations or attribute values the DocBin is as it was before them.
    carries = store.relation_count() > 0 or store.attributed_span_count() > 0
    doc_bin = doc_bin_class(store_user_data=carries)
    statuses = options.span_filter.statuses
    report = ExportReport(path)
    ranking = label_order(store, options)
    outside_ents = 0
    links = ExportedLinks(store, report)
    for item in iter_selected(store, options):
        text = item.document.text
        # max_length guards the parser's memory; a blank pipeline only tokenises.
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        doc = nlp.make_doc(text)
        aligned: list[tuple[Span, Any]] = []
        left_out: list[str] = []
        for span in item.spans:
            piece = doc.char_span(span.start, span.end, label=span.label, alignment_mode="strict")
            if piece is None:
                piece = doc.char_span(
                    span.start, span.end, label=span.label, alignment_mode="expand"
                )
                quoted = text[span.start : span.end]
                where = f"{item.document.id} [{span.start}:{span.end}] {span.label} {quoted!r}"
                if piece is None or not piece.text.strip():
                    report.dropped += 1
                    report.notes.append(f"not aligned to any spaCy token, left out: {where}")
                    left_out.append(span.id)
                    continue
                report.adjusted += 1
                report.notes.append(
                    f"widened to spaCy tokens [{piece.start_char}:{piece.end_char}]: {where}"
                )
            aligned.append((span.with_changes(start=piece.start_char, end=piece.end_char), piece))
        _put_links(links, item.document.id, aligned, left_out)
        doc.spans[SPANS_KEY] = [piece for _, piece in aligned]
        kept, _ = resolve_overlaps([span for span, _ in aligned], options.overlap, ranking)
        kept_keys = {(s.start, s.end, s.label) for s in kept}
        ents, taken = [], set()
        for span, piece in aligned:
            key = (span.start, span.end, span.label)
            if key in kept_keys and key not in taken:
                taken.add(key)
                ents.append(piece)
        doc.ents = sorted(ents, key=lambda piece: piece.start)
        outside_ents += len(aligned) - len(ents)
        if carries:
            doc.user_data[USER_DATA_KEY] = _user_data(
                store, item.document.id, aligned, statuses, report
            )
        doc_bin.add(doc)
        report.documents += 1
        report.spans += len(aligned)
    with atomic_write(path, overwrite=options.overwrite) as out:
        out.write(doc_bin.to_bytes())
    if outside_ents:
        report.notes.insert(
            0,
            f"{outside_ents} overlapping or repeated spans are in doc.spans[{SPANS_KEY!r}] "
            f"but not doc.ents ({options.overlap.value} policy)",
        )
    return report


def _put_links(
    links: ExportedLinks, document_id: str, aligned: list[tuple[Span, Any]], left_out: list[str]
) -> None:
    """Give each linked span its actor as ``kb_id_`` (before doc.spans and doc.ents copy it)."""
    if not links.present:
        return
    linked = links.of(document_id, (span.id for span, _ in aligned))
    for span, piece in aligned:
        if span.id in linked:
            piece.kb_id_ = linked[span.id]
    links.leave_out(document_id, left_out)


def _user_data(
    store: Store,
    document_id: str,
    aligned: list[tuple[Span, Any]],
    statuses: tuple[SpanStatus, ...],
    report: ExportReport,
) -> dict[str, Any]:
    """Relations (ends as indexes into doc.spans["sc"]) and each span's attributes."""
    index = {span.id: number for number, (span, _) in enumerate(aligned)}
    relations, left_out = exported_relations(store, document_id, index, statuses)
    report.relations += len(relations)
    report.relations_left_out += left_out
    return {
        "attributes": [dict(span.attributes) for span, _ in aligned],
        "relations": [
            {
                "id": r.id,
                "type": r.type,
                "head": index[r.head],
                "tail": index[r.tail],
                "annotator": r.annotator,
                "status": r.status.value,
            }
            for r in relations
        ],
    }


FORMAT = Format(
    "spacy", "spaCy DocBin", (), None, None, export_spacy, extra="spacy", output_suffix=".spacy"
)
