"""Changes to a label's attribute definitions: add, change, remove (audited, like label edits).

Like the other schema edits they are not undoable. Removing a definition takes its
values off the label's spans as audited span edits; changing one is refused while a
span holds a value the new definition would not take.
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass, replace
from typing import ClassVar

from belannot.core.attributes import AttributeDef, check_unique
from belannot.core.changes import Changes, Edit, Entity
from belannot.core.errors import ConflictError, NotFoundError
from belannot.core.model import Label, User, ValidationError, now_iso
from belannot.core.operations import apply_edits, run
from belannot.core.schema_edits import _audit, _changed, _existing, _SchemaEdit
from belannot.core.store import Store, span_to_row


def _store_definitions(
    store: Store, user: User, action: str, label: Label, definitions: tuple[AttributeDef, ...]
) -> Changes:
    check_unique(definitions)
    after = replace(label, attributes=definitions)
    if after == label:
        return Changes()
    store.update_label(label.name, after)
    _audit(store, user, action, label.name, label, after)
    return _changed(label.name)


@dataclass(frozen=True)
class _DefinitionEdit(_SchemaEdit):
    """Look the label up, work out its new definitions, then write and audit them."""

    label: str
    definition: AttributeDef

    def apply(self, store: Store, user: User) -> Changes:
        label = _existing(store, self.label)
        definitions = self._definitions(store, label)
        return _store_definitions(store, user, self.description, label, definitions)

    @abstractmethod
    def _definitions(self, store: Store, label: Label) -> tuple[AttributeDef, ...]:
        """The label's definitions after this edit; raises if it may not be made."""


@dataclass(frozen=True)
class AddAttribute(_DefinitionEdit):
    """Declare a new attribute on a label (after its others)."""

    action: ClassVar[str] = "add label attribute"

    def _definitions(self, store: Store, label: Label) -> tuple[AttributeDef, ...]:
        if label.attribute(self.definition.name) is not None:
            raise ConflictError(
                f"label {label.name!r} already has an attribute {self.definition.name!r}"
            )
        if not label.attributes:
            # The first definition closes a free-form label: its spans' values must fit.
            _check_values(store, label.name, (self.definition,))
        return (*label.attributes, self.definition)


@dataclass(frozen=True)
class ChangeAttribute(_DefinitionEdit):
    """Replace the definition of the label's attribute with the same name."""

    action: ClassVar[str] = "change label attribute"

    def _definitions(self, store: Store, label: Label) -> tuple[AttributeDef, ...]:
        name = self.definition.name
        if label.attribute(name) is None:
            raise NotFoundError(f"label {label.name!r} has no attribute {name!r}")
        definitions = tuple(self.definition if d.name == name else d for d in label.attributes)
        _check_values(store, label.name, definitions)
        return definitions


@dataclass(frozen=True)
class RemoveAttribute(_SchemaEdit):
    """Remove an attribute from a label; its values leave the label's spans."""

    label: str
    name: str
    action: ClassVar[str] = "remove label attribute"

    def apply(self, store: Store, user: User) -> Changes:
        label = _existing(store, self.label)
        if label.attribute(self.name) is None:
            raise NotFoundError(f"label {label.name!r} has no attribute {self.name!r}")
        stamp = now_iso()
        edits = [
            Edit(
                Entity.SPAN,
                span_to_row(span),
                span_to_row(
                    span.with_changes(
                        attributes={k: v for k, v in span.attributes.items() if k != self.name},
                        updated=stamp,
                    )
                ),
            )
            for span in store.spans_with_label(label.name)
            if self.name in span.attributes
        ]
        changes = Changes()
        if edits:
            action = f"remove attribute {self.name} of label {label.name}"
            changes = apply_edits(store, user, action, edits)
        definitions = tuple(d for d in label.attributes if d.name != self.name)
        return changes | _store_definitions(store, user, self.description, label, definitions)


def _check_values(store: Store, label: str, definitions: tuple[AttributeDef, ...]) -> None:
    declared = {d.name: d for d in definitions}
    wrong = 0
    first = ""
    for span in store.spans_with_label(label):
        for name, value in span.attributes.items():
            definition = declared.get(name)
            try:
                if definition is None:
                    raise ValidationError(f"attribute {name!r} would not be declared")
                definition.check(value)
            except ValidationError as error:
                wrong += 1
                first = first or str(error)
    if wrong:
        raise ConflictError(
            f"{wrong} value{'s' if wrong != 1 else ''} of label {label!r} would not fit "
            f"(first: {first}); change or clear them first"
        )


def add_attribute(store: Store, user: User, label: str, definition: AttributeDef) -> Label:
    run(store, AddAttribute(label, definition), user)
    return _existing(store, label)


def change_attribute(store: Store, user: User, label: str, definition: AttributeDef) -> Label:
    run(store, ChangeAttribute(label, definition), user)
    return _existing(store, label)


def remove_attribute(store: Store, user: User, label: str, name: str) -> int:
    """Remove the attribute; returns how many spans lost a value."""
    changes = run(store, RemoveAttribute(label, name), user)
    return len(changes.span_ids)
