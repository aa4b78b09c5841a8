"""Row mapping: each entity's stored fields declared once; columns, SQL and pack/unpack derived."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, NamedTuple

import orjson

from belannot.core.attributes import definitions_from_json
from belannot.core.model import Document, DocumentMeta, Guidelines, Label, Span, SpanStatus
from belannot.core.relations import Relation, RelationType


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


def loads(value: str | None) -> Any:
    return orjson.loads(value) if value else None


_EMPTY_OBJECTS = ("{}", "", None)


def json_object(value: str | None) -> dict[str, Any]:
    """A stored JSON object column (attributes, meta) as a dict; empty when unset."""
    if value in _EMPTY_OBJECTS:
        return {}
    loaded: dict[str, Any] = orjson.loads(value)
    return loaded


def attributes_json(attributes: Mapping[str, Any]) -> str:
    return dumps(dict(attributes)) if attributes else "{}"


def quoted(columns: Sequence[str], table: str = "") -> str:
    """``columns`` as a select or insert list (quoted: ``end`` is an SQL keyword)."""
    prefix = f"{table}." if table else ""
    return ", ".join(f'{prefix}"{column}"' for column in columns)


def assignments(columns: Sequence[str]) -> str:
    return ", ".join(f'"{column}" = ?' for column in columns)


def insert_sql(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({quoted(columns)}) VALUES ({', '.join('?' * len(columns))})"


def upsert_sql(table: str, columns: Sequence[str], key: Sequence[str]) -> str:
    """Insert, or overwrite the row with the same ``key``: an update in place (unlike
    SQLite's INSERT OR REPLACE, which deletes first), written the same in both dialects."""
    rest = [column for column in columns if column not in key]
    sets = ", ".join(f'"{column}" = excluded."{column}"' for column in rest)
    return f"{insert_sql(table, columns)} ON CONFLICT ({quoted(key)}) DO UPDATE SET {sets}"


# -- spans -------------------------------------------------------------------------

# The one list: a span's columns are the model's fields, in the model's order.
SPAN_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Span))
STATUSES = {status.value: status for status in SpanStatus}


@dataclass(frozen=True, slots=True)
class _Stored:
    """How a field differs between the model, the JSON row and the column ('{}' = value)."""

    row: str = "{}"
    column: str = "{}"
    model: str = "{}"


# The fields not stored as they are; every other field is the same in all three forms.
_SPAN_STORAGE = {
    "status": _Stored(row="{}.value", column="{}.value", model="_STATUSES[{}]"),
    "attributes": _Stored(row="dict({})", column="_attributes_json({})", model="_json_object({})"),
}

SPAN_COLUMNS = quoted(SPAN_FIELDS)
SPAN_COLUMNS_QUALIFIED = quoted(SPAN_FIELDS, "s")
INSERT_SPAN = insert_sql("spans", SPAN_FIELDS)
SELECT_SPANS = f"SELECT {SPAN_COLUMNS} FROM spans"


def _compile(name: str, lines: list[str], space: dict[str, Any]) -> Callable[..., Any]:
    # Generated once at import, as dataclasses does: a call per field and no loop, which is
    # what reading a 10,000-span document and exporting a million spans spend their time on.
    exec("\n".join(lines), space)
    function: Callable[..., Any] = space[name]
    return function


def _storage(name: str) -> _Stored:
    return _SPAN_STORAGE.get(name, _Stored())


_SPACE: dict[str, Any] = {
    "_new": object.__new__,
    "_Span": Span,
    "_STATUSES": STATUSES,
    "_json_object": json_object,
    "_attributes_json": attributes_json,
    # Span is a frozen dataclass: its __init__ pays a guarded object.__setattr__ per field.
    # Rows fill the slots directly instead, through the slot descriptors' setters.
    **{f"_set_{name}": getattr(Span, name).__set__ for name in SPAN_FIELDS},
}

span_from_tuple: Callable[[Sequence[Any]], Span] = _compile(
    "span_from_tuple",
    [
        "def span_from_tuple(row):",
        "    span = _new(_Span)",
        *(
            f"    _set_{name}(span, {_storage(name).model.format(f'row[{i}]')})"
            for i, name in enumerate(SPAN_FIELDS)
        ),
        "    return span",
    ],
    dict(_SPACE),
)
span_from_tuple.__doc__ = "A span from a row in SPAN_COLUMNS order, without a dict or __init__."

# One document's spans as Store.spans reads them: every column but document_id (the one
# asked for, shared by every span instead of 10,000 strings made from the rows) and an
# empty attributes object as NULL (no string made): ~3 ms less of a 10,000-span open.
DOCUMENT_SPAN_FIELDS = tuple(name for name in SPAN_FIELDS if name != "document_id")
SELECT_DOCUMENT_SPANS = "SELECT {} FROM spans".format(
    ", ".join(
        "nullif(attributes, '{}')" if name == "attributes" else f'"{name}"'
        for name in DOCUMENT_SPAN_FIELDS
    )
)
_IN_DOCUMENT_ROW = {name: f"row[{i}]" for i, name in enumerate(DOCUMENT_SPAN_FIELDS)}
document_span_from_tuple: Callable[[Sequence[Any], str], Span] = _compile(
    "document_span_from_tuple",
    [
        "def document_span_from_tuple(row, document_id):",
        "    span = _new(_Span)",
        *(
            f"    _set_{name}(span, "
            f"{_storage(name).model.format(_IN_DOCUMENT_ROW.get(name, 'document_id'))})"
            for name in SPAN_FIELDS
        ),
        "    return span",
    ],
    dict(_SPACE),
)
document_span_from_tuple.__doc__ = "A span of ``document_id`` from a row of SELECT_DOCUMENT_SPANS."

span_to_row: Callable[[Span], dict[str, Any]] = _compile(
    "span_to_row",
    [
        "def span_to_row(span):",
        "    return {",
        *(
            f"        {name!r}: {_storage(name).row.format(f'span.{name}')},"
            for name in SPAN_FIELDS
        ),
        "    }",
    ],
    dict(_SPACE),
)
span_to_row.__doc__ = "A span as the JSON-able row the history and audit store."

span_values: Callable[[Span], tuple[Any, ...]] = _compile(
    "span_values",
    [
        "def span_values(span):",
        "    return (",
        *(f"        {_storage(name).column.format(f'span.{name}')}," for name in SPAN_FIELDS),
        "    )",
    ],
    dict(_SPACE),
)
span_values.__doc__ = "A span as the values of INSERT_SPAN."


def span_from_row(row: Mapping[str, Any]) -> Span:
    """A span from its JSON-able row (attributes as a dict, or as the stored JSON text)."""
    values = dict(row)
    attributes = values["attributes"]
    if isinstance(attributes, str):
        values["attributes"] = {} if attributes == "{}" else orjson.loads(attributes)
    values["status"] = STATUSES[values["status"]]
    return Span(**{name: values[name] for name in SPAN_FIELDS})


def span_row_values(row: Mapping[str, Any]) -> list[Any]:
    """A span's JSON-able row as column values, in the row's own order."""
    values = dict(row)
    values["attributes"] = dumps(values["attributes"])
    return list(values.values())


class SpanRow(NamedTuple):
    """A span as stored, cheap to build: status is the text, attributes the JSON text."""

    id: str
    document_id: str
    start: int
    end: int
    label: str
    annotator: str
    status: str
    reviewer: str | None
    reviewed_at: str | None
    created: str
    updated: str
    attributes: str
    corrects: str | None
    position: int


# A SpanRow's fields as a plain tuple.
SpanTuple = tuple[
    str, str, int, int, str, str, str, str | None, str | None, str, str, str, str | None, int
]

# The typed shapes above mirror SPAN_FIELDS (types need a literal); refuse to run if they drift.
if SpanRow._fields != (*SPAN_FIELDS, "position"):  # pragma: no cover
    raise TypeError(f"SpanRow's fields {SpanRow._fields} do not follow the span's {SPAN_FIELDS}")

# Spans sort by (start, end, label, annotator, id), as Store.spans returns them.
SPAN_ORDER = operator.itemgetter(
    *(SPAN_FIELDS.index(name) for name in ("start", "end", "label", "annotator", "id"))
)
# The same order in a row of SELECT_DOCUMENT_SPANS.
DOCUMENT_SPAN_ORDER = operator.itemgetter(
    *(DOCUMENT_SPAN_FIELDS.index(name) for name in ("start", "end", "label", "annotator", "id"))
)
# In a row of SPAN_COLUMNS followed by the document's position: that position.
SPAN_POSITION = operator.itemgetter(len(SPAN_FIELDS))

# -- relations ---------------------------------------------------------------------

# A relation's columns are the model's fields, in its order; only status differs.
RELATION_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Relation))
_RELATION_STATUS = RELATION_FIELDS.index("status")
SELECT_RELATIONS = f"SELECT {quoted(RELATION_FIELDS)} FROM relations"
INSERT_RELATION = insert_sql("relations", RELATION_FIELDS)


def relation_from_tuple(row: Sequence[Any]) -> Relation:
    values = list(row)
    values[_RELATION_STATUS] = STATUSES[values[_RELATION_STATUS]]
    return Relation(*values)


def relation_to_row(relation: Relation) -> dict[str, Any]:
    """A relation as the JSON-able row the history and audit store."""
    row = {name: getattr(relation, name) for name in RELATION_FIELDS}
    row["status"] = relation.status.value
    return row


def relation_from_row(row: Mapping[str, Any]) -> Relation:
    return relation_from_tuple([row[name] for name in RELATION_FIELDS])


def relation_values(relation: Relation) -> tuple[Any, ...]:
    return tuple(relation_to_row(relation).values())


RELATION_TYPE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(RelationType))
SELECT_RELATION_TYPES = f"SELECT {quoted(RELATION_TYPE_FIELDS)} FROM relation_types"
INSERT_RELATION_TYPE = insert_sql("relation_types", RELATION_TYPE_FIELDS)
UPDATE_RELATION_TYPE = (
    f"UPDATE relation_types SET {assignments(RELATION_TYPE_FIELDS)} WHERE name = ?"
)
_LABEL_LISTS = ("head_labels", "tail_labels")


def relation_type_from_row(row: Sequence[Any]) -> RelationType:
    values = dict(zip(RELATION_TYPE_FIELDS, row, strict=True))
    for name in _LABEL_LISTS:
        values[name] = tuple(loads(values[name]))
    values["directed"] = bool(values["directed"])
    return RelationType(**values)


def relation_type_values(relation_type: RelationType) -> list[Any]:
    """A relation type as the values of INSERT_RELATION_TYPE (and the first of UPDATE_…)."""
    values = []
    for name in RELATION_TYPE_FIELDS:
        value = getattr(relation_type, name)
        if name in _LABEL_LISTS:
            value = dumps(list(value))
        elif name == "directed":
            value = int(value)
        values.append(value)
    return values


# -- documents ----------------------------------------------------------------------

_META_FIELDS = tuple(f.name for f in fields(DocumentMeta) if f.name != "extra")
# What document_from_row reads, in its order: id, text, the meta fields, meta's extra.
DOCUMENT_COLUMNS = f"d.id, t.text, {quoted(_META_FIELDS, 'd')}, d.meta"
DOCUMENT_COLUMN_COUNT = len(_META_FIELDS) + 3
DOCUMENT_INSERT_FIELDS = (
    "id",
    "position",
    *_META_FIELDS,
    "content_hash",
    "char_count",
    "meta",
    "created",
)
INSERT_DOCUMENT = insert_sql("documents", DOCUMENT_INSERT_FIELDS)
INSERT_TEXT = insert_sql("document_texts", ("document_id", "text"))
SELECT_DOCUMENTS = (
    f"SELECT {DOCUMENT_COLUMNS} FROM documents d JOIN document_texts t ON t.document_id = d.id"
)


def document_from_row(row: Sequence[Any]) -> Document:
    meta = dict(zip(_META_FIELDS, row[2:-1], strict=True))
    return Document(row[0], row[1], DocumentMeta(**meta, extra=json_object(row[-1])))


def document_values(
    document: Document, *, position: int, content_hash: str, created: str
) -> tuple[Any, ...]:
    """A document as the values of INSERT_DOCUMENT."""
    meta = document.meta
    return (
        document.id,
        position,
        *(getattr(meta, name) for name in _META_FIELDS),
        content_hash,
        len(document.text),
        dumps(dict(meta.extra)),
        created,
    )


# -- document states, audit ----------------------------------------------------------

STATE_FIELDS = ("document_id", "annotator", "state", "updated")
WRITE_STATE = upsert_sql("document_states", STATE_FIELDS, ("document_id", "annotator"))
SELECT_STATE = f"SELECT {quoted(STATE_FIELDS)} FROM document_states"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: str
    user: str
    action: str
    entity: str
    entity_id: str
    document_id: str | None
    before: Any
    after: Any


AUDIT_FIELDS = tuple(f.name for f in fields(AuditEntry))


def audit_from_row(row: Sequence[Any]) -> AuditEntry:
    values = dict(zip(AUDIT_FIELDS, row, strict=True))
    values["before"], values["after"] = loads(values["before"]), loads(values["after"])
    return AuditEntry(**values)


INSERT_AUDIT = insert_sql("audit", AUDIT_FIELDS[1:])
SELECT_AUDIT = f"SELECT {quoted(AUDIT_FIELDS)} FROM audit"

# -- labels --------------------------------------------------------------------------

LABEL_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Label))
SELECT_LABELS = f"SELECT {quoted(LABEL_FIELDS)} FROM labels"
INSERT_LABEL = insert_sql("labels", LABEL_FIELDS)
UPDATE_LABEL = f"UPDATE labels SET {assignments(LABEL_FIELDS)} WHERE name = ?"


# The label fields stored as JSON text: how each is read back and written.
_LABEL_JSON: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "guidelines": (Guidelines.from_json, lambda guidelines: guidelines.to_json()),
    "attributes": (definitions_from_json, lambda defs: [d.to_json() for d in defs]),
}


def label_from_row(row: Sequence[Any]) -> Label:
    values = dict(zip(LABEL_FIELDS, row, strict=True))
    for name, (read, _) in _LABEL_JSON.items():
        values[name] = read(loads(values[name]))
    return Label(**values)


def label_values(label: Label) -> list[Any]:
    """A label as the values of INSERT_LABEL (and the first of UPDATE_LABEL)."""
    return [
        dumps(_LABEL_JSON[name][1](getattr(label, name)))
        if name in _LABEL_JSON
        else getattr(label, name)
        for name in LABEL_FIELDS
    ]
