"""Label Studio results beyond span labels: relations, and per-region results for attributes
and actor links.

Written: a span's attributes as results sharing its region id (``from_name`` = the
attribute's name): a choice as ``choices``, a yes/no as ``choices`` ``["true"]`` or
``["false"]``, a number as ``number``, a date or text as ``textarea``; each relation as
``{"from_id": head, "to_id": tail, "type": "relation", "direction": "right", "labels":
[type]}``, ``"bi"`` for a symmetric type. Read: ``choices``, ``textarea``, ``number``,
``datetime`` and ``rating`` results on a span's region become its attributes (the import
fits ``"true"`` to a yes/no); relations with ``direction`` ``left`` point from ``to_id``
to ``from_id``. Results on a region that is no span (a whole-task choice) are skipped.

A span's actor link is a per-region ``choices`` result named ``actor`` holding the actor
id (or NIL marker): ``{"id": REGION, "from_name": "actor", "type": "choices", "value":
{…, "choices": ["putin"]}}``, what a ``<Choices name="actor" perRegion="true">`` whose
options are the registry gives. Read back from ``choices`` or ``textarea``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import orjson

from belannot.core.attributes import AttributeDef, AttributeKind
from belannot.core.errors import InputError
from belannot.core.formats.records import RelationRecord, SpanRecord, span_ref
from belannot.core.relations import Relation
from belannot.core.store import SpanRow

# The results that carry a region's value, and the key of the value they carry.
REGION_TYPES = {
    "choices": "choices",
    "textarea": "text",
    "number": "number",
    "datetime": "datetime",
    "rating": "rating",
}
_DIRECTIONS = ("right", "left", "bi")
# The from_name of the per-region result that holds a span's actor link.
ACTOR_FROM_NAME = "actor"

Fail = Callable[[str, str], InputError]


def region_results(
    span: SpanRow, text: str, definitions: Mapping[str, AttributeDef]
) -> list[dict[str, Any]]:
    """One result per attribute of ``span``, sharing its region id."""
    if span.attributes in ("{}", "", None):
        return []
    place = {"start": span.start, "end": span.end, "text": text[span.start : span.end]}
    results = []
    for name, value in orjson.loads(span.attributes).items():
        kind, written = _written(value, definitions.get(name))
        results.append(
            {
                "id": span.id,
                "from_name": name,
                "to_name": "text",
                "type": kind,
                "origin": "manual",
                "value": {**place, REGION_TYPES[kind]: written},
            }
        )
    return results


def actor_result(span: SpanRow, text: str, actor: str) -> dict[str, Any]:
    """The per-region result that links ``span`` to ``actor`` (an id or NIL marker)."""
    return {
        "id": span.id,
        "from_name": ACTOR_FROM_NAME,
        "to_name": "text",
        "type": "choices",
        "origin": "manual",
        "value": {
            "start": span.start,
            "end": span.end,
            "text": text[span.start : span.end],
            "choices": [actor],
        },
    }


def put_actor(spans: list[SpanRecord], result: dict[str, Any], place: str, fail: Fail) -> None:
    """Link the region's ``spans`` to the actor an ``actor`` result holds; ``place``: the
    result's JSON path, where an import names an unknown actor."""
    key = REGION_TYPES[result["type"]]
    actor = region_value(result, fail)
    if not isinstance(actor, str) or not actor:
        raise fail(f"must be one actor id, got {actor!r}", f".value.{key}")
    for span in spans:
        span.actor, span.actor_field = actor, f"{place}.value.{key}"


def _written(value: Any, definition: AttributeDef | None) -> tuple[str, Any]:
    if isinstance(value, bool):
        return "choices", ["true" if value else "false"]
    if isinstance(value, int | float):
        return "number", value
    if definition is not None and definition.kind is AttributeKind.CHOICE:
        return "choices", [value]
    if isinstance(value, str):
        return "textarea", [value]
    return "textarea", [orjson.dumps(value).decode("utf-8")]  # a free-form list or object


def relation_result(relation: Relation, directed: bool) -> dict[str, Any]:
    return {
        "from_id": relation.head,
        "to_id": relation.tail,
        "type": "relation",
        "direction": "right" if directed else "bi",
        "labels": [relation.type],
    }


def region_value(result: dict[str, Any], fail: Fail) -> Any:
    """The attribute value a per-region result holds: one choice or text alone, else the list."""
    key = REGION_TYPES[result["type"]]
    value = result.get("value")
    if not isinstance(value, dict) or key not in value:
        raise fail("missing", f".value.{key}")
    held = value[key]
    if isinstance(held, list) and len(held) == 1:
        return held[0]
    return held


def relation_records(
    result: dict[str, Any],
    regions: Callable[[str], SpanRecord | None],
    annotator: str | None,
    place: str,
    fail: Fail,
) -> list[RelationRecord]:
    """The relations one ``relation`` result makes: one per label; ``regions`` finds a span."""
    labels = result.get("labels")
    if not isinstance(labels, list) or not labels:
        raise fail("a relation needs its type: a non-empty list", ".labels")
    direction = result.get("direction", "right")
    if direction not in _DIRECTIONS:
        raise fail(f"must be right, left or bi, got {direction!r}", ".direction")
    ends = []
    for key in ("from_id", "to_id"):
        region = result.get(key)
        span = regions(region) if isinstance(region, str) else None
        if span is None:
            raise fail(f"no region {region!r} labelled in this task", f".{key}")
        ends.append(span_ref(span))
    head, tail = ends if direction != "left" else ends[::-1]
    records = []
    for label in labels:
        if not isinstance(label, str) or not label:
            raise fail("must be a list of relation type names", ".labels")
        records.append(
            RelationRecord(
                label, head, tail, annotator=annotator, place=place, directed=direction != "bi"
            )
        )
    return records
