"""Changes to a project's label schema: add, rename, recolour, rebind, reorder, describe, delete.

Each change is an :class:`~belannot.core.operations.Operation`: it checks its rules,
writes in the runner's transaction and appends to the audit log (entity ``label``);
the functions below run one for the terminal and the tests. Schema edits are not on
the per-user undo stack: they change the vocabulary every annotator shares, so they are
audited rather than undone. A deleted label's spans are written as span edits, audited
one by one; they are not undoable either, as their label is gone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar

import orjson

from belannot.core.attributes import declared_only
from belannot.core.changes import Changes, Edit, Entity
from belannot.core.commands import link_removal
from belannot.core.errors import BelannotError, ConflictError, InputError, NotFoundError
from belannot.core.fileio import atomic_write
from belannot.core.model import (
    Guidelines,
    Label,
    LabelFormatError,
    Span,
    User,
    check_hotkey,
    check_label_color,
    check_label_name,
    labels_from_schema,
    labels_to_schema,
    now_iso,
)
from belannot.core.operations import apply_edits, run
from belannot.core.schema_kind import SchemaEdit, SchemaKind
from belannot.core.store import Store, span_to_row
from belannot.core.store.rows import relation_to_row


class SpanPolicy(StrEnum):
    """What happens to a deleted label's spans."""

    REFUSE = "refuse"
    REASSIGN = "reassign"
    DELETE = "delete"


def _summary(label: Label) -> dict[str, Any]:
    """What the audit log keeps of a label: all of it, so any change can be traced back."""
    return {
        "name": label.name,
        "color": label.color,
        "hotkey": label.hotkey,
        "description": label.description,
        "position": label.position,
        "guidelines": label.guidelines.to_json(),
        "attributes": [definition.to_json() for definition in label.attributes],
    }


def _check_key_free(store: Store, hotkey: str | None, owner: str | None) -> None:
    if hotkey is None:
        return
    for label in store.labels():
        if label.hotkey == hotkey and label.name != owner:
            raise ConflictError(f"key {hotkey!r} is already bound to label {label.name!r}")


def _changed(*names: str) -> Changes:
    return Changes(labels=frozenset(names))


LABELS: SchemaKind[Label] = SchemaKind(
    entity="label",
    called="label",
    get=Store.label,
    insert=Store.add_label,
    put=Store.update_label,
    summary=_summary,
    changed=_changed,
)
_existing = LABELS.existing
_audit = LABELS.audit
_update = LABELS.update
_SchemaEdit = SchemaEdit


@dataclass(frozen=True)
class AddLabel(_SchemaEdit):
    """Add a label at the end of the schema."""

    name: str
    color: str
    hotkey: str | None = None
    text: str = ""
    guidelines: Guidelines | None = None
    action: ClassVar[str] = "add label"

    def apply(self, store: Store, user: User) -> Changes:
        LABELS.check_free(store, self.name)
        _check_key_free(store, self.hotkey, None)
        label = Label(
            name=self.name,
            color=self.color,
            hotkey=self.hotkey or None,
            description=self.text,
            position=len(store.labels()),
            guidelines=self.guidelines or Guidelines(),
        )
        return LABELS.add(store, user, self.description, self.name, label)


@dataclass(frozen=True)
class RenameLabel(_SchemaEdit):
    """Rename a label; its spans (and undo steps that mention it) follow."""

    name: str
    new_name: str
    action: ClassVar[str] = "rename label"

    def apply(self, store: Store, user: User) -> Changes:
        check_label_name(self.new_name)
        if self.new_name == self.name:
            _existing(store, self.name)
            return Changes()
        LABELS.check_free(store, self.new_name)
        changes = _update(store, user, self.name, self.description, name=self.new_name)
        store.rename_label_in_history(self.name, self.new_name)
        store.rename_label_in_relation_types(self.name, self.new_name)
        return changes


@dataclass(frozen=True)
class RecolorLabel(_SchemaEdit):
    name: str
    color: str
    action: ClassVar[str] = "recolour label"

    def apply(self, store: Store, user: User) -> Changes:
        color = check_label_color(self.color)
        return _update(store, user, self.name, self.description, color=color)


@dataclass(frozen=True)
class RebindHotkey(_SchemaEdit):
    """Bind ``hotkey`` to the label (None unbinds); refuses a key bound to another label."""

    name: str
    hotkey: str | None
    action: ClassVar[str] = "rebind label key"

    def apply(self, store: Store, user: User) -> Changes:
        hotkey = check_hotkey(self.hotkey or None)
        _check_key_free(store, hotkey, self.name)
        return _update(store, user, self.name, self.description, hotkey=hotkey)


@dataclass(frozen=True)
class DescribeLabel(_SchemaEdit):
    """Change the one-line description and/or the guidelines (None leaves one as it is)."""

    name: str
    text: str | None = None
    guidelines: Guidelines | None = None
    action: ClassVar[str] = "describe label"

    def apply(self, store: Store, user: User) -> Changes:
        changes: dict[str, Any] = {}
        if self.text is not None:
            changes["description"] = self.text
        if self.guidelines is not None:
            changes["guidelines"] = self.guidelines
        return _update(store, user, self.name, self.description, **changes)


@dataclass(frozen=True)
class MoveLabel(_SchemaEdit):
    """Move a label to ``position`` (0 is first; past the end means last)."""

    name: str
    position: int
    action: ClassVar[str] = "move label"

    def apply(self, store: Store, user: User) -> Changes:
        labels = store.labels()
        names = [label.name for label in labels]
        if self.name not in names:
            raise NotFoundError(f"no label {self.name!r}")
        if self.position < 0:
            raise BelannotError(f"position {self.position} must not be negative")
        before = names.index(self.name)
        names.remove(self.name)
        names.insert(min(self.position, len(names)), self.name)
        if names.index(self.name) == before and [label.position for label in labels] == list(
            range(len(labels))
        ):
            return Changes()
        store.set_label_positions(names)
        store.append_audit(
            user=user.name,
            action=self.description,
            entity="label",
            entity_id=self.name,
            before={"order": [label.name for label in labels]},
            after={"order": names},
        )
        return _changed(*names)


@dataclass(frozen=True)
class DeleteLabel(_SchemaEdit):
    """Delete a label. Its spans block it unless reassigned or deleted (span edits, audited)."""

    name: str
    policy: SpanPolicy = SpanPolicy.REFUSE
    reassign_to: str | None = None
    action: ClassVar[str] = "delete label"

    def apply(self, store: Store, user: User) -> Changes:
        name = self.name
        label = _existing(store, name)
        spans = store.spans_with_label(name)
        if spans and self.policy is SpanPolicy.REFUSE:
            raise ConflictError(
                f"label {name!r} has {len(spans)} span{'s' if len(spans) != 1 else ''}; "
                "reassign them to another label or delete them with the label"
            )
        changes = _changed(name)
        if self.policy is SpanPolicy.REASSIGN:
            if self.reassign_to is None or self.reassign_to == name:
                raise BelannotError("choose another label to reassign the spans to")
            target = _existing(store, self.reassign_to)
            _check_reassigned_relations(store, name, self.reassign_to, spans)
            stamp = now_iso()
            # Links go where the label is not an actor label, as when one span is relabelled.
            unlinked = [] if self.reassign_to in store.actor_labels() else [
                edit for span in spans for edit in link_removal(store, span.id)
            ]
            moved = unlinked + [
                Edit(
                    Entity.SPAN,
                    span_to_row(span),
                    span_to_row(
                        span.with_changes(
                            label=self.reassign_to,
                            # Only what the new label declares, as when one span is relabelled.
                            attributes=declared_only(target.attributes, span.attributes),
                            updated=stamp,
                        )
                    ),
                )
                for span in spans
            ]
            action = f"reassign span from deleted label {name}"
            changes |= apply_edits(store, user, action, moved)
        elif self.policy is SpanPolicy.DELETE:
            # The spans' relations first, so that they are audited rather than cascaded.
            links = {r.id: r for span in spans for r in store.span_relations(span.id)}
            gone = [Edit(Entity.RELATION, relation_to_row(r), None) for r in links.values()]
            gone += [edit for span in spans for edit in link_removal(store, span.id)]
            gone += [Edit(Entity.SPAN, span_to_row(span), None) for span in spans]
            changes |= apply_edits(store, user, f"delete span with label {name}", gone)
        store.delete_label(name)
        store.set_label_positions([other.name for other in store.labels()])
        _audit(store, user, self.description, name, label, None)
        return changes


def _check_reassigned_relations(store: Store, name: str, other: str, spans: Sequence[Span]) -> None:
    """Refuse a reassignment that would leave a relation joining labels its type forbids."""
    for span in spans:
        for relation in store.span_relations(span.id):
            relation_type = store.relation_type(relation.type)
            head, tail = store.span(relation.head), store.span(relation.tail)
            if relation_type is None or head is None or tail is None:
                continue
            labels = [other if s.label == name else s.label for s in (head, tail)]
            if not relation_type.allows(*labels):
                raise ConflictError(
                    f"a {relation.type} relation cannot join {labels[0]} to {labels[1]}: "
                    f"delete the relations of label {name!r}'s spans first"
                )


def _differs(before: Label, label: Label) -> bool:
    """Whether an imported label changes a known one in more than its position."""
    return replace(before, position=label.position) != label


@dataclass(frozen=True)
class ApplyLabelSchema(_SchemaEdit):
    """Merge a label schema: add new labels, update known ones, keep the rest.

    The schema's labels come first, in its order; labels it does not name keep their
    order after them. All or nothing.
    """

    incoming: Sequence[Label]
    source: str = ""
    action: ClassVar[str] = "import label"

    def apply(self, store: Store, user: User) -> Changes:
        incoming = self.incoming
        current = {label.name: label for label in store.labels()}
        named = {label.name for label in incoming}
        kept = [label for label in current.values() if label.name not in named]
        order = [label.name for label in incoming] + [label.name for label in kept]
        keys: dict[str, str] = {}
        for label in [*incoming, *kept]:
            if label.hotkey is None:
                continue
            if label.hotkey in keys:
                raise ConflictError(
                    f"{self.source or 'the schema'}: key {label.hotkey!r} would be bound to "
                    f"both {keys[label.hotkey]!r} and {label.name!r}"
                )
            keys[label.hotkey] = label.name
        # Unbind first so that two labels may swap keys inside the transaction.
        store.clear_label_hotkeys([label.name for label in incoming if label.name in current])
        for label in incoming:
            label = replace(label, position=order.index(label.name))
            before = current.get(label.name)
            if before is None:
                store.add_label(label)
                _audit(store, user, self.description, label.name, None, label)
            else:
                store.update_label(label.name, label)
                if _differs(before, label):
                    _audit(store, user, self.description, label.name, before, label)
        store.set_label_positions(order)
        return _changed(*order)


# The functions the terminal and the tests call: each runs one operation.


def add_label(
    store: Store,
    user: User,
    name: str,
    color: str,
    *,
    hotkey: str | None = None,
    description: str = "",
    guidelines: Guidelines | None = None,
) -> Label:
    """Add a label at the end of the schema."""
    run(store, AddLabel(name, color, hotkey, description, guidelines), user)
    return _existing(store, name)


def rename_label(store: Store, user: User, name: str, new_name: str) -> Label:
    """Rename a label; its spans (and undo steps that mention it) follow."""
    run(store, RenameLabel(name, new_name), user)
    return _existing(store, new_name)


def recolor_label(store: Store, user: User, name: str, color: str) -> Label:
    run(store, RecolorLabel(name, color), user)
    return _existing(store, name)


def rebind_hotkey(store: Store, user: User, name: str, hotkey: str | None) -> Label:
    """Bind ``hotkey`` to the label (None unbinds); refuses a key bound to another label."""
    run(store, RebindHotkey(name, hotkey), user)
    return _existing(store, name)


def describe_label(
    store: Store,
    user: User,
    name: str,
    *,
    description: str | None = None,
    guidelines: Guidelines | None = None,
) -> Label:
    """Change the one-line description and/or the guidelines (None leaves one as it is)."""
    run(store, DescribeLabel(name, description, guidelines), user)
    return _existing(store, name)


def move_label(store: Store, user: User, name: str, position: int) -> list[Label]:
    """Move a label to ``position`` (0 is first; past the end means last)."""
    run(store, MoveLabel(name, position), user)
    return store.labels()


def delete_label(
    store: Store,
    user: User,
    name: str,
    *,
    policy: SpanPolicy = SpanPolicy.REFUSE,
    reassign_to: str | None = None,
) -> int:
    """Delete a label. Its spans block it unless reassigned or deleted; returns how many."""
    changes = run(store, DeleteLabel(name, policy, reassign_to), user)
    return len(changes.span_ids)


def export_labels(store: Store, path: Path, *, overwrite: bool = False) -> int:
    """Write the project's label schema, guidelines included, as JSON; returns the count."""
    labels = store.labels()
    with atomic_write(path, overwrite=overwrite) as handle:
        handle.write(orjson.dumps(labels_to_schema(labels), option=orjson.OPT_INDENT_2) + b"\n")
    return len(labels)


def read_label_schema(path: Path) -> tuple[Label, ...]:
    try:
        data = orjson.loads(path.read_bytes())
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=path) from error
    except orjson.JSONDecodeError as error:
        raise InputError(f"not JSON: {error}", path=path) from error
    try:
        return labels_from_schema(data)
    except LabelFormatError as error:
        raise InputError(error.problem, path=path, field=error.field) from error


def import_labels(store: Store, user: User, path: Path) -> tuple[int, int]:
    """Merge a label schema file: add new labels, update known ones, keep the rest.

    The file's labels come first, in its order; labels it does not name keep their
    order after them. All or nothing. Returns (added, updated).
    """
    incoming = read_label_schema(path)
    return apply_label_schema(store, user, incoming, source=str(path))


def apply_label_schema(
    store: Store, user: User, incoming: tuple[Label, ...], *, source: str = ""
) -> tuple[int, int]:
    """Merge ``incoming`` (see :class:`ApplyLabelSchema`); returns (added, updated)."""
    with store.transaction():
        current = {label.name: label for label in store.labels()}
        run(store, ApplyLabelSchema(incoming, source), user)
    added = sum(1 for label in incoming if label.name not in current)
    updated = sum(
        1 for label in incoming if label.name in current and _differs(current[label.name], label)
    )
    return added, updated
