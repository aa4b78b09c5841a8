"""Prodigy's ``rel.manual`` relations: ``head``/``child`` the last token of each span.

``rel.manual`` also links bare tokens (a ``*_span`` whose ``label`` is null, a dependency
arc): belannot's relations join spans, so such a relation is counted, not imported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from belannot.core.formats.records import Fail, RelationRecord, SpanRecord, keyed_objects
from belannot.core.relations import Relation


def relations_json(
    relations: Sequence[Relation], span_dicts: Mapping[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The relations whose both ends are among ``span_dicts`` (span id → its task dict)."""
    written = []
    for relation in relations:
        head, child = span_dicts.get(relation.head), span_dicts.get(relation.tail)
        if head is None or child is None:
            continue
        written.append(
            {
                "head": head["token_end"],
                "child": child["token_end"],
                "head_span": head,
                "child_span": child,
                "label": relation.type,
            }
        )
    return written


# The relations a task holds between tokens that are no span.
ON_TOKENS = "Prodigy relations with an end on a token that is no span"


def parse_relations(
    raw: Any,
    raw_spans: list[Any],
    spans: Sequence[SpanRecord],
    annotator: str | None,
    fail: Fail,
) -> tuple[list[RelationRecord], int]:
    """A task's relations, each end found by its ``*_span`` or else by its token; and how
    many relations were left out for an end on a bare token."""
    records = []
    on_tokens = 0
    items = keyed_objects(raw, "relations", ("head", "child", "label"), fail, "must be a list")
    for where, item in items:
        label = item["label"]
        if not isinstance(label, str) or not label:
            raise fail(f"must be a relation type, got {label!r}", f"{where}.label")
        head = _end(item, "head", raw_spans, spans, where, fail)
        tail = _end(item, "child", raw_spans, spans, where, fail)
        if head is None or tail is None:
            on_tokens += 1
            continue
        records.append(RelationRecord(type=label, head=head, tail=tail, annotator=annotator))
    return records, on_tokens


def _end(
    item: dict[str, Any],
    name: str,
    raw_spans: list[Any],
    spans: Sequence[SpanRecord],
    where: str,
    fail: Fail,
) -> str | None:
    token = item[name]
    if isinstance(token, bool) or not isinstance(token, int):
        raise fail(f"must be a token index, got {token!r}", f"{where}.{name}")
    given = item.get(f"{name}_span")
    if isinstance(given, dict):
        key = (given.get("start"), given.get("end"), given.get("label"))
        for span in spans:
            if (span.start, span.end, span.label) == key:
                return _id(span)
        if "label" in given and given["label"] is None:
            return None  # a bare token, no span: the relation is counted, not imported
    # Two spans can end at one token (overlaps): only a *_span tells them apart.
    ending = [
        span
        for span, raw in zip(spans, raw_spans, strict=True)
        if isinstance(raw, dict) and raw.get("token_end") == token
    ]
    if not ending:
        raise fail(f"no span ends at token {token}", f"{where}.{name}")
    if len(ending) > 1:
        raise fail(
            f"{len(ending)} spans end at token {token}; {name}_span must say which",
            f"{where}.{name}",
        )
    return _id(ending[0])


def _id(span: SpanRecord) -> str:
    assert span.id is not None  # the reader gives every span of a task with relations an id
    return span.id
