"""Label Studio JSON task list: ``data.text`` and one annotation per annotator.

    [{"id": 1, "data": {"text": "…", "belannot_id": "doc-1", "title": "…"},
      "annotations": [{"id": 1, "completed_by": {"id": 1, "email": "alice"},
                       "result": [{"id": "…", "from_name": "label", "to_name": "text",
                                   "type": "labels", "value": {"start": 0, "end": 5,
                                   "text": "Putin", "labels": ["actor"]}}]}],
      "predictions": []}, …]

Offsets are code points (Label Studio stores code points since its emoji fix;
older versions stored UTF-16 units: on import, a result whose ``value.text``
matches only under UTF-16 offsets is converted, any other mismatch is an
error). The annotator is ``completed_by``'s ``username``, ``email`` or
``first_name`` when it is an object; a bare numeric ``completed_by`` names no
one, so ``--as-annotator`` (else ``label-studio-<n>``) is used. Relations and
span attributes are ``relation`` and per-region results, and so is a span's actor link
(a ``choices`` result named ``actor``; see :mod:`.label_studio_links`). Cancelled
annotations are not imported (the report counts them as skipped), nor whole-task
results; predictions are kept with the document as suggestions, and the text may be under another
``data`` key (see :mod:`.label_studio_tasks`). Tasks one per line (JSON Lines) are read
too. An error names the file, the line where its task starts, the task's index and id.
Export writes one task per line inside the array, so a task is streamed and never held
with the others.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from belannot.core.errors import InputError
from belannot.core.formats import DocumentRecord, ProgressFn, SpanRecord
from belannot.core.formats.base import Format, ReadOptions
from belannot.core.formats.decoding import bom_codec, decode_bytes
from belannot.core.formats.exporting import (
    ExportOptions,
    ExportReport,
    iter_selected_rows,
    streamed_export,
)
from belannot.core.formats.label_studio_links import (
    ACTOR_FROM_NAME,
    REGION_TYPES,
    actor_result,
    put_actor,
    region_results,
    region_value,
    relation_records,
    relation_result,
)
from belannot.core.formats.label_studio_predictions import PREDICTIONS_KEY, read_predictions
from belannot.core.formats.label_studio_tasks import (
    CANCELLED,
    cancelled,
    configured_key,
    count_task_level,
    refuse_hypertext,
    task_lines,
    task_text,
    which_task,
)
from belannot.core.formats.links_out import ExportedLinks
from belannot.core.formats.records import RelationRecord
from belannot.core.formats.relations_out import counted_relations
from belannot.core.formats.sniffing import Sample
from belannot.core.formats.tally import ReadTally
from belannot.core.model import DocumentMeta
from belannot.core.store import Store


@streamed_export
def export_label_studio(
    store: Store, out: BinaryIO, options: ExportOptions, report: ExportReport
) -> None:
    """A Label Studio JSON task list; atomic, streamed one task per line."""
    user_ids: dict[str, int] = {}
    annotation_id = 0
    directed = {kind.name: kind.directed for kind in store.relation_types()}
    definitions = {label.name: {d.name: d for d in label.attributes} for label in store.labels()}
    links = ExportedLinks(store, report)
    out.write(b"[")
    for item in iter_selected_rows(store, options):
        document = item.document
        linked = links.of(document.id, (span.id for span in item.spans))
        by_annotator: dict[str, list[dict[str, Any]]] = {}
        for span in item.spans:
            results = by_annotator.setdefault(span.annotator, [])
            results.append(
                {
                    "id": span.id,
                    "from_name": "label",
                    "to_name": "text",
                    "type": "labels",
                    "origin": "manual",
                    "value": {
                        "start": span.start,
                        "end": span.end,
                        "text": document.text[span.start : span.end],
                        "labels": [span.label],
                    },
                }
            )
            results += region_results(span, document.text, definitions.get(span.label, {}))
            if span.id in linked:
                results.append(actor_result(span, document.text, linked[span.id]))
        span_ids = (span.id for span in item.spans)
        for relation in counted_relations(store, document.id, span_ids, options, report):
            by_annotator.setdefault(relation.annotator, []).append(
                relation_result(relation, directed.get(relation.type, True))
            )
        annotations = []
        for annotator, results in by_annotator.items():
            annotation_id += 1
            user_id = user_ids.setdefault(annotator, len(user_ids) + 1)
            annotations.append(
                {
                    "id": annotation_id,
                    "completed_by": {"id": user_id, "email": annotator},
                    "result": results,
                    "was_cancelled": False,
                    "ground_truth": False,
                }
            )
        task = {
            "id": report.documents + 1,
            "data": {
                "text": document.text,
                "belannot_id": document.id,
                "title": document.meta.title,
            },
            "annotations": annotations,
            "predictions": [],
        }
        out.write(b"\n" if report.documents == 0 else b",\n")
        out.write(orjson.dumps(task))
        report.documents += 1
        report.spans += len(item.spans)
    out.write(b"\n]\n")


def looks_like_label_studio(head: bytes) -> bool:
    """A JSON array whose first task has ``data`` (checked on the first bytes)."""
    stripped = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return stripped.startswith(b"[") and b'"data"' in stripped


def read_label_studio(
    path: Path | str,
    *,
    as_annotator: str | None = None,
    progress: ProgressFn | None = None,
    tally: ReadTally | None = None,
) -> Iterator[DocumentRecord]:
    """Every task of a Label Studio JSON export (the file is read whole); predictions go in
    each record's ``meta.extra`` (see :mod:`.label_studio_predictions`).

    Errors name the line where the task starts, and its JSON path.
    """
    path = Path(path)
    key = configured_key(path)
    data = path.read_bytes()
    if bom_codec(data[:4]) is not None:  # orjson reads UTF-8 without a mark only
        data = decode_bytes(data, path).encode("utf-8")
    lines = _TaskLines(data)
    try:
        tasks = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        # Tasks one per line (JSON Lines): each line its own task, its number known.
        found = task_lines(data, path)
        if found is None:
            raise InputError(f"not JSON: {error}", path=path) from error
        lines.lines, tasks = [number for number, _ in found], [task for _, task in found]
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list) or not tasks:
        raise InputError("expected a JSON list of Label Studio tasks", path=path)
    for index, task in enumerate(tasks):
        record = _parse(task, str(path), index, as_annotator, lines, key)
        if isinstance(task, dict):
            kept = read_predictions(task, record.text, _result_spans, tally)
            if kept:  # with the document, as suggestions: never spans
                record.meta = replace(record.meta, extra={PREDICTIONS_KEY: kept})
        yield record
        if isinstance(task, dict):
            count_task_level(task, tally, REGION_TYPES)
            if tally is not None:
                for _ in range(cancelled(task)):
                    tally.skip(f"{path}:{lines.line(index) or '?'}", CANCELLED)
        if progress is not None:
            progress(index + 1, len(tasks))


class _TaskLines:
    """The line each top-level task starts on, found only when an error needs one: the
    tasks are parsed by orjson, which tells no positions; this parses again with the
    standard library's decoder, whose ``raw_decode`` does."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.lines: list[int] | None = None

    def line(self, index: int) -> int | None:
        if self.lines is None:
            self.lines = self._scan()
        return self.lines[index] if index < len(self.lines) else None

    def _scan(self) -> list[int]:
        text = self.data.decode("utf-8-sig")
        decoder = json.JSONDecoder()
        lines: list[int] = []
        try:
            at = _skip_space(text, 0)
            if text[at] == "{":  # a single task
                return [text.count("\n", 0, at) + 1]
            at = _skip_space(text, at + 1)  # past "["
            line, counted = 1, 0
            while at < len(text) and text[at] != "]":
                line += text.count("\n", counted, at)
                counted = at
                lines.append(line)
                _, at = decoder.raw_decode(text, at)
                at = _skip_space(text, at)
                if at < len(text) and text[at] == ",":
                    at = _skip_space(text, at + 1)
        except (ValueError, RecursionError, IndexError):
            pass  # orjson read it all; the lines found so far are still right
        return lines


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


class _LocatedRecord(DocumentRecord):
    """A task's record, whose line is looked up only when an error is reported."""

    __slots__ = ("index", "lines", "task_id")
    index: int
    lines: _TaskLines
    task_id: Any

    def error(self, message: str, field_name: str | None = None) -> InputError:
        line = self.lines.line(self.index)
        message += which_task(self.index, self.task_id)
        return InputError(message, path=self.path, line=line, field=field_name)


def _parse(
    task: Any,
    path: str,
    index: int,
    as_annotator: str | None,
    lines: _TaskLines,
    key: str | None = None,
) -> DocumentRecord:
    where = f"[{index}]"
    task_id = task.get("id") if isinstance(task, dict) else None

    def fail(message: str, field: str) -> InputError:
        message += which_task(index, task_id)
        return InputError(message, path=path, line=lines.line(index), field=f"{where}{field}")

    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise fail("expected a task object with 'data'", "")
    data = task["data"]
    text = task_text(data, key, fail)
    record_id = data.get("belannot_id")
    title = data.get("title")
    spans: list[SpanRecord] = []
    relations: list[RelationRecord] = []
    # Results read once the task's spans are known, with their annotation's regions.
    later: list[tuple[dict[str, list[SpanRecord]], str | None, str, dict[str, Any]]] = []
    everywhere: dict[str, list[SpanRecord]] = {}  # region id → spans, in every annotation
    annotations = task.get("annotations", task.get("completions", []))
    if not isinstance(annotations, list):
        raise fail("must be a list", ".annotations")
    for a_index, annotation in enumerate(annotations):
        a_where = f".annotations[{a_index}]"
        if not isinstance(annotation, dict):
            raise fail("must be an object", a_where)
        if annotation.get("was_cancelled"):
            continue
        annotator = _annotator(annotation.get("completed_by"), as_annotator)
        results = annotation.get("result", [])
        if not isinstance(results, list):
            raise fail("must be a list", f"{a_where}.result")
        # region id → its spans (one per label of the region)
        regions: dict[str, list[SpanRecord]] = {}
        for r_index, result in enumerate(results):
            r_where = f"{a_where}.result[{r_index}]"
            if isinstance(result, dict) and result.get("type") in _LATER:
                later.append((regions, annotator, r_where, result))
                continue

            def result_fail(message: str, field: str, r_where: str = r_where) -> InputError:
                return fail(message, r_where + field)

            found = _result_spans(result, text, annotator, result_fail)
            spans.extend(found)
            region = result.get("id")
            if found and isinstance(region, str):
                regions.setdefault(region, []).extend(found)
                everywhere.setdefault(region, []).extend(found)
    # After every annotation: a reviewer's relation may join spans of another's annotation.
    for regions, annotator, r_where, result in later:
        relations += _linked(result, (regions, everywhere), annotator, (where, r_where), fail)
    record = _LocatedRecord(
        text=text,
        id=record_id if isinstance(record_id, str) and record_id.strip() else None,
        meta=DocumentMeta(title=title if isinstance(title, str) else ""),
        spans=spans,
        path=path,
        relations=relations,
        loose_attributes=any(span.attributes for span in spans),
    )
    record.index, record.lines, record.task_id = index, lines, task_id
    return record


def _linked(
    result: dict[str, Any],
    lookups: tuple[dict[str, list[SpanRecord]], dict[str, list[SpanRecord]]],
    annotator: str | None,
    places: tuple[str, str],
    fail: Callable[[str, str], InputError],
) -> list[RelationRecord]:
    """A relation result's relations, or a per-region result put on its region's spans.

    ``lookups``: the annotation's regions, then the task's; ``places``: the task's and the
    result's (``[0]``, ``.annotations[0].result[3]``)."""
    where, r_where = places
    regions, everywhere = lookups

    def result_fail(message: str, field: str) -> InputError:
        return fail(message, r_where + field)

    if result["type"] == "relation":

        def first(region: str) -> SpanRecord | None:
            found = regions.get(region) or everywhere.get(region)
            return found[0] if found else None

        return relation_records(result, first, annotator, where + r_where, result_fail)
    region = result.get("id")
    name = result.get("from_name")
    if name == ACTOR_FROM_NAME and result["type"] in ("choices", "textarea"):
        if isinstance(region, str) and region in regions:
            put_actor(regions[region], result, where + r_where, result_fail)
        return []
    if isinstance(region, str) and isinstance(name, str) and name:
        value = region_value(result, result_fail) if region in regions else None
        for span in regions.get(region, ()):
            span.attributes = {**span.attributes, name: value}
    return []


# Results read once the annotation's spans are known: relations and per-region values.
_LATER = frozenset(("relation", *REGION_TYPES))


def _annotator(completed_by: Any, as_annotator: str | None) -> str | None:
    if isinstance(completed_by, dict):
        for key in ("username", "email", "first_name"):
            value = completed_by.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
        completed_by = completed_by.get("id")
    if as_annotator is not None:
        return as_annotator
    if isinstance(completed_by, int) and not isinstance(completed_by, bool):
        return f"label-studio-{completed_by}"
    return None


def _result_spans(
    result: Any, text: str, annotator: str | None, fail: Callable[[str, str], InputError]
) -> list[SpanRecord]:
    if not isinstance(result, dict):
        raise fail("must be an object", "")
    value = result.get("value")
    if not isinstance(value, dict) or "start" not in value or "end" not in value:
        return []  # choices, relations, ratings: not spans
    refuse_hypertext(result, value, fail)
    labels = value.get("labels")
    if labels is None:
        labels = next((v for k, v in value.items() if k.endswith("labels")), None)
    if not isinstance(labels, list) or not all(isinstance(x, str) and x for x in labels):
        raise fail("must be a list of label names", ".value.labels")
    start, end = value["start"], value["end"]
    for name, number in (("start", start), ("end", end)):
        if isinstance(number, bool) or not isinstance(number, int):
            raise fail(f"must be an integer, got {number!r}", f".value.{name}")
    quoted = value.get("text")
    if isinstance(quoted, str) and text[start:end] != quoted:
        converted = _from_utf16(text, start, end)
        if converted is not None and text[converted[0] : converted[1]] == quoted:
            start, end = converted
    return [
        SpanRecord(
            start=start,
            end=end,
            label=label,
            annotator=annotator,
            text=quoted if isinstance(quoted, str) else None,
        )
        for label in labels
    ]


def _from_utf16(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Code-point offsets for UTF-16 code-unit offsets, or None if they split a character."""
    units = 0
    found: dict[int, int] = {}
    for index, char in enumerate(text):
        if units in (start, end):
            found[units] = index
        if units > end:
            break
        units += 2 if ord(char) > 0xFFFF else 1
    if units in (start, end):
        found[units] = len(text)
    if start in found and end in found:
        return found[start], found[end]
    return None


def _sniff(sample: Sample) -> bool:
    return looks_like_label_studio(sample.stripped)


def _read(path: Path, options: ReadOptions) -> Iterator[DocumentRecord]:
    return read_label_studio(
        path, as_annotator=options.as_annotator, progress=options.progress, tally=options.tally
    )


FORMAT = Format(
    "label-studio",
    "Label Studio JSON",
    (),
    _sniff,
    _read,
    export_label_studio,
    output_suffix=".json",
)
