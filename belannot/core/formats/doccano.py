"""doccano JSONL: sequence labelling ``{"id", "text", "label": [[start, end, "label"], …]}``,
or the relation-extraction form ``{"id", "text", "entities": [{"id", "start_offset",
"end_offset", "label"}], "relations": [{"id", "from_id", "to_id", "type"}]}``.

Export writes the ``label`` form, one line per document, unless the project holds
relations, span attributes or actor links: then every line is in the relation form, the
entity ids unique in the file, a span's attributes under its entity's ``attributes`` and
its actor link (an actor id or NIL marker) under ``actor`` (doccano has neither; it
leaves extra keys alone). A relation whose end is not exported is
left out and counted in the report. Offsets are code points, as doccano counts them.
The format carries no annotator: import gives spans and relations to
``--as-annotator`` (or the importing user). Import reads both forms, relations and
entity ``attributes`` and ``actor`` included, and the intent-detection form (``entities`` as
``[start, end, label]`` lists, the document's ``cats`` kept in its metadata). A
pretty-printed file (one object, or an array of them) reads as well as JSON lines. A
string ``id`` is kept as the document id; doccano's numeric ids are not (they would
collide across projects).
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
    iter_selected_rows,
    streamed_export,
)
from belannot.core.formats.jsonl import dialect_sniff, json_reader, text_id
from belannot.core.formats.links_out import ExportedLinks
from belannot.core.formats.records import RelationRecord, keyed_objects, span_ref
from belannot.core.formats.relations_out import counted_relations
from belannot.core.model import DocumentMeta
from belannot.core.store import SpanJsonShape, Store


@streamed_export
def export_doccano(
    store: Store, out: BinaryIO, options: ExportOptions, report: ExportReport
) -> None:
    """One doccano JSONL line per document; atomic, streamed."""
    links = ExportedLinks(store, report)
    if store.relation_count() or store.has_span_attributes() or links.present:
        _export_relation_form(store, out, options, report, links)
        return
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


def _export_relation_form(
    store: Store, out: BinaryIO, options: ExportOptions, report: ExportReport, links: ExportedLinks
) -> None:
    entity_ids: dict[str, int] = {}
    relation_id = 0
    for item in iter_selected_rows(store, options):
        document = item.document
        linked = links.of(document.id, (span.id for span in item.spans))
        entities = []
        for span in item.spans:
            entity_ids[span.id] = len(entity_ids) + 1
            entity: dict[str, Any] = {
                "id": entity_ids[span.id],
                "start_offset": span.start,
                "end_offset": span.end,
                "label": span.label,
            }
            if span.attributes not in ("{}", "", None):
                entity["attributes"] = orjson.Fragment(span.attributes)
            if span.id in linked:
                entity["actor"] = linked[span.id]
            entities.append(entity)
        relations = []
        span_ids = (span.id for span in item.spans)
        for relation in counted_relations(store, document.id, span_ids, options, report):
            relation_id += 1
            relations.append(
                {
                    "id": relation_id,
                    "from_id": entity_ids[relation.head],
                    "to_id": entity_ids[relation.tail],
                    "type": relation.type,
                }
            )
        line = {
            "id": document.id,
            "text": document.text,
            "entities": entities,
            "relations": relations,
        }
        out.write(orjson.dumps(line, option=orjson.OPT_APPEND_NEWLINE))
        report.documents += 1
        report.spans += len(entities)


def looks_like_doccano(first: dict[str, Any]) -> bool:
    return "text" in first and any(key in first for key in ("label", "entities", "labels", "cats"))


def _parse(data: dict[str, Any], text: str, fail: Fail) -> DocumentRecord:
    record_id = data.get("id")
    spans: list[SpanRecord] = []
    relations: list[RelationRecord] = []
    if "entities" in data:
        named = _entities(data["entities"], fail)
        spans = list(named.values())
        if data.get("relations") is not None:
            relations = _relations(data["relations"], named, fail)
    else:
        key = "label" if "label" in data else "labels"
        raw = data.get(key, [])
        if not isinstance(raw, list):
            raise fail("must be a list of [start, end, label]", key)
        for index, item in enumerate(raw):
            span = _quick_label(item)
            spans.append(span if span is not None else _label(item, f"{key}[{index}]", fail))
    cats = data.get("cats")
    meta = DocumentMeta() if cats is None else DocumentMeta(extra={"cats": cats})
    return DocumentRecord(
        text=text, id=text_id(record_id), meta=meta, spans=spans, relations=relations
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


def _entities(raw: Any, fail: Callable[..., InputError]) -> dict[Any, SpanRecord]:
    """The entities by their id (by their place when they have none); intent-detection
    exports give them as ``[start, end, label]`` lists."""
    if isinstance(raw, list) and raw and all(isinstance(item, list) for item in raw):
        return {
            f"#{index}": _quick_label(item) or _label(item, f"entities[{index}]", fail)
            for index, item in enumerate(raw)
        }
    required = ("start_offset", "end_offset", "label")
    items = keyed_objects(raw, "entities", required, fail, "must be a list of objects")
    named = {}
    for index, (where, item) in enumerate(items):
        span = _span(item["start_offset"], item["end_offset"], item["label"], where, fail)
        attributes = item.get("attributes")
        if attributes is not None:
            if not isinstance(attributes, dict):
                raise fail("must be an object of attribute values", f"{where}.attributes")
            span.attributes = attributes
        actor = item.get("actor")
        if actor is not None:
            if not isinstance(actor, str) or not actor:
                raise fail(f"must be an actor id, got {actor!r}", f"{where}.actor")
            span.actor, span.actor_field = actor, f"{where}.actor"
        key = item.get("id", f"#{index}")
        named[key if isinstance(key, int | str) else f"#{index}"] = span
    return named


def _relations(
    raw: Any, named: dict[Any, SpanRecord], fail: Callable[..., InputError]
) -> list[RelationRecord]:
    records = []
    required = ("from_id", "to_id", "type")
    for where, item in keyed_objects(raw, "relations", required, fail, "must be a list"):
        ends = []
        for key in ("from_id", "to_id"):
            span = named.get(item[key]) if isinstance(item[key], int | str) else None
            if span is None:
                raise fail(f"no entity {item[key]!r} in this line", f"{where}.{key}")
            ends.append(span_ref(span))
        kind = item["type"]
        if not isinstance(kind, str) or not kind:
            raise fail(f"must be a relation type name, got {kind!r}", f"{where}.type")
        records.append(RelationRecord(kind, ends[0], ends[1]))
    return records


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
