"""Undoable edits: the operations that turn the current state into a list of row edits.

A command checks its rules against the store (offsets in range, the label
exists, the user may touch the span) and returns :class:`Edit` rows; run as an
operation it applies them in one transaction, records them on the user's undo
stack and writes them to the audit log.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from belannot.core.attributes import check_attributes, declared_only, missing_required
from belannot.core.changes import Changes, Edit, Entity
from belannot.core.errors import NotFoundError, PermissionDeniedError, found
from belannot.core.model import (
    DocumentState,
    Label,
    Span,
    User,
    ValidationError,
    check_offsets,
    new_span_id,
    now_iso,
)
from belannot.core.operations import Operation, apply_edits
from belannot.core.store import Store, span_to_row
from belannot.core.store.rows import relation_to_row


class Command(Operation):
    """An undoable edit; ``edits`` computes it against the current state."""

    @abstractmethod
    def edits(self, store: Store, user: User) -> list[Edit]:
        """The row edits this command makes now; raises if it may not."""

    def apply(self, store: Store, user: User) -> Changes:
        if store.user(user.name) is None:
            store.add_user(user)
        edits = self.edits(store, user)
        if not edits:
            return Changes()
        changes = apply_edits(store, user, self.description, edits)
        store.push_history(user.name, self.description, edits)
        return changes


def _existing_span(store: Store, span_id: str) -> Span:
    span = store.span(span_id)
    if span is None:  # the audit is asked only then
        raise missing_span(store, span_id)
    return span


def missing_span(store: Store, span_id: str) -> NotFoundError:
    """The refusal of a span id the project lacks: one plain sentence when someone deleted
    it meanwhile (a reviewer deciding what its annotator just removed)."""
    who = store.deleted_by(Entity.SPAN, span_id)
    if who is None:
        return NotFoundError(f"no span {span_id!r}")
    return NotFoundError(
        f"span {span_id} is no longer in the project: {who} deleted it; nothing was changed"
    )


def check_annotator(annotator: str, user: User, thing: str) -> None:
    """Only the annotator of a span or relation (``thing``) may change it."""
    if annotator != user.name:
        raise PermissionDeniedError(
            f"{user.name} cannot change a {thing} of {annotator}; only its annotator can"
        )


def _check_owner(span: Span, user: User) -> None:
    check_annotator(span.annotator, user, "span")


def _check_range(store: Store, document_id: str, start: int, end: int) -> None:
    # The stored length, not the text: a 1 MB text read per edit costs milliseconds.
    check_offsets(store.document_length(document_id), start, end)


def _check_label(store: Store, label: str) -> Label:
    return found(store.label(label), ValidationError(f"unknown label {label!r}"))


def _check_relations_allow(store: Store, span: Span, label: str) -> None:
    """A relabelled span's relations must still fit their types."""
    for relation in store.span_relations(span.id):
        relation_type = store.relation_type(relation.type)
        other = store.span(relation.tail if relation.head == span.id else relation.head)
        if relation_type is None or other is None:
            continue
        head, tail = (label, other.label) if relation.head == span.id else (other.label, label)
        if not relation_type.allows(head, tail):
            raise ValidationError(
                f"the span's {relation.type} relation does not allow {label}: delete it first"
            )


def link_removal(store: Store, span_id: str) -> list[Edit]:
    """The edit dropping a span's actor link (a deleted or relabelled span), if it has one."""
    before = store.span_link_row(span_id)
    return [] if before is None else [Edit(Entity.ACTOR_LINK, before, None)]


def _state_edit(store: Store, document_id: str, annotator: str, state: DocumentState) -> Edit:
    before = store.document_state_row(document_id, annotator)
    after = {
        "document_id": document_id,
        "annotator": annotator,
        "state": state.value,
        "updated": now_iso(),
    }
    return Edit(Entity.DOCUMENT_STATE, before, after)


def _mark_in_progress(store: Store, document_id: str, annotator: str) -> list[Edit]:
    """Touching a new document starts it; a done one stays done."""
    if store.document_state(document_id, annotator) is DocumentState.NEW:
        return [_state_edit(store, document_id, annotator, DocumentState.IN_PROGRESS)]
    return []


@dataclass(frozen=True)
class AddSpan(Command):
    document_id: str
    start: int
    end: int
    label: str
    attributes: Mapping[str, Any] = field(default_factory=dict)
    span_id: str | None = None

    @property
    def description(self) -> str:
        return f"Add {self.label} span"

    def edits(self, store: Store, user: User) -> list[Edit]:
        _check_range(store, self.document_id, self.start, self.end)
        check_attributes(self.label, _check_label(store, self.label).attributes, self.attributes)
        stamp = now_iso()
        span = Span(
            id=self.span_id or new_span_id(),
            document_id=self.document_id,
            start=self.start,
            end=self.end,
            label=self.label,
            annotator=user.name,
            created=stamp,
            updated=stamp,
            attributes=dict(self.attributes),
        )
        return [
            Edit(Entity.SPAN, None, span_to_row(span)),
            *_mark_in_progress(store, self.document_id, user.name),
        ]


@dataclass(frozen=True)
class DeleteSpan(Command):
    span_id: str
    description: ClassVar[str] = "Delete span"

    def edits(self, store: Store, user: User) -> list[Edit]:
        span = _existing_span(store, self.span_id)
        _check_owner(span, user)
        # Its relations go first, in the same step: undo puts the span back, then them.
        relations = [
            Edit(Entity.RELATION, relation_to_row(relation), None)
            for relation in store.span_relations(span.id)
        ]
        return [
            *relations,
            *link_removal(store, span.id),
            Edit(Entity.SPAN, span_to_row(span), None),
        ]


@dataclass(frozen=True)
class UpdateSpan(Command):
    """Relabel, move either boundary, or change the attributes of one's own span."""

    span_id: str
    start: int | None = None
    end: int | None = None
    label: str | None = None
    attributes: Mapping[str, Any] | None = None

    @property
    def description(self) -> str:
        if self.label is not None and self.start is None and self.end is None:
            return f"Relabel span as {self.label}"
        if self.start is not None or self.end is not None:
            return "Move span boundary"
        return "Edit span attributes"

    def edits(self, store: Store, user: User) -> list[Edit]:
        span = _existing_span(store, self.span_id)
        _check_owner(span, user)
        start = span.start if self.start is None else self.start
        end = span.end if self.end is None else self.end
        _check_range(store, span.document_id, start, end)
        label = span.label if self.label is None else self.label
        definitions = _check_label(store, label).attributes
        if label != span.label:
            _check_relations_allow(store, span, label)
        if self.attributes is not None:
            attributes = dict(self.attributes)
            check_attributes(label, definitions, attributes)
        elif label != span.label:
            # A new label keeps only the attributes it declares (undo brings the rest back).
            attributes = declared_only(definitions, span.attributes)
        else:
            attributes = dict(span.attributes)
        updated = span.with_changes(
            start=start, end=end, label=label, attributes=attributes, updated=now_iso()
        )
        if updated.with_changes(updated=span.updated) == span:
            return []
        # A span relabelled out of the actor labels leaves its link (undo brings it back).
        unlinked = [] if label in store.actor_labels() else link_removal(store, span.id)
        return [*unlinked, Edit(Entity.SPAN, span_to_row(span), span_to_row(updated))]


@dataclass(frozen=True)
class SetDocumentState(Command):
    """Mark a document new, in progress or done for the user running the command."""

    document_id: str
    state: DocumentState

    @property
    def description(self) -> str:
        return f"Mark document {self.state.value.replace('_', ' ')}"

    def edits(self, store: Store, user: User) -> list[Edit]:
        if not store.has_document(self.document_id):
            raise NotFoundError(f"no document {self.document_id!r}")
        if store.document_state(self.document_id, user.name) is self.state:
            return []
        if self.state is DocumentState.DONE:
            _check_required(store, self.document_id, user.name)
        return [_state_edit(store, self.document_id, user.name, self.state)]


def _check_required(store: Store, document_id: str, annotator: str) -> None:
    """Refuse 'done' while any of the annotator's spans lacks a required attribute."""
    labels = {label.name: label for label in store.labels()}
    if not any(d.required for label in labels.values() for d in label.attributes):
        return
    missing = []
    for span in store.spans(document_id):
        label = labels.get(span.label)
        if span.annotator != annotator or label is None:
            continue
        names = missing_required(label.attributes, span.attributes)
        if names:
            missing.append(f"{span.label} [{span.start}, {span.end}) needs {', '.join(names)}")
    if missing:
        raise ValidationError(
            f"cannot mark the document done: {len(missing)} span"
            f"{'s' if len(missing) != 1 else ''} missing required attributes: " + "; ".join(missing)
        )


@dataclass(frozen=True)
class Batch(Command):
    """Several commands as one undo step ('label every match')."""

    name: str
    commands: Sequence[Command]

    @property
    def description(self) -> str:
        return self.name

    def edits(self, store: Store, user: User) -> list[Edit]:
        # Each command sees the state the earlier ones leave, so they are planned
        # and applied in turn by History; here we only plan commands that do not
        # depend on each other's results.
        planned: list[Edit] = []
        for command in self.commands:
            if command.required_role is not None and user.role is not command.required_role:
                raise PermissionDeniedError(
                    f"{command.description} needs a {command.required_role}"
                )
            planned.extend(command.edits(store, user))
        return _merge_state_edits(planned)


def _merge_state_edits(edits: list[Edit]) -> list[Edit]:
    """Keep only the first state edit per (document, annotator): later ones repeat it."""
    seen: set[tuple[str, str]] = set()
    merged: list[Edit] = []
    for edit in edits:
        if edit.entity is Entity.DOCUMENT_STATE:
            key = (edit.row["document_id"], edit.row["annotator"])
            if key in seen:
                continue
            seen.add(key)
        merged.append(edit)
    return merged
