"""Prodigy JSONL tasks (``ner_manual`` / ``spans_manual`` shape), one per document and annotator.

    {"text": "…", "tokens": [{"text", "start", "end", "id", "ws"}],
     "spans": [{"start", "end", "token_start", "token_end", "label"}],
     "answer": "accept", "meta": {"id", "title", "source"}, "_annotator_id": "alice",
     "_input_hash": …, "_task_hash": …}

``token_end`` is inclusive, as in Prodigy. Relations are written as ``rel.manual``
writes them: ``"relations": [{"head", "child", "head_span", "child_span", "label"}]``,
``head`` and ``child`` the index of the last token of each span, the two ``*_span``
copies of the task's span dicts; a task without relations leaves the key out. A
span's attribute values are an extra ``"attributes"`` key of its span dict (Prodigy
has no per-span attributes; it keeps a span dict's extra keys, and they stay with
the span they describe rather than in a task-wide ``meta`` keyed by position).
A relation goes in the task of its ends' annotator; one whose ends are spans of two
annotators (a reviewer's link on the gold) fits no task and is left out, counted.
A span linked to an actor carries ``"kb_id"``: the actor id or NIL marker, the knowledge
base id a Prodigy entity-linking task accepts.

Tokens are those the document's Prodigy task brought, with its ``_input_hash``,
``_task_hash``, ``_view_id`` and ``_session_id`` (kept by :mod:`.prodigy_tokens`; a kept
token is cut only where a span edge falls inside it); for any other document they come
from :mod:`belannot.core.formats.tokens` with a boundary at every span edge, so every
span is token-aligned. A document with selected spans from several
annotators gives one task per annotator (Prodigy's own multi-annotator
shape); one without spans gives one task with no spans.

Import takes tasks answered ``accept`` (or not answered); ``reject`` and ``ignore`` tasks
are skipped, and the import report counts them. Character offsets are authoritative and
``_annotator_id`` names the annotator when present. A relation's ``head`` and
``child`` find the span given by ``head_span``/``child_span`` (start, end, label),
or else the one span ending at that token; a relation with an end on a bare token
(``rel.manual``'s dependency arcs) is counted as not represented. A span's ``kb_id`` is
its actor link; an entity-linking task (one span, ``options``, and the chosen id in
``accept``, as Prodigy's NEL recipes write it) links its span to the accepted id.
Prodigy's ``NIL_otherLink`` and ``NIL_ambiguous`` choices read as belannot's NIL markers.
Any other accepted choice (a text category, several picks) is counted in the import
report as not represented.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable, Iterator
from itertools import groupby
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from belannot.core.actors import NIL_AMBIGUOUS, NIL_NOT_IN_REGISTRY
from belannot.core.errors import InputError
from belannot.core.formats import DocumentRecord, Fail, SpanRecord
from belannot.core.formats.base import Format, ReadOptions
from belannot.core.formats.exporting import (
    ExportOptions,
    ExportReport,
    iter_selected,
    streamed_export,
)
from belannot.core.formats.jsonl import dialect_sniff, json_reader, text_id
from belannot.core.formats.links_out import ExportedLinks
from belannot.core.formats.prodigy_relations import ON_TOKENS, parse_relations, relations_json
from belannot.core.formats.prodigy_tokens import META_KEY, kept_task, kept_tokens, task_fields
from belannot.core.formats.records import RelationRecord, keyed_objects
from belannot.core.formats.relations_out import exported_relations
from belannot.core.formats.tokens import span_boundaries, tokenize
from belannot.core.model import DocumentMeta, Span, new_span_id
from belannot.core.relations import Relation
from belannot.core.store import Store

UNLINKED_CHOICES = "Prodigy accepted choices that link no span"
# The NIL choices of Prodigy's entity-linking recipes, and the markers they stand for.
_PRODIGY_NIL = {"NIL_otherLink": NIL_NOT_IN_REGISTRY, "NIL_ambiguous": NIL_AMBIGUOUS}


def _hash32(*parts: str) -> int:
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


@streamed_export
def export_prodigy(
    store: Store, out: BinaryIO, options: ExportOptions, report: ExportReport
) -> None:
    """One accepted Prodigy task per (document, annotator); atomic, streamed."""
    # Asked once: a project without relations exports as it did before them.
    with_relations = store.relation_count() > 0
    statuses = options.span_filter.statuses
    links = ExportedLinks(store, report)
    for item in iter_selected(store, options):
        document = item.document
        linked = links.of(document.id, (span.id for span in item.spans))
        extra = document.meta.extra
        token_json = kept_tokens(document.text, extra, item.spans)
        if token_json is None:
            tokens = tokenize(document.text, span_boundaries(item.spans))
            token_json = [
                {"text": t.text, "start": t.start, "end": t.end, "id": i, "ws": t.ws}
                for i, t in enumerate(tokens)
            ]
        edges = ([t["start"] for t in token_json], [t["end"] for t in token_json])
        meta = {"id": document.id, "title": document.meta.title}
        if document.meta.source:
            meta["source"] = document.meta.source
        input_hash = _hash32(document.text)
        by_annotator = sorted(item.spans, key=lambda s: (s.annotator, s.start, s.end))
        groups: list[tuple[str | None, list[Span]]] = [
            (name, list(group)) for name, group in groupby(by_annotator, _annotator)
        ]
        relations: list[Relation] = []
        if with_relations:
            exported_ids = {span.id for span in item.spans}
            relations, left_out = exported_relations(store, document.id, exported_ids, statuses)
            report.relations_left_out += left_out
        for annotator, spans in groups or [(None, [])]:
            span_dicts = {span.id: _span_json(span, edges, linked) for span in spans}
            task: dict[str, Any] = {
                "text": document.text,
                "tokens": token_json,
                "spans": list(span_dicts.values()),
                "answer": "accept",
                "meta": meta,
                "_input_hash": input_hash,
                "_task_hash": _hash32(document.text, annotator or ""),
            }
            if annotator is not None:
                task["_annotator_id"] = annotator
            task.update(task_fields(document.text, extra, annotator))
            written = relations_json(relations, span_dicts)
            if written:
                task["relations"] = written
                report.relations += len(written)
            out.write(orjson.dumps(task, option=orjson.OPT_APPEND_NEWLINE))
        report.documents += 1
        report.spans += len(item.spans)
        # A relation whose ends are two annotators' spans is in no task.
        owners = {span.id: span.annotator for span in item.spans}
        report.relations_left_out += sum(1 for r in relations if owners[r.head] != owners[r.tail])
    if report.relations_left_out:
        report.notes.append(
            f"{report.relations_left_out} relations left out: an end not exported, or "
            "ends in two annotators' tasks"
        )


def _annotator(span: Span) -> str:
    return span.annotator


def _span_json(
    span: Span, edges: tuple[list[int], list[int]], links: dict[str, str]
) -> dict[str, Any]:
    starts, ends = edges
    data: dict[str, Any] = {
        "start": span.start,
        "end": span.end,
        "token_start": bisect.bisect_left(starts, span.start),
        "token_end": bisect.bisect_left(ends, span.end),
        "label": span.label,
    }
    if span.attributes:
        data["attributes"] = dict(span.attributes)
    if span.id in links:
        data["kb_id"] = links[span.id]
    return data


def looks_like_prodigy(first: dict[str, Any]) -> bool:
    return "text" in first and any(
        key in first for key in ("answer", "tokens", "_input_hash", "_task_hash")
    )


def _parse(data: dict[str, Any], text: str, fail: Fail) -> DocumentRecord:
    annotator = data.get("_annotator_id")
    if annotator is not None and not isinstance(annotator, str):
        raise fail("must be a string", "_annotator_id")
    meta_raw = data.get("meta") or {}
    if not isinstance(meta_raw, dict):
        raise fail("must be an object", "meta")
    record_id = meta_raw.get("id")
    title = meta_raw.get("title")
    source = meta_raw.get("source")
    extra = {k: v for k, v in meta_raw.items() if k not in ("id", "title", "source")}
    kept = kept_task(data, text, annotator)
    if kept is not None and META_KEY not in extra:  # a task's own meta key wins
        extra[META_KEY] = kept
    meta = DocumentMeta(
        title=title if isinstance(title, str) else "",
        source=source if isinstance(source, str) else None,
        extra=extra,
    )
    spans: list[SpanRecord] = []
    relations: list[RelationRecord] = []
    on_tokens = 0
    if data.get("answer", "accept") == "accept":
        raw_spans = data.get("spans") or []
        spans = _spans(raw_spans, annotator, fail)
        _accepted_link(data, spans, fail)
        if data.get("relations"):
            # The importer joins relations to spans by id: give this task's spans fresh ones.
            for span in spans:
                span.id = new_span_id()
            relations, on_tokens = parse_relations(
                data["relations"], raw_spans, spans, annotator, fail
            )
    record = _Task(
        text=text,
        id=text_id(record_id),
        meta=meta,
        spans=spans,
        relations=relations,
    )
    answer = data.get("answer")
    record.answer = answer if isinstance(answer, str) else None
    if on_tokens:
        record.left_out[ON_TOKENS] += on_tokens
    accept = data.get("accept")
    if isinstance(accept, list) and accept and data.get("answer", "accept") == "accept":
        # A choice that became no link (a text category, one of several picks) is counted.
        linked = any(span.actor_field == "accept[0]" for span in spans)
        if len(accept) > linked:
            record.left_out[UNLINKED_CHOICES] += len(accept) - linked
    return record


class _Task(DocumentRecord):
    """A task's record, with the answer it was given (a skipped answer is not stored)."""

    __slots__ = ("answer",)
    answer: str | None


_read_tasks = json_reader(_parse)
# Answers whose tasks are skipped: the annotator said the suggestion (or the text) is not gold.
SKIPPED_ANSWERS = ("reject", "ignore")


def _read(path: Path, options: ReadOptions) -> Iterator[DocumentRecord]:
    """The accepted (or unanswered) tasks; rejected and ignored ones counted in the tally."""
    for record in _read_tasks(path, options):
        answer = getattr(record, "answer", None)
        if answer in SKIPPED_ANSWERS:
            options.tally.skip(f"{record.path}:{record.line}", f"answer {answer}")
        else:
            yield record


def _spans(raw: Any, annotator: str | None, fail: Callable[..., InputError]) -> list[SpanRecord]:
    spans = []
    items = keyed_objects(raw, "spans", ("start", "end", "label"), fail, "must be a list")
    for where, item in items:
        for name in ("start", "end"):
            if isinstance(item[name], bool) or not isinstance(item[name], int):
                raise fail(f"must be an integer, got {item[name]!r}", f"{where}.{name}")
        label = item["label"]
        if not isinstance(label, str) or not label:
            raise fail(f"must be a label name, got {label!r}", f"{where}.label")
        span_text = item.get("text")
        attributes = item.get("attributes") or {}
        if not isinstance(attributes, dict):
            raise fail("must be an object", f"{where}.attributes")
        spans.append(
            SpanRecord(
                start=item["start"],
                end=item["end"],
                label=label,
                annotator=annotator,
                text=span_text if isinstance(span_text, str) else None,
                attributes=attributes,
                actor=_kb_id(item.get("kb_id"), f"{where}.kb_id", fail),
                actor_field=f"{where}.kb_id",
            )
        )
    return spans


def _kb_id(value: Any, where: str, fail: Fail) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise fail(f"must be a knowledge base id, got {value!r}", where)
    return _PRODIGY_NIL.get(value, value)


def _accepted_link(data: dict[str, Any], spans: list[SpanRecord], fail: Fail) -> None:
    """An entity-linking task's accepted choice links its one span."""
    accept = data.get("accept")
    if len(spans) != 1 or spans[0].actor is not None or "options" not in data:
        return
    if not isinstance(accept, list) or len(accept) != 1:
        return  # nothing chosen (or a multiple choice): no link
    spans[0].actor = _kb_id(accept[0], "accept[0]", fail)
    spans[0].actor_field = "accept[0]"


FORMAT = Format(
    "prodigy",
    "Prodigy JSONL",
    (),
    dialect_sniff(looks_like_prodigy),
    _read,
    export_prodigy,
    output_suffix=".jsonl",
)
