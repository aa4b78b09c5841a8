"""belannot JSONL's relations, and the fields its reader knows (the rest are refused)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any

from belannot.core.formats.records import Fail, RelationRecord, SpanRecord
from belannot.core.model import SpanStatus
from belannot.core.store.exports import RELATION_JSON_FIELDS

# "suggestions" (written by export --include-suggestions) is read and left out: a
# suggestion is never a span.
RECORD_FIELDS = frozenset(
    ("id", "text", "meta", "spans", "done", "states", "relations", "suggestions")
)
SPAN_FIELDS = frozenset(
    (
        "id",
        "start",
        "end",
        "label",
        "text",
        "annotator",
        "status",
        "reviewer",
        "reviewed_at",
        "created",
        "updated",
        "attributes",
        "corrects",
        "actor",
    )
)
# The fields a relation has in belannot JSONL, in the order the export writes them.
RELATION_FIELDS = RELATION_JSON_FIELDS
_RELATION_FIELD_SET = frozenset(RELATION_FIELDS)
_SKIP = "unknown field (--ignore-unknown skips the fields this version does not know)"
_STATUSES = {status.value: status for status in SpanStatus}


def check_known(data: dict[str, Any], fail: Fail) -> None:
    """Refuse a record or span field the reader does not know, naming it."""
    if not data.keys() <= RECORD_FIELDS:
        raise fail(_SKIP, min(data.keys() - RECORD_FIELDS))
    spans = data.get("spans")
    if type(spans) is not list:
        return  # the span parser says what is wrong
    known = SPAN_FIELDS
    try:
        # Every key of every span in one pass at C speed: the usual record stops here.
        if known.issuperset(chain.from_iterable(spans)):
            return
    except TypeError:
        pass  # an item that is not an object: the loop below and the span parser say which
    for index, span in enumerate(spans):
        if type(span) is dict and not span.keys() <= known:
            raise fail(_SKIP, f"spans[{index}].{min(span.keys() - known)}")


def _string(item: dict[str, Any], name: str, where: str, fail: Fail, required: bool) -> str | None:
    value = item.get(name)
    if value is None:
        if required:
            raise fail("missing", f"{where}.{name}")
        return None
    if not isinstance(value, str) or (required and not value):
        raise fail(f"must be a non-empty string, got {value!r}", f"{where}.{name}")
    return value


def parse_relations(
    raw: Any, spans: Sequence[SpanRecord], fail: Fail, ignore_unknown: bool
) -> list[RelationRecord]:
    """A record's relations; each end must be the id of one of the record's spans."""
    if not isinstance(raw, list):
        raise fail(f"must be a list, got {type(raw).__name__}", "relations")
    span_ids = {span.id for span in spans if span.id is not None}
    records = []
    for index, item in enumerate(raw):
        where = f"relations[{index}]"
        if not isinstance(item, dict):
            raise fail("must be an object", where)
        if not ignore_unknown and not item.keys() <= _RELATION_FIELD_SET:
            raise fail(_SKIP, f"{where}.{min(item.keys() - _RELATION_FIELD_SET)}")
        values = {
            name: _string(item, name, where, fail, name in ("type", "head", "tail"))
            for name in RELATION_FIELDS
            if name != "status"
        }
        for end in ("head", "tail"):
            if values[end] not in span_ids:
                raise fail(f"no span {values[end]!r} in this record", f"{where}.{end}")
        status_raw = item.get("status") or SpanStatus.PENDING.value
        status = _STATUSES.get(status_raw) if isinstance(status_raw, str) else None
        if status is None:
            raise fail(
                f"unknown status {status_raw!r} (pending, approved or rejected)", f"{where}.status"
            )
        records.append(RelationRecord(status=status, **values))  # type: ignore[arg-type]
    return records


def add_actors(spans: list[dict[str, Any]], links: dict[str, str]) -> int:
    """Give each linked span of a record its ``actor``; unlinked spans stay as they were.
    The number of links written."""
    if not links:
        return 0
    written = 0
    for span in spans:
        actor = links.get(span["id"])
        if actor is not None:
            span["actor"] = actor
            written += 1
    return written
