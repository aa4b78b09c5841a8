"""The labels, relation types and attributes a file uses: made by --create-labels, else all
named at once when the project lacks them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from belannot.core.attribute_edits import AddAttribute
from belannot.core.attributes import NOTE_ATTRIBUTE, AttributeDef, AttributeKind
from belannot.core.errors import BelannotError, InputError
from belannot.core.formats.records import DocumentRecord, FileSchema, SpanRecord
from belannot.core.importing.relations import relation_error
from belannot.core.importing.report import ImportReport
from belannot.core.model import User
from belannot.core.operations import run
from belannot.core.relation_type_edits import AddRelationType, ChangeRelationType
from belannot.core.schema_edits import AddLabel
from belannot.core.store import Store

# Okabe–Ito first (the default labels' palette, readable under colour-vision deficiencies),
# then Paul Tol's muted scheme.
PALETTE = (
    "#0072B2", "#E69F00", "#CC79A7", "#009E73", "#D55E00", "#56B4E9", "#F0E442",
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677",
    "#882255", "#AA4499",
)  # fmt: skip
# Single keys no window action binds: labels take digits only.
HOTKEYS = tuple("1234567890")
_CREATE = "pass --create-labels to add them, or add them to the schema first"


@dataclass(slots=True)
class FileLabels:
    """What one import's records name, against the project's schema."""

    store: Store
    user: User
    # The import's view of the labels (name → attribute definitions), kept current.
    labels: dict[str, Sequence[AttributeDef]]
    report: ImportReport
    create: bool = False
    # Unknown label → the record and span index where it first appears.
    unknown: dict[str, tuple[DocumentRecord, int]] = field(default_factory=dict)
    # Unknown relation type → the record and relation index where it first appears.
    unknown_types: dict[str, tuple[DocumentRecord, int]] = field(default_factory=dict)
    made_types: set[str] = field(default_factory=set)
    made_labels: set[str] = field(default_factory=set)

    def admit(self, record: DocumentRecord) -> bool:
        """Whether ``record`` may be stored: its labels exist, or are made now."""
        if self.create and record.schema is not None:
            self._add_schema(record.schema)
        for index, span in enumerate(record.spans):
            if span.label in self.labels or not isinstance(span.label, str):
                continue
            if not self.create:
                self.unknown.setdefault(span.label, (record, index))
            else:
                self._add_label(record, span, index)
        if not self.create:
            self._note_unknown_types(record)
        if self.unknown or self.unknown_types:
            return False  # nothing more is stored: the import fails once all are named
        if self.create:
            self._add_attributes(record)
            self._add_relation_types(record)
        return True

    def admit_label(self, name: str) -> bool:
        """Whether a suggestion's label exists, or is made now: an unknown one is no error."""
        if name in self.labels:
            return True
        if not self.create or not isinstance(name, str):
            return False
        try:
            self._make_label(name)
        except BelannotError:
            return False
        return True

    def refuse_unknown(self) -> None:
        """Raise, naming every unknown label at once (the first where it appears)."""
        if not self.unknown:
            self._refuse_unknown_types()
            return
        (first, (record, index)), *others = self.unknown.items()
        known = ", ".join(sorted(self.labels)) or "none"
        message = f"unknown label {first!r} (known: {known})"
        if others:
            message += f"; also unknown: {', '.join(repr(name) for name, _ in others)}"
        raise _error(record, index, f"{message}; {_CREATE}")

    def _note_unknown_types(self, record: DocumentRecord) -> None:
        for index, item in enumerate(record.relations):
            if item.type not in self.unknown_types and self.store.relation_type(item.type) is None:
                self.unknown_types[item.type] = (record, index)

    def _refuse_unknown_types(self) -> None:
        if not self.unknown_types:
            return
        (first, (record, index)), *others = self.unknown_types.items()
        message = f"unknown relation type {first!r}"
        if others:
            message += f"; also unknown: {', '.join(repr(name) for name, _ in others)}"
        raise relation_error(record, index, f"{message}; {_CREATE}", "type")

    def _made(self, kind: str, name: str) -> None:
        self.report.created.setdefault(kind, []).append(name)

    def _add_label(self, record: DocumentRecord, span: SpanRecord, index: int) -> None:
        try:
            self._make_label(span.label)
        except BelannotError as error:
            raise _error(record, index, str(error)) from error

    def _make_label(self, name: str) -> None:
        existing = self.store.labels()
        colours = {label.color.upper() for label in existing}
        keys = {label.hotkey for label in existing}
        colour = next((c for c in PALETTE if c not in colours), PALETTE[len(existing) % 16])
        key = next((k for k in HOTKEYS if k not in keys), None)
        run(self.store, AddLabel(name, colour, key), self.user)
        self.labels[name] = ()
        self.made_labels.add(name)
        self._made("labels", name)

    def _add_schema(self, schema: FileSchema) -> None:
        """Make what a schema file declares and the project lacks; attributes only on the
        labels made here (a label of the project's own keeps its definitions)."""
        try:
            for name in schema.labels:
                if name not in self.labels:
                    self._make_label(name)
            for kind in schema.relation_types:
                if self.store.relation_type(kind.name) is None:
                    add = AddRelationType(
                        kind.name, kind.head_labels, kind.tail_labels, kind.directed
                    )
                    run(self.store, add, self.user)
                    self.made_types.add(kind.name)
                    self._made("relation types", kind.name)
            for label, definition in schema.attributes:
                declared = {d.name for d in self.labels.get(label, ())}
                if label in self.made_labels and definition.name not in declared:
                    run(self.store, AddAttribute(label, definition), self.user)
                    self.labels[label] = (*self.labels.get(label, ()), definition)
                    self._made("attributes", f"{label}.{definition.name}")
        except BelannotError as error:
            raise InputError(str(error), path=schema.path) from error

    def _add_attributes(self, record: DocumentRecord) -> None:
        for index, span in enumerate(record.spans):
            if not span.attributes:
                continue
            declared = {d.name for d in self.labels.get(span.label, ())}
            if not declared and span.label not in self.made_labels:
                continue  # a free-form label of the project's own stays free-form
            for name, value in span.attributes.items():
                if name in declared or name == NOTE_ATTRIBUTE:
                    continue  # every span may hold a note, declared or not
                kind = _kind(value)
                if kind is None:
                    continue  # a list or an object: a free-form label keeps it as it is
                definition = AttributeDef(name, kind)
                try:
                    run(self.store, AddAttribute(span.label, definition), self.user)
                except BelannotError as error:
                    raise _error(record, index, str(error), f".attributes.{name}") from error
                self.labels[span.label] = (*self.labels.get(span.label, ()), definition)
                declared.add(name)
                self._made("attributes", f"{span.label}.{name}")

    def _add_relation_types(self, record: DocumentRecord) -> None:
        if not record.relations:
            return
        label_of = {span.id: span.label for span in record.spans if span.id is not None}
        for item in record.relations:
            head, tail = label_of.get(item.head), label_of.get(item.tail)
            if head is None or tail is None:
                continue  # the import names the missing end
            found = self.store.relation_type(item.type)
            if found is None:
                made = AddRelationType(item.type, (head,), (tail,), directed=item.directed)
                run(self.store, made, self.user)
                self.made_types.add(item.type)
                self._made("relation types", item.type)
            elif item.type in self.made_types and not found.allows(head, tail):
                change = ChangeRelationType(
                    item.type,
                    head_labels=_grown(found.head_labels, head),
                    tail_labels=_grown(found.tail_labels, tail),
                )
                run(self.store, change, self.user)


def _grown(labels: tuple[str, ...], label: str) -> tuple[str, ...]:
    return labels if label in labels else (*labels, label)


def _kind(value: Any) -> AttributeKind | None:
    if isinstance(value, bool):
        return AttributeKind.BOOL
    if isinstance(value, int | float):
        return AttributeKind.NUMBER
    if isinstance(value, str):
        return AttributeKind.TEXT
    return None


def _error(record: DocumentRecord, index: int, message: str, below: str = "") -> InputError:
    """An error at a span's label: its own line and name (brat's T3), else the record's."""
    span = record.spans[index]
    if span.place is not None:
        line = span.line if span.line is not None else record.line
        return InputError(message, path=record.path, line=line, field=span.place + below)
    return record.error(message, f"spans[{index}]{below or '.label'}")
