"""belannot JSONL: one document per line, with its spans. The native format.

    {"id": "doc-0001", "text": "…", "meta": {"title": "…", "source": "…", "url": "…",
     "published": "2022-03-01"}, "spans": [{"id": "…", "start": 0, "end": 5,
     "label": "actor", "text": "Putin", "annotator": "alice", "status": "pending", …}]}

Only ``text`` is required on import; span fields other than ``start``, ``end``
and ``label`` are optional. A document with relations carries them as
``"relations": [{"id", "type", "head", "tail", "annotator", "status", "reviewer",
"created", "updated"}]`` (``head`` and ``tail`` are span ids of the same line); one
without leaves the key out, so exports made before relations are unchanged. A field
the reader does not know is refused, naming it, unless unknown fields are ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from belannot.core.errors import InputError
from belannot.core.fileio import atomic_write
from belannot.core.formats import (
    CancelFn,
    DocumentRecord,
    Fail,
    ProgressFn,
    SpanRecord,
    locator,
    object_with_text,
)
from belannot.core.formats.base import Format, Reader, ReadOptions, Sniff
from belannot.core.formats.decoding import is_wide, text_lines
from belannot.core.formats.exporting import ExportOptions, ExportReport, iter_selected_tuples
from belannot.core.formats.json_whole import is_whole_json, whole_items
from belannot.core.formats.jsonl_fields import add_actors, check_known, parse_relations
from belannot.core.formats.sniffing import Sample
from belannot.core.model import DocumentMeta, DocumentState, SpanStatus
from belannot.core.store import SpanFilter, Store

_META_FIELDS = ("title", "source", "url", "author", "published")


def export_jsonl(
    store: Store,
    path: Path | str,
    options: ExportOptions | None = None,
    *,
    span_filter: SpanFilter | None = None,
    overwrite: bool = False,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ExportReport:
    """Write every document with the spans ``span_filter`` takes; atomic, streamed."""
    if options is None:
        options = ExportOptions(
            span_filter=span_filter or SpanFilter(),
            overwrite=overwrite,
            progress=progress,
            cancel=cancel,
        )
    path = Path(path)
    report = ExportReport(path)
    dumps = orjson.dumps
    fragment, empty = orjson.Fragment, orjson.Fragment(b"{}")
    # Asked once: a project without relations exports as fast as it did before them.
    # Relations as JSON text SQLite wrote, one per document in the documents' order.
    relation_groups = (
        store.iter_relation_json(options.span_filter) if store.relation_count() else None
    )
    with_links = store.link_count() > 0
    with atomic_write(path, overwrite=options.overwrite) as out:
        for item in iter_selected_tuples(store, options):
            document = item.document
            text = document.text
            meta = document.meta
            # span_json()'s fields in its order, unpacked from SQLite's tuple: this runs
            # once per exported span. Attributes are stored as JSON already: written as
            # they are, not parsed and re-serialised.
            spans = [
                {
                    "id": span_id,
                    "start": start,
                    "end": end,
                    "label": label,
                    "annotator": annotator,
                    "status": status,
                    "reviewer": reviewer,
                    "reviewed_at": reviewed_at,
                    "created": created,
                    "updated": updated,
                    "attributes": fragment(attributes) if attributes not in _NO_JSON else empty,
                    "corrects": corrects,
                    "text": text[start:end],
                }
                for (
                    span_id,
                    _document_id,
                    start,
                    end,
                    label,
                    annotator,
                    status,
                    reviewer,
                    reviewed_at,
                    created,
                    updated,
                    attributes,
                    corrects,
                    _position,
                ) in item.spans
            ]
            record: dict[str, Any] = {
                "id": document.id,
                "text": text,
                # _META_FIELDS, after (and over) the extra keys.
                "meta": {
                    **meta.extra,
                    "title": meta.title,
                    "source": meta.source,
                    "url": meta.url,
                    "author": meta.author,
                    "published": meta.published,
                },
                "spans": spans,
                "states": item.states,
            }
            if with_links:
                report.links += add_actors(spans, store.document_links(document.id))
            if relation_groups is not None:
                # Both streams are in document order; the export may skip documents.
                group = next(relation_groups, None)
                while group is not None and group.document_id != document.id:
                    group = next(relation_groups, None)
                if group is not None:
                    report.relations_left_out += group.left_out
                    if group.count:
                        record["relations"] = fragment(group.relations)
                        report.relations += group.count
            if options.suggestions is not None:
                record["suggestions"] = options.suggestions(document.id, text)
            out.write(dumps(record, option=orjson.OPT_APPEND_NEWLINE))
            report.documents += 1
            report.spans += len(spans)
    return report


# Stored attributes that mean "none": written as {}.
_NO_JSON = ("{}", "", None)


def read_jsonl(
    path: Path | str, *, progress: ProgressFn | None = None, ignore_unknown: bool = False
) -> Iterator[DocumentRecord]:
    """Parse belannot JSONL, one record per non-blank line, located by line number."""
    for number, data in json_lines(path, progress=progress):
        yield parse_record(data, path=str(path), line=number, ignore_unknown=ignore_unknown)


def json_reader(parse: Callable[[dict[str, Any], str, Fail], DocumentRecord]) -> Reader:
    """The read of a JSON-lines dialect: ``parse(line's object, its text, fail)`` per
    non-blank line (or per record of a file that is one JSON value, see
    :mod:`.json_whole`); the reader gives each record its file and line."""

    def read(path: Path, options: ReadOptions) -> Iterator[DocumentRecord]:
        name = str(path)
        # A pretty-printed object, or an array of records, is read as one JSON value.
        values = (
            whole_items(path)
            if is_whole_json(path)
            else json_lines(path, progress=options.progress)
        )
        for number, value in values:
            fail = locator(name, number)
            data, text = object_with_text(value, fail)
            record = parse(data, text, fail)
            record.path, record.line = name, number
            yield record

    return read


def text_id(value: Any) -> str | None:
    """A document id the source gives as a non-blank string; anything else is dropped."""
    return value if isinstance(value, str) and value.strip() else None


def json_lines(
    path: Path | str, *, progress: ProgressFn | None = None
) -> Iterator[tuple[int, Any]]:
    """(line number, decoded value) for each non-blank line of a JSON Lines file."""
    path = Path(path)
    total = path.stat().st_size
    done = 0
    seen_any = False
    loads = orjson.loads
    with path.open("rb") as handle:
        lines: Iterator[bytes] = handle
        if is_wide(handle.read(4)):  # UTF-16 or UTF-32 by its mark: read as text, parse UTF-8
            lines = (line.encode("utf-8") for _, line, _ in text_lines(path))
        handle.seek(0)
        for number, raw in enumerate(lines, start=1):
            done += len(raw)
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            seen_any = True
            try:
                # orjson rejects invalid UTF-8 and NUL-free binary alike; name the cause.
                data = loads(raw)
            except orjson.JSONDecodeError as error:
                raise _line_error(raw, error, path, number) from error
            yield number, data
            if progress is not None:
                progress(done, total)
    if not seen_any:
        raise InputError("empty file: no documents", path=path)


def _line_error(raw: bytes, error: Exception, path: Path, number: int) -> InputError:
    if b"\x00" in raw:
        return InputError("binary data (NUL byte), not JSON text", path=path, line=number)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        return InputError(f"not UTF-8 (byte {bad.start + 1} of the line)", path=path, line=number)
    return InputError(f"not JSON: {error}", path=path, line=number)


def parse_record(
    data: Any, *, path: str | None, line: int | None, ignore_unknown: bool = False
) -> DocumentRecord:
    """Check one decoded JSON value against the belannot JSONL shape."""
    fail = locator(path, line)
    data, text = object_with_text(data, fail)
    if not ignore_unknown:
        check_known(data, fail)
    record_id = data.get("id")
    if record_id is not None:
        if isinstance(record_id, int) and not isinstance(record_id, bool):
            record_id = str(record_id)
        if not isinstance(record_id, str) or not record_id.strip():
            raise fail("must be a non-empty string", "id")
    meta = _parse_meta(data.get("meta", {}), fail)
    raw_spans = data.get("spans", [])
    if not isinstance(raw_spans, list):
        raise fail(f"must be a list, got {type(raw_spans).__name__}", "spans")
    spans = [_parse_span(raw, index, fail) for index, raw in enumerate(raw_spans)]
    done = data.get("done")
    if done is not None and not isinstance(done, bool):
        raise fail("must be true or false", "done")
    states_raw = data.get("states", {})
    if not isinstance(states_raw, dict):
        raise fail("must be an object of annotator: state", "states")
    states = {}
    for annotator, state in states_raw.items():
        try:
            states[annotator] = DocumentState(state)
        except ValueError:
            raise fail(f"unknown state {state!r}", f"states.{annotator}") from None
    raw_relations = data.get("relations")
    relations = (
        [] if not raw_relations else parse_relations(raw_relations, spans, fail, ignore_unknown)
    )
    return DocumentRecord(
        text=text,
        id=record_id,
        meta=meta,
        spans=spans,
        done=done,
        states=states,
        path=path,
        line=line,
        relations=relations,
    )


def _parse_meta(raw: Any, fail: Any) -> DocumentMeta:
    if raw is None:
        return DocumentMeta()
    if not isinstance(raw, dict):
        raise fail(f"must be an object, got {type(raw).__name__}", "meta")
    values: dict[str, str | None] = {}
    for name in _META_FIELDS:
        value = raw.get(name)
        if value is not None and not isinstance(value, str):
            raise fail(f"must be a string, got {type(value).__name__}", f"meta.{name}")
        values[name] = value
    extra = {k: v for k, v in raw.items() if k not in _META_FIELDS}
    return DocumentMeta(
        title=values["title"] or "",
        source=values["source"],
        url=values["url"],
        author=values["author"],
        published=values["published"],
        extra=extra,
    )


def _optional_str(raw: dict[str, Any], name: str, where: str, fail: Any) -> str | None:
    value = raw.get(name)
    if value is not None and not isinstance(value, str):
        raise fail(f"must be a string, got {type(value).__name__}", f"{where}.{name}")
    return value


# A span's optional string fields, in the order their errors are reported.
_OPTIONAL_SPAN_FIELDS = (
    "id",
    "annotator",
    "reviewer",
    "reviewed_at",
    "created",
    "updated",
    "corrects",
    "text",
    "actor",
)
_STATUSES = {status.value: status for status in SpanStatus}
_STR_OR_NONE = frozenset((str, type(None)))


def _parse_span(raw: Any, index: int, fail: Any) -> SpanRecord:
    """One span of a record; this runs a million times in a big import.

    The usual span is checked by a few comparisons; any span that fails one of
    them is checked again by :func:`_checked_span_fields`, which says what is wrong.
    """
    if type(raw) is dict:
        get = raw.get
        start, end, label = get("start"), get("end"), get("label")
        status_raw = get("status")
        status = _STATUSES.get(status_raw) if type(status_raw) is str else None
        if status_raw is None or status_raw == "":
            status = SpanStatus.PENDING
        attributes = get("attributes") or {}
        optional = (
            get("id"),
            get("annotator"),
            get("reviewer"),
            get("reviewed_at"),
            get("created"),
            get("updated"),
            get("corrects"),
            get("text"),
            get("actor"),
        )
        if (
            type(start) is int
            and type(end) is int
            and type(label) is str
            and label
            and status is not None
            and type(attributes) is dict
            and _STR_OR_NONE.issuperset(map(type, optional))
        ):
            (span_id, annotator, reviewer, reviewed_at, created, updated, corrects, text, actor) = (
                optional
            )
            return SpanRecord(
                start,
                end,
                label,
                span_id,
                annotator,
                status,
                reviewer,
                reviewed_at,
                created,
                updated,
                attributes,
                corrects,
                text,
                actor,
            )
    return _checked_span_fields(raw, f"spans[{index}]", fail)


def _checked_span_fields(raw: Any, where: str, fail: Any) -> SpanRecord:
    if not isinstance(raw, dict):
        raise fail(f"expected an object, got {type(raw).__name__}", where)
    for name in ("start", "end", "label"):
        if name not in raw:
            raise fail("missing", f"{where}.{name}")
    for name in ("start", "end"):
        value = raw[name]
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(f"must be an integer, got {value!r}", f"{where}.{name}")
    label = raw["label"]
    if not isinstance(label, str) or not label:
        raise fail(f"must be a label name, got {label!r}", f"{where}.label")
    status_raw = raw.get("status") or SpanStatus.PENDING.value
    try:
        status = SpanStatus(status_raw)
    except ValueError:
        raise fail(
            f"unknown status {status_raw!r} (pending, approved or rejected)", f"{where}.status"
        ) from None
    attributes = raw.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise fail("must be an object", f"{where}.attributes")
    return SpanRecord(
        start=raw["start"],
        end=raw["end"],
        label=label,
        id=_optional_str(raw, "id", where, fail),
        annotator=_optional_str(raw, "annotator", where, fail),
        status=status,
        reviewer=_optional_str(raw, "reviewer", where, fail),
        reviewed_at=_optional_str(raw, "reviewed_at", where, fail),
        created=_optional_str(raw, "created", where, fail),
        updated=_optional_str(raw, "updated", where, fail),
        attributes=attributes,
        corrects=_optional_str(raw, "corrects", where, fail),
        text=_optional_str(raw, "text", where, fail),
        actor=_optional_str(raw, "actor", where, fail),
    )


# belannot JSONL's own fields; doccano and Prodigy lines never carry these.
_BELANNOT_KEYS = ("states", "done")


def dialect_sniff(looks_like: Callable[[dict[str, Any]], bool]) -> Sniff:
    """The sniff of a JSON-lines dialect: ``looks_like`` on a first line that is an object
    and not belannot JSONL's own (which may carry any of the dialects' keys too)."""

    def sniff(sample: Sample) -> bool:
        first = sample.first_object
        if first is None or any(key in first for key in _BELANNOT_KEYS):
            return False
        return looks_like(first)

    return sniff


def _sniff(sample: Sample) -> bool:
    if sample.stripped.startswith(b"{"):
        return True  # what Prodigy and doccano (sniffed first) leave
    # JSON lines whose first line is a list: the reader says which line.
    first_line, _, rest = sample.stripped.partition(b"\n")
    return sample.json_list and bool(rest.strip()) and _parses(first_line)


def _parses(data: bytes) -> bool:
    try:
        orjson.loads(data)
    except orjson.JSONDecodeError:
        return False
    return True


def _read(path: Path, options: ReadOptions) -> Iterator[DocumentRecord]:
    return read_jsonl(path, progress=options.progress, ignore_unknown=options.ignore_unknown)


def _export(store: Store, path: Path, options: ExportOptions) -> ExportReport:
    return export_jsonl(store, path, options)


FORMAT = Format("jsonl", "belannot JSONL", (), _sniff, _read, _export, output_suffix=".jsonl")
