"""Undoable relation edits, and reviewers' decisions on relations.

A relation joins two spans of one document and one layer: the annotator's own spans,
or, for a reviewer, their own spans and the gold (approved spans). Its type must
allow the head's label at the head and the tail's label at the tail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from belannot.core.changes import Edit, Entity
from belannot.core.commands import Command, _existing_span, check_annotator
from belannot.core.errors import ConflictError, NotFoundError, PermissionDeniedError, found
from belannot.core.model import Role, Span, SpanStatus, User, ValidationError, new_span_id, now_iso
from belannot.core.relations import Relation, RelationType
from belannot.core.review import ReviewCommand
from belannot.core.store import Store
from belannot.core.store.rows import relation_to_row


def existing_relation(store: Store, relation_id: str) -> Relation:
    return found(store.relation(relation_id), NotFoundError(f"no relation {relation_id!r}"))


def existing_relation_type(store: Store, name: str) -> RelationType:
    return found(store.relation_type(name), ValidationError(f"unknown relation type {name!r}"))


def in_layer(span: Span, user: User) -> bool:
    """Whether ``user`` may link ``span``: their own, or for a reviewer also the gold."""
    if span.annotator == user.name:
        return True
    return user.role is Role.REVIEWER and span.status is SpanStatus.APPROVED


def _check_in_layer(span: Span, user: User) -> None:
    if in_layer(span, user):
        return
    layer = "their own spans or the gold" if user.role is Role.REVIEWER else "their own spans"
    raise PermissionDeniedError(
        f"{user.name} can link only {layer}; span {span.id!r} is {span.annotator}'s"
    )


def _check_relation_owner(relation: Relation, user: User) -> None:
    check_annotator(relation.annotator, user, "relation")


def check_link(
    store: Store, relation_type: RelationType, head: Span, tail: Span, annotator: str
) -> None:
    """The rules a new relation or a new type must obey (not the layer: callers check it)."""
    if head.id == tail.id:
        raise ValidationError("a relation joins two different spans")
    if head.document_id != tail.document_id:
        raise ValidationError("a relation joins two spans of the same document")
    relation_type.check_allows(head.label, tail.label)
    for other in store.span_relations(head.id):
        if other.type != relation_type.name or other.annotator != annotator:
            continue
        same = other.ends() == (head.id, tail.id)
        if same or (not relation_type.directed and other.ends() == (tail.id, head.id)):
            raise ConflictError(f"this {relation_type.name} relation exists already")


@dataclass(frozen=True)
class AddRelation(Command):
    head: str
    tail: str
    type: str
    relation_id: str | None = None

    @property
    def description(self) -> str:
        return f"Add {self.type} relation"

    def edits(self, store: Store, user: User) -> list[Edit]:
        relation_type = existing_relation_type(store, self.type)
        head, tail = _existing_span(store, self.head), _existing_span(store, self.tail)
        _check_in_layer(head, user)
        _check_in_layer(tail, user)
        check_link(store, relation_type, head, tail, user.name)
        if self.relation_id is not None and store.relation(self.relation_id) is not None:
            raise ConflictError(f"relation id {self.relation_id!r} is taken")
        stamp = now_iso()
        relation = Relation(
            id=self.relation_id or new_span_id(),
            document_id=head.document_id,
            type=relation_type.name,
            head=head.id,
            tail=tail.id,
            annotator=user.name,
            created=stamp,
            updated=stamp,
        )
        return [Edit(Entity.RELATION, None, relation_to_row(relation))]


@dataclass(frozen=True)
class DeleteRelation(Command):
    relation_id: str
    description: ClassVar[str] = "Delete relation"

    def edits(self, store: Store, user: User) -> list[Edit]:
        relation = existing_relation(store, self.relation_id)
        _check_relation_owner(relation, user)
        return [Edit(Entity.RELATION, relation_to_row(relation), None)]


@dataclass(frozen=True)
class ChangeRelationType(Command):
    relation_id: str
    type: str

    @property
    def description(self) -> str:
        return f"Change relation to {self.type}"

    def edits(self, store: Store, user: User) -> list[Edit]:
        relation = existing_relation(store, self.relation_id)
        _check_relation_owner(relation, user)
        if relation.type == self.type:
            return []
        relation_type = existing_relation_type(store, self.type)
        head, tail = _existing_span(store, relation.head), _existing_span(store, relation.tail)
        check_link(store, relation_type, head, tail, relation.annotator)
        changed = relation.with_changes(type=relation_type.name, updated=now_iso())
        return [Edit(Entity.RELATION, relation_to_row(relation), relation_to_row(changed))]


@dataclass(frozen=True)
class _RelationDecision(ReviewCommand):
    relation_id: str
    status: ClassVar[SpanStatus]

    def edits(self, store: Store, user: User) -> list[Edit]:
        relation = existing_relation(store, self.relation_id)
        if relation.status is self.status:
            return []
        decided = relation.with_changes(status=self.status, reviewer=user.name, updated=now_iso())
        return [Edit(Entity.RELATION, relation_to_row(relation), relation_to_row(decided))]


class ApproveRelation(_RelationDecision):
    """Put the relation into the gold."""

    description: ClassVar[str] = "Approve relation"
    status: ClassVar[SpanStatus] = SpanStatus.APPROVED


class RejectRelation(_RelationDecision):
    """Keep the relation out of the gold."""

    description: ClassVar[str] = "Reject relation"
    status: ClassVar[SpanStatus] = SpanStatus.REJECTED
