"""What readers yield: documents and spans that remember the file and line they came from."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from belannot.core.attributes import AttributeDef
from belannot.core.errors import InputError
from belannot.core.model import DocumentMeta, DocumentState, Span, SpanStatus, new_span_id
from belannot.core.relations import RelationType
from belannot.core.store import span_to_row

# fail(message, field=None): an InputError located where the reader is.
Fail = Callable[..., InputError]


def locator(path: str | None, line: int | None) -> Fail:
    """A ``fail`` that places its errors at ``path:line``."""

    def fail(message: str, field: str | None = None) -> InputError:
        return InputError(message, path=path, line=line, field=field)

    return fail


def object_with_text(data: Any, fail: Fail) -> tuple[dict[str, Any], str]:
    """A JSON-lines record: an object whose "text" is a string."""
    if not isinstance(data, dict):
        raise fail(f"expected a JSON object, got {type(data).__name__}")
    text = data.get("text")
    if text is None:
        raise fail("missing", "text")
    if not isinstance(text, str):
        raise fail(f"must be a string, got {type(text).__name__}", "text")
    return data, text


def keyed_objects(
    raw: Any, key: str, required: tuple[str, ...], fail: Fail, not_list: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(place, object) for each item of the list ``raw`` a record holds under ``key``:
    not a list fails with ``not_list``; an item not an object, or lacking one of
    ``required``, fails at its place."""
    if not isinstance(raw, list):
        raise fail(not_list, key)
    for index, item in enumerate(raw):
        where = f"{key}[{index}]"
        if not isinstance(item, dict):
            raise fail("must be an object", where)
        for name in required:
            if name not in item:
                raise fail("missing", f"{where}.{name}")
        yield where, item


@dataclass(slots=True)
class SpanRecord:
    start: int
    end: int
    label: str
    id: str | None = None
    annotator: str | None = None
    status: SpanStatus = SpanStatus.PENDING
    reviewer: str | None = None
    reviewed_at: str | None = None
    created: str | None = None
    updated: str | None = None
    attributes: Mapping[str, Any] = field(default_factory=dict)
    corrects: str | None = None
    # The text the source says the span covers; checked against text[start:end].
    text: str | None = None
    # The actor id (or NIL marker) the span is linked to.
    actor: str | None = None
    # Where the source holds the link, when not at the record's line and ``spans[i].actor``:
    # brat's "N1" on line 9, doccano's "entities[2].actor".
    actor_field: str | None = None
    actor_line: int | None = None
    # A link to another database (brat's "Wikidata:Q7747"): the import links the span to the
    # registry actor whose external reference it is, if any.
    actor_ref: str | None = None
    # Where the source has it, when not at the record's line: brat's "T3" on line 7.
    line: int | None = None
    place: str | None = None


@dataclass(slots=True)
class RelationRecord:
    """A relation as a source gives it: ``head`` and ``tail`` are span ids of its record."""

    type: str
    head: str
    tail: str
    id: str | None = None
    annotator: str | None = None
    status: SpanStatus = SpanStatus.PENDING
    reviewer: str | None = None
    created: str | None = None
    updated: str | None = None
    # Where the source has it, when not at the record's line: brat's "R1" on line 9.
    line: int | None = None
    place: str | None = None
    # False where the source marks the relation symmetric (Label Studio's "bi"): a type
    # --create-labels makes for it is undirected.
    directed: bool = True


@dataclass(slots=True)
class FileSchema:
    """What a schema file beside the documents declares (brat's ``annotation.conf``); made
    under --create-labels, else the project's own schema decides."""

    labels: list[str]
    relation_types: list[RelationType]
    # (label, definition) of each attribute, in the file's order.
    attributes: list[tuple[str, AttributeDef]]
    path: str | None = None


@dataclass(slots=True)
class DocumentRecord:
    text: str
    id: str | None = None
    meta: DocumentMeta = DocumentMeta()
    spans: list[SpanRecord] = field(default_factory=list)
    # None: done for the span annotators when spans are present (an imported layer).
    done: bool | None = None
    states: Mapping[str, DocumentState] = field(default_factory=dict)
    path: str | None = None
    line: int | None = None
    relations: list[RelationRecord] = field(default_factory=list)
    # Attribute values came as text (brat) or loosely typed (Label Studio choices): the
    # import fits them to the label's definitions before it checks them.
    loose_attributes: bool = False
    # What the source held that belannot has no model for, by construct ("brat E lines").
    left_out: Counter[str] = field(default_factory=Counter)
    # The schema file that governs this record and those after it, on the first it governs.
    schema: FileSchema | None = None

    def error(self, message: str, field_name: str | None = None) -> InputError:
        return InputError(message, path=self.path, line=self.line, field=field_name)


def span_ref(span: SpanRecord) -> str:
    """The id a relation record names ``span`` by: its own, else a fresh one given once
    (a source's span names, brat's T1 or a Label Studio region id, repeat across files,
    and span ids are unique in a project)."""
    if span.id is None:
        span.id = new_span_id()
    return span.id


def span_json(span: Span, text: str) -> dict[str, Any]:
    """A span as belannot JSONL writes it, with its text for readers to check."""
    row = span_to_row(span)
    del row["document_id"]
    row["text"] = span.text_in(text)
    return row
