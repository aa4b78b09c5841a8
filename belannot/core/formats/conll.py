"""CoNLL IOB2: ``token<TAB>tag`` lines, a blank line between sentences, ``-DOCSTART-`` per document.

Export: each document starts with ``-DOCSTART-<TAB>O`` and a blank line.
Tokens and sentences are those a CoNLL import kept (:mod:`.conll_tokens`), else
come from :mod:`belannot.core.formats.tokens` (no spaCy needed). One tag per token
means overlapping spans cannot all be written: the :class:`OverlapPolicy` chooses
(longest, first, or label priority) and the report counts what was dropped. CoNLL has no place for
relations, attribute values or actor links: the report counts those left out (the
relations another format would have written, the exported spans' attribute values and
actor links).

Import (:mod:`.conll_reading`): the token is the first column and the tag the last,
or the one ``--conll-column`` names; comments, a numbering column and IOB1, IOB2, BIOES
and BILOU are read. CoNLL does not carry the text, only its tokens: the document text is
rebuilt as the tokens joined by one space, sentences joined by a line break, and spans
are placed on that text. The document keeps that tokenisation (:mod:`.conll_tokens`),
so its export writes the same tokens and sentences back. No document ids or annotators:
spans go to ``--as-annotator``. Without ``-DOCSTART-`` lines the whole file is one
document.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from belannot.core.formats import DocumentRecord
from belannot.core.formats.base import Format, ReadOptions
from belannot.core.formats.conll_reading import DOCSTART, is_tag, read_conll
from belannot.core.formats.conll_tokens import kept_sentences
from belannot.core.formats.exporting import (
    ExportOptions,
    ExportReport,
    iter_selected,
    label_order,
    streamed_export,
)
from belannot.core.formats.links_out import ExportedLinks
from belannot.core.formats.relations_out import exported_relations
from belannot.core.formats.sniffing import Sample
from belannot.core.formats.tokens import (
    iob_tags,
    resolve_overlaps,
    sentences,
    span_boundaries,
    tokenize,
)
from belannot.core.store import Store

__all__ = ["DOCSTART", "FORMAT", "export_conll", "looks_like_conll", "read_conll"]


@streamed_export
def export_conll(store: Store, out: BinaryIO, options: ExportOptions, report: ExportReport) -> None:
    """IOB2 CoNLL; overlaps resolved by ``options.overlap``; atomic, streamed."""
    ranking = label_order(store, options)
    with_relations = store.relation_count() > 0
    statuses = options.span_filter.statuses
    links = ExportedLinks(store, report)
    for item in iter_selected(store, options):
        text = item.document.text
        kept, dropped = resolve_overlaps(item.spans, options.overlap, ranking)
        imported = kept_sentences(text, item.document.meta.extra, kept)
        if imported is None:
            tokens = tokenize(text, span_boundaries(kept))
        else:
            tokens = [token for sentence in imported for token in sentence]
        tags, empty = iob_tags(tokens, kept)
        tag_of = {token.start: tag for token, tag in zip(tokens, tags, strict=True)}
        lines = [f"{DOCSTART}\tO\n\n"]
        for sentence in imported or sentences(text, tokens, kept):
            lines.extend(f"{token.text}\t{tag_of[token.start]}\n" for token in sentence)
            lines.append("\n")
        out.write("".join(lines).encode("utf-8"))
        report.documents += 1
        report.spans += len(kept) - empty
        report.dropped += dropped + empty
        report.attributes_left_out += sum(len(span.attributes) for span in item.spans)
        if with_relations:
            exported_ids = {span.id for span in item.spans}
            taken, left_out = exported_relations(store, item.document.id, exported_ids, statuses)
            report.relations_left_out += len(taken) + left_out
        links.leave_out(item.document.id, (span.id for span in item.spans))
    if report.links_left_out:
        report.notes.append(f"CoNLL cannot carry actor links: {report.links_left_out} left out")
    if report.relations_left_out or report.attributes_left_out:
        report.notes.append(
            f"CoNLL cannot carry relations or attributes: {report.relations_left_out} "
            f"relations and {report.attributes_left_out} attribute values left out"
        )
    if report.dropped:
        report.notes.append(
            f"{report.dropped} spans not written: overlapping ({options.overlap.value} policy) "
            "or covering no token"
        )


def looks_like_conll(head: str) -> bool:
    """First non-blank lines are ``token<sep>…<sep>tag`` with a tag of any IOB scheme
    (comment lines aside), or -DOCSTART-."""
    lines = [line for line in head.splitlines()[:40] if line.strip()]
    if not lines:
        return False
    if lines[0].startswith(DOCSTART):
        return True
    rows = [line.split("\t") if "\t" in line else line.split() for line in lines[:-1]]
    rows = [row for row in rows if not (row[0].startswith("#") and not is_tag(row[-1].strip()))]
    return bool(rows) and all(len(row) >= 2 and is_tag(row[-1].strip()) for row in rows)


def _sniff(sample: Sample) -> bool:
    return not sample.json_list and looks_like_conll(sample.text)


def _read(path: Path, options: ReadOptions) -> Iterator[DocumentRecord]:
    return read_conll(
        path,
        encoding=options.encoding,
        progress=options.progress,
        column=options.conll_column,
        tally=options.tally,
    )


FORMAT = Format(
    "conll",
    "CoNLL IOB2",
    (".conll", ".conll2003", ".iob", ".iob2", ".bio"),
    _sniff,
    _read,
    export_conll,
    output_suffix=".conll",
    import_title="CoNLL IOB",
)
