"""The lean path for belannot JSONL: a line checked in place, its rows built from tuples."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import orjson

from belannot.core.formats.base import ReadOptions
from belannot.core.formats.jsonl import json_lines, parse_record
from belannot.core.formats.records import DocumentRecord
from belannot.core.model import now_iso

# What a record of the lean shape may hold; any other key (states, done, relations, an
# unknown one) sends the line to the careful reader.
_RECORD_KEYS = frozenset(("id", "text", "meta", "spans"))
_META_FIELDS = ("title", "source", "url", "author", "published")
# title, source, url, author, published, the other keys as JSON: a document row's meta part.
MetaRow = tuple[str, str | None, str | None, str | None, str | None, str]
_NO_META: MetaRow = ("", None, None, None, None, "{}")


class RawLine(NamedTuple):
    """A decoded JSONL line as the parser gives it, not yet checked."""

    path: str
    line: int
    data: Any
    ignore_unknown: bool

    def full(self) -> DocumentRecord:
        """The record the careful reader makes of this line (or the error it raises)."""
        return parse_record(
            self.data, path=self.path, line=self.line, ignore_unknown=self.ignore_unknown
        )


class LeanRecord(NamedTuple):
    """A line that passed the lean check: spans as (start, end, label) of known labels."""

    path: str
    line: int
    data: dict[str, Any]
    text: str
    id: str | None
    meta: MetaRow
    spans: list[tuple[int, int, str]]

    def full(self) -> DocumentRecord:
        return parse_record(self.data, path=self.path, line=self.line)


def raw_lines(path: Path, options: ReadOptions) -> Iterator[RawLine]:
    """The lines of a belannot JSONL file, decoded (the parser's errors unchanged)."""
    name, ignore = str(path), options.ignore_unknown
    for number, data in json_lines(path, progress=options.progress):
        yield RawLine(name, number, data, ignore)


def lean_record(raw: RawLine, labels: Mapping[str, Any]) -> LeanRecord | None:
    """``raw`` as a lean record when it is of the shape the lean path stores exactly as
    the careful one would (plain spans of known labels within the text, none twice, no
    states, relations or span fields beyond start, end and label); else None."""
    data = raw.data
    if type(data) is not dict or not data.keys() <= _RECORD_KEYS:
        return None
    text = data.get("text")
    record_id = data.get("id")
    if type(text) is not str or not text:
        return None
    if record_id is not None and (type(record_id) is not str or not record_id.strip()):
        return None
    meta = _meta_row(data.get("meta"))
    raw_spans = data.get("spans", [])
    if meta is None or type(raw_spans) is not list:
        return None
    length = len(text)  # code points, as offsets count
    spans: list[tuple[int, int, str]] = []
    append = spans.append
    for span in raw_spans:
        if type(span) is not dict or len(span) != 3:
            return None
        try:  # subscripts, not three calls of .get: this runs for every span
            start, end, label = span["start"], span["end"], span["label"]
        except KeyError:
            return None
        if (
            type(start) is not int
            or type(end) is not int
            or not 0 <= start < end <= length
            or type(label) is not str
            or label not in labels
        ):
            return None
        append((start, end, label))
    if len(spans) > 1 and len(set(spans)) != len(spans):
        return None  # a span twice: the careful path counts the second as present
    return LeanRecord(raw.path, raw.line, data, text, record_id, meta, spans)


def _meta_row(raw: Any) -> MetaRow | None:
    if raw is None:
        return _NO_META
    if type(raw) is not dict:
        return None
    get = raw.get
    title, source, url, author, published = (get(name) for name in _META_FIELDS)
    for value in (title, source, url, author, published):
        if value is not None and type(value) is not str:
            return None
    extra = {k: v for k, v in raw.items() if k not in _META_FIELDS}
    try:
        extra_json = orjson.dumps(extra).decode("utf-8") if extra else "{}"
    except orjson.JSONEncodeError:
        return None  # nested too deep: the careful path says where
    return (title or "", source, url, author, published, extra_json)


class Rows(Protocol):
    """Where a batch keeps the rows it will write (see :class:`.batch.Batch`)."""

    fast: list[Any]
    documents: list[tuple[Any, ...]]
    texts: list[tuple[str, str]]
    spans: list[tuple[Any, ...]]
    states: list[tuple[str, str, str, str]]
    audit: list[tuple[Any, ...]]
    fast_spans: int


def queue_lean(
    rows: Rows,
    record: LeanRecord,
    digest: str,
    document_id: str,
    annotator: str,
    span_ids: list[str],
    importer: str,
) -> None:
    """Add the rows of ``record``, a new document, to ``rows``: what the careful path
    would write for it, with ``span_ids`` for its spans, in their order."""
    stamp = now_iso()
    spans = record.spans
    if spans:
        # rows.SPAN_FIELDS order: id, document, start, end, label, annotator, status,
        # reviewer, reviewed_at, created, updated, attributes, corrects.
        rows.spans.extend(
            [
                (span_id, document_id, start, end, label, annotator, "pending",
                 None, None, stamp, stamp, "{}", None)
                for span_id, (start, end, label) in zip(span_ids, spans, strict=True)
            ]
        )  # fmt: skip
        rows.states.append((document_id, annotator, "done", stamp))
    title, source, url, author, published, extra = record.meta
    length = len(record.text)
    rows.fast.append(record)
    rows.documents.append(
        (document_id, title, source, url, author, published, digest, length, extra, stamp)
    )
    rows.texts.append((document_id, record.text))
    rows.fast_spans += len(spans)
    # The two audit rows the careful path writes: add_document's and the import's.
    added = {"title": title, "content_hash": digest, "chars": length}
    came = {"source_file": record.path, "line": record.line, "spans": len(spans)}
    dumps = orjson.dumps
    rows.audit.append(
        (stamp, importer, "add document", "document", document_id, document_id, None,
         dumps(added).decode("utf-8"))
    )  # fmt: skip
    rows.audit.append(
        (stamp, importer, "import", "document", document_id, document_id, None,
         dumps(came).decode("utf-8"))
    )  # fmt: skip
