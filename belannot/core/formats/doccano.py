"""doccano sequence-labelling JSONL: ``{"id", "text", "label": [[start, end, "label"], …]}``.

Export writes the ``label`` form (belannot has no relations), one line per
document, with every selected span; offsets are code points, as doccano
counts them. The format carries no annotator: import gives spans to
``--as-annotator`` (or the importing user). Import also reads doccano's
``entities`` / ``relations`` form (``start_offset``, ``end_offset``);
relations are ignored. A string ``id`` is kept as the document id; doccano's
numeric ids are not (they would collide across projects).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, BinaryIO

import orjson

from belannot.core.errors import InputError
from belannot.core.formats import DocumentRecord, Fail, SpanRecord
from belannot.core.formats.base import Format
from belannot.core.formats.exporting import (
    ExportOptions,
    ExportReport,
    iter_selected_json,
    streamed_export,
)
from belannot.core.formats.jsonl import dialect_sniff, json_reader, text_id
from belannot.core.formats.records import keyed_objects
from belannot.core.store import SpanJsonShape, Store


@streamed_export
def export_doccano(
    store: Store, out: BinaryIO, options: ExportOptions, report: ExportReport
) -> None:
    """One doccano JSONL line per document; atomic, streamed."""
    dumps = orjson.dumps
    for item in iter_selected_json(store, options, SpanJsonShape.DOCCANO):
        document = item.document
        # [[start, end, label], …] as SQLite wrote it: the bytes orjson would write.
        labels = orjson.Fragment(item.spans)
        out.write(
            dumps(
                {"id": document.id, "text": document.text, "label": labels},
                option=orjson.OPT_APPEND_NEWLINE,
            )
        )
        report.documents += 1
        report.spans += item.span_count


def looks_like_doccano(first: dict[str, Any]) -> bool:
    return "text" in first and ("label" in first or "entities" in first or "labels" in first)


def _parse(data: dict[str, Any], text: str, fail: Fail) -> DocumentRecord:
    record_id = data.get("id")
    spans: list[SpanRecord] = []
    if "entities" in data:
        spans = _entities(data["entities"], fail)
    else:
        key = "label" if "label" in data else "labels"
        raw = data.get(key, [])
        if not isinstance(raw, list):
            raise fail("must be a list of [start, end, label]", key)
        for index, item in enumerate(raw):
            span = _quick_label(item)
            spans.append(span if span is not None else _label(item, f"{key}[{index}]", fail))
    return DocumentRecord(
        text=text,
        id=text_id(record_id),
        spans=spans,
    )


def _quick_label(item: Any) -> SpanRecord | None:
    """The usual [start, end, label] in a few comparisons (a million of them in a big
    import); None for anything else, which :func:`_label` checks and names."""
    if type(item) is list and len(item) == 3:
        start, end, label = item
        if type(start) is int and type(end) is int and type(label) is str and label:
            return SpanRecord(start, end, label)
    return None


def _label(item: Any, where: str, fail: Callable[..., InputError]) -> SpanRecord:
    if isinstance(item, str):
        raise fail(
            f"{item!r} is a document class (text classification); "
            "belannot imports sequence labels [start, end, label]",
            where,
        )
    if not isinstance(item, list) or len(item) != 3:
        raise fail("must be [start, end, label]", where)
    return _span(item[0], item[1], item[2], where, fail)


def _entities(raw: Any, fail: Callable[..., InputError]) -> list[SpanRecord]:
    required = ("start_offset", "end_offset", "label")
    items = keyed_objects(raw, "entities", required, fail, "must be a list of objects")
    return [
        _span(item["start_offset"], item["end_offset"], item["label"], where, fail)
        for where, item in items
    ]


def _span(
    start: Any, end: Any, label: Any, where: str, fail: Callable[..., InputError]
) -> SpanRecord:
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(f"{name} must be an integer, got {value!r}", where)
    if not isinstance(label, str) or not label:
        raise fail(f"label must be a label name, got {label!r}", where)
    return SpanRecord(start=start, end=end, label=label)


FORMAT = Format(
    "doccano",
    "doccano JSONL",
    (),
    dialect_sniff(looks_like_doccano),
    json_reader(_parse),
    export_doccano,
    output_suffix=".jsonl",
)
