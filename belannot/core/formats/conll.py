"""CoNLL IOB2: ``token<TAB>tag`` lines, a blank line between sentences, ``-DOCSTART-`` per document.

Export: each document starts with ``-DOCSTART-<TAB>O`` and a blank line.
Tokens and sentences come from :mod:`belannot.core.formats.tokens` (no
spaCy needed). One tag per token means overlapping spans cannot all be
written: the :class:`OverlapPolicy` chooses (longest, first, or label
priority) and the report counts what was dropped. CoNLL has no place for
relations, attribute values or actor links: the report counts those left out (the
relations another format would have written, the exported spans' attribute values and
actor links).

Import: the token is the first column and the tag the last (tab- or
space-separated, so CoNLL-2003's four columns work). IOB1 ``I-`` starting a
chunk and IOBES ``S-``/``E-`` are accepted. CoNLL does not carry the text, only
its tokens: the document text is rebuilt as the tokens joined by one space,
sentences joined by a line break, and spans are placed on that text. No
document ids or annotators: spans go to ``--as-annotator``. Without
``-DOCSTART-`` lines the whole file is one document.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from belannot.core.errors import InputError
from belannot.core.formats import DocumentRecord, ProgressFn, SpanRecord
from belannot.core.formats.base import Format, ReadOptions
from belannot.core.formats.decoding import text_lines
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

DOCSTART = "-DOCSTART-"


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
        tokens = tokenize(text, span_boundaries(kept))
        tags, empty = iob_tags(tokens, kept)
        tag_of = {token.start: tag for token, tag in zip(tokens, tags, strict=True)}
        lines = [f"{DOCSTART}\tO\n\n"]
        for sentence in sentences(text, tokens, kept):
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
    """First non-blank lines are ``token<sep>tag`` with an IOB tag, or -DOCSTART-."""
    lines = [line for line in head.splitlines()[:20] if line.strip()]
    if not lines:
        return False
    if lines[0].startswith(DOCSTART):
        return True
    tags = [line.split()[-1] for line in lines[:-1] if len(line.split()) >= 2]
    return bool(tags) and all(t == "O" or t[:2] in ("B-", "I-", "E-", "S-") for t in tags)


class _Builder:
    def __init__(self, path: str, line: int) -> None:
        self.path = path
        self.line = line
        self.sentences: list[list[str]] = [[]]
        self.length = 0  # characters of text so far
        self.spans: list[SpanRecord] = []
        self.open: SpanRecord | None = None

    def token(self, token: str, tag: str, line: int) -> None:
        sentence = self.sentences[-1]
        if sentence:
            self.length += 1  # the space before this token
        elif len(self.sentences) > 1:
            self.length += 1  # the line break before this sentence
        start = self.length
        sentence.append(token)
        self.length += len(token)
        prefix, _, label = tag.partition("-")
        if tag == "O":
            self.open = None
            return
        if prefix not in ("B", "I", "E", "S") or not label:
            raise InputError(
                f"tag {tag!r} is not O, B-<label> or I-<label>", path=self.path, line=line
            )
        if prefix in ("B", "S") or self.open is None or self.open.label != label:
            self.open = SpanRecord(start=start, end=self.length, label=label)
            self.spans.append(self.open)
        else:
            self.open.end = self.length
        if prefix in ("E", "S"):
            self.open = None

    def end_sentence(self) -> None:
        self.open = None
        if self.sentences[-1]:
            self.sentences.append([])

    def record(self) -> DocumentRecord | None:
        text = "\n".join(" ".join(tokens) for tokens in self.sentences if tokens)
        if not text:
            return None
        return DocumentRecord(text=text, spans=self.spans, path=self.path, line=self.line)


def read_conll(
    path: Path | str, *, encoding: str = "utf-8", progress: ProgressFn | None = None
) -> Iterator[DocumentRecord]:
    """Documents rebuilt from CoNLL tokens and IOB tags (see the module docstring)."""
    path = Path(path)
    name = str(path)
    total = path.stat().st_size
    builder: _Builder | None = None
    found = False
    for number, raw_line, done in text_lines(path, encoding):
        line = raw_line.lstrip("\ufeff").rstrip("\r\n")
        if line.startswith(DOCSTART):
            if builder is not None and (record := builder.record()) is not None:
                found = True
                yield record
            builder = _Builder(name, number)
            continue
        if not line.strip():
            if builder is not None:
                builder.end_sentence()
            continue
        if line.startswith("# ") and builder is None:
            continue  # a comment before the first document (CoNLL-U style)
        columns = line.split("\t") if "\t" in line else line.split()
        if len(columns) < 2:
            raise InputError(
                "expected a token and a tag separated by a tab", path=path, line=number
            )
        if builder is None:
            builder = _Builder(name, number)
        builder.token(columns[0].strip(), columns[-1].strip(), number)
        if progress is not None:
            progress(done, total)
    if builder is not None and (record := builder.record()) is not None:
        found = True
        yield record
    if not found:
        raise InputError("empty file: no tokens", path=path)


def _sniff(sample: Sample) -> bool:
    return not sample.json_list and looks_like_conll(sample.text)


def _read(path: Path, options: ReadOptions) -> Iterator[DocumentRecord]:
    return read_conll(path, encoding=options.encoding, progress=options.progress)


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
