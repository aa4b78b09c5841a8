"""Relation type schema operations: add, rename, change, delete (audited, like label edits)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from belannot.core.changes import Changes, Edit, Entity
from belannot.core.errors import ConflictError, NotFoundError
from belannot.core.model import User, check_label_name
from belannot.core.operations import apply_edits, run
from belannot.core.relations import RelationType
from belannot.core.schema_kind import SchemaEdit, SchemaKind
from belannot.core.store import Store
from belannot.core.store.rows import relation_to_row


def _summary(relation_type: RelationType) -> dict[str, Any]:
    return {
        "name": relation_type.name,
        "head_labels": list(relation_type.head_labels),
        "tail_labels": list(relation_type.tail_labels),
        "directed": relation_type.directed,
        "color": relation_type.color,
        "hotkey": relation_type.hotkey,
        "description": relation_type.description,
        "position": relation_type.position,
    }


def _changed(*names: str) -> Changes:
    return Changes(relation_types=frozenset(names))


RELATION_TYPES: SchemaKind[RelationType] = SchemaKind(
    entity="relation_type",
    called="relation type",
    get=Store.relation_type,
    insert=Store.add_relation_type,
    put=Store.update_relation_type,
    summary=_summary,
    changed=_changed,
)


@dataclass(frozen=True)
class AddRelationType(SchemaEdit):
    """Add a relation type at the end of the list; its labels must exist."""

    name: str
    head_labels: Sequence[str]
    tail_labels: Sequence[str]
    directed: bool = True
    color: str = "#777777"
    hotkey: str | None = None
    text: str = ""
    action: ClassVar[str] = "add relation type"

    def apply(self, store: Store, user: User) -> Changes:
        RELATION_TYPES.check_free(store, self.name)
        for label in (*self.head_labels, *self.tail_labels):
            if store.label(label) is None:
                raise NotFoundError(f"no label {label!r}")
        if self.hotkey and any(t.hotkey == self.hotkey for t in store.relation_types()):
            raise ConflictError(f"key {self.hotkey!r} is already bound to a relation type")
        relation_type = RelationType(
            name=self.name,
            head_labels=tuple(self.head_labels),
            tail_labels=tuple(self.tail_labels),
            directed=self.directed,
            color=self.color,
            hotkey=self.hotkey or None,
            description=self.text,
            position=len(store.relation_types()),
        )
        return RELATION_TYPES.add(store, user, self.description, self.name, relation_type)


@dataclass(frozen=True)
class RenameRelationType(SchemaEdit):
    """Rename a relation type; its relations (and undo steps naming it) follow."""

    name: str
    new_name: str
    action: ClassVar[str] = "rename relation type"

    def apply(self, store: Store, user: User) -> Changes:
        check_label_name(self.new_name)
        RELATION_TYPES.existing(store, self.name)
        if self.new_name == self.name:
            return Changes()
        RELATION_TYPES.check_free(store, self.new_name)
        changes = RELATION_TYPES.update(
            store, user, self.name, self.description, name=self.new_name
        )
        store.rename_in_history(Entity.RELATION, "type", self.name, self.new_name)
        return changes


@dataclass(frozen=True)
class ChangeRelationType(SchemaEdit):
    """Change a relation type's labels, direction, colour, key or description.

    None leaves a field as it is; an empty ``hotkey`` takes the key away. Narrowing the
    labels is refused while a relation of the type would no longer fit them."""

    name: str
    head_labels: Sequence[str] | None = None
    tail_labels: Sequence[str] | None = None
    directed: bool | None = None
    color: str | None = None
    hotkey: str | None = None
    text: str | None = None
    action: ClassVar[str] = "change relation type"

    def apply(self, store: Store, user: User) -> Changes:
        before = RELATION_TYPES.existing(store, self.name)
        fields: dict[str, Any] = {
            key: value
            for key, value in (
                ("head_labels", None if self.head_labels is None else tuple(self.head_labels)),
                ("tail_labels", None if self.tail_labels is None else tuple(self.tail_labels)),
                ("directed", self.directed),
                ("color", self.color),
                ("description", self.text),
            )
            if value is not None
        }
        if self.hotkey is not None:
            fields["hotkey"] = self.hotkey or None
        after = before.with_changes(**fields)
        for label in {*after.head_labels, *after.tail_labels} - {
            *before.head_labels,
            *before.tail_labels,
        }:
            if store.label(label) is None:
                raise NotFoundError(f"no label {label!r}")
        if after.hotkey and after.hotkey != before.hotkey:
            if any(t.hotkey == after.hotkey for t in store.relation_types()):
                raise ConflictError(f"key {after.hotkey!r} is already bound to a relation type")
        _check_relations_fit(store, after)
        return RELATION_TYPES.update(store, user, self.name, self.description, **fields)


def _check_relations_fit(store: Store, relation_type: RelationType) -> None:
    wrong = 0
    for relation in store.relations_of_type(relation_type.name):
        head, tail = store.span(relation.head), store.span(relation.tail)
        if head is not None and tail is not None:
            wrong += not relation_type.allows(head.label, tail.label)
    if wrong:
        raise ConflictError(
            f"{wrong} relation{'s' if wrong != 1 else ''} of type {relation_type.name!r} "
            "would not fit the new labels; delete them first or keep the labels"
        )


@dataclass(frozen=True)
class DeleteRelationType(SchemaEdit):
    """Delete a relation type; refused while relations have it, unless they go with it."""

    name: str
    delete_relations: bool = False
    action: ClassVar[str] = "delete relation type"

    def apply(self, store: Store, user: User) -> Changes:
        relation_type = RELATION_TYPES.existing(store, self.name)
        relations = store.relations_of_type(self.name)
        if relations and not self.delete_relations:
            count = len(relations)
            raise ConflictError(
                f"relation type {self.name!r} has {count} relation{'s' if count != 1 else ''}; "
                "delete them with it or keep the type"
            )
        changes = _changed(self.name)
        if relations:
            gone = [Edit(Entity.RELATION, relation_to_row(r), None) for r in relations]
            changes |= apply_edits(store, user, f"delete relation of type {self.name}", gone)
        store.delete_relation_type(self.name)
        for position, other in enumerate(store.relation_types()):
            if other.position != position:
                store.update_relation_type(other.name, other.with_changes(position=position))
        RELATION_TYPES.audit(store, user, self.description, self.name, relation_type, None)
        return changes


def add_relation_type(
    store: Store,
    user: User,
    name: str,
    head_labels: Sequence[str],
    tail_labels: Sequence[str],
    **options: Any,
) -> RelationType:
    run(store, AddRelationType(name, tuple(head_labels), tuple(tail_labels), **options), user)
    return RELATION_TYPES.existing(store, name)


def rename_relation_type(store: Store, user: User, name: str, new_name: str) -> RelationType:
    run(store, RenameRelationType(name, new_name), user)
    return RELATION_TYPES.existing(store, new_name)


def delete_relation_type(
    store: Store, user: User, name: str, *, delete_relations: bool = False
) -> None:
    run(store, DeleteRelationType(name, delete_relations), user)
