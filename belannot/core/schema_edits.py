"""Changes to a project's label schema: add, rename, recolour, rebind, reorder, describe, delete.

Each function checks its rules, writes in one transaction and appends to the audit log
(entity ``label``). Schema edits are not on the per-user undo stack: they change the
vocabulary every annotator shares, so they are audited rather than undone.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson

from belannot.core.errors import BelannotError, ConflictError, InputError, NotFoundError
from belannot.core.fileio import atomic_write
from belannot.core.model import (
    Guidelines,
    Label,
    LabelFormatError,
    User,
    check_hotkey,
    check_label_color,
    check_label_name,
    labels_from_schema,
    labels_to_schema,
    now_iso,
)
from belannot.core.store import Store, span_to_row


class SpanPolicy(StrEnum):
    """What happens to a deleted label's spans."""

    REFUSE = "refuse"
    REASSIGN = "reassign"
    DELETE = "delete"


def _existing(store: Store, name: str) -> Label:
    label = store.label(name)
    if label is None:
        raise NotFoundError(f"no label {name!r}")
    return label


def _summary(label: Label) -> dict[str, Any]:
    """What the audit log keeps of a label: all of it, so any change can be traced back."""
    return {
        "name": label.name,
        "color": label.color,
        "hotkey": label.hotkey,
        "description": label.description,
        "position": label.position,
        "guidelines": label.guidelines.to_json(),
    }


def _audit(
    store: Store, user: User, action: str, name: str, before: Label | None, after: Label | None
) -> None:
    store.append_audit(
        user=user.name,
        action=action,
        entity="label",
        entity_id=name,
        before=None if before is None else _summary(before),
        after=None if after is None else _summary(after),
    )


def _check_key_free(store: Store, hotkey: str | None, owner: str | None) -> None:
    if hotkey is None:
        return
    for label in store.labels():
        if label.hotkey == hotkey and label.name != owner:
            raise ConflictError(f"key {hotkey!r} is already bound to label {label.name!r}")


def _update(store: Store, user: User, name: str, action: str, /, **changes: Any) -> Label:
    with store.transaction():
        before = _existing(store, name)
        after = replace(before, **changes)
        if after == before:
            return before
        store.update_label(name, after)
        _audit(store, user, action, name, before, after)
    return after


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
    with store.transaction():
        if store.label(name) is not None:
            raise ConflictError(f"a label called {name!r} already exists")
        _check_key_free(store, hotkey, None)
        label = Label(
            name=name,
            color=color,
            hotkey=hotkey or None,
            description=description,
            position=len(store.labels()),
            guidelines=guidelines or Guidelines(),
        )
        store.add_label(label)
        _audit(store, user, "add label", name, None, label)
    return label


def rename_label(store: Store, user: User, name: str, new_name: str) -> Label:
    """Rename a label; its spans (and undo steps that mention it) follow."""
    check_label_name(new_name)
    if new_name == name:
        return _existing(store, name)
    with store.transaction():
        if store.label(new_name) is not None:
            raise ConflictError(f"a label called {new_name!r} already exists")
        label = _update(store, user, name, "rename label", name=new_name)
        store.rename_label_in_history(name, new_name)
    return label


def recolor_label(store: Store, user: User, name: str, color: str) -> Label:
    return _update(store, user, name, "recolour label", color=check_label_color(color))


def rebind_hotkey(store: Store, user: User, name: str, hotkey: str | None) -> Label:
    """Bind ``hotkey`` to the label (None unbinds); refuses a key bound to another label."""
    hotkey = check_hotkey(hotkey or None)
    with store.transaction():
        _check_key_free(store, hotkey, name)
        return _update(store, user, name, "rebind label key", hotkey=hotkey)


def describe_label(
    store: Store,
    user: User,
    name: str,
    *,
    description: str | None = None,
    guidelines: Guidelines | None = None,
) -> Label:
    """Change the one-line description and/or the guidelines (None leaves one as it is)."""
    changes: dict[str, Any] = {}
    if description is not None:
        changes["description"] = description
    if guidelines is not None:
        changes["guidelines"] = guidelines
    return _update(store, user, name, "describe label", **changes)


def move_label(store: Store, user: User, name: str, position: int) -> list[Label]:
    """Move a label to ``position`` (0 is first; past the end means last)."""
    with store.transaction():
        labels = store.labels()
        names = [label.name for label in labels]
        if name not in names:
            raise NotFoundError(f"no label {name!r}")
        if position < 0:
            raise BelannotError(f"position {position} must not be negative")
        before = names.index(name)
        names.remove(name)
        names.insert(min(position, len(names)), name)
        if names.index(name) != before or [label.position for label in labels] != list(
            range(len(labels))
        ):
            store.set_label_positions(names)
            store.append_audit(
                user=user.name,
                action="move label",
                entity="label",
                entity_id=name,
                before={"order": [label.name for label in labels]},
                after={"order": names},
            )
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
    with store.transaction():
        label = _existing(store, name)
        spans = store.spans_with_label(name)
        if spans and policy is SpanPolicy.REFUSE:
            raise ConflictError(
                f"label {name!r} has {len(spans)} span{'s' if len(spans) != 1 else ''}; "
                "reassign them to another label or delete them with the label"
            )
        if policy is SpanPolicy.REASSIGN:
            if reassign_to is None or reassign_to == name:
                raise BelannotError("choose another label to reassign the spans to")
            _existing(store, reassign_to)
            stamp = now_iso()
            store.relabel_all_spans(name, reassign_to, stamp)
            for span in spans:
                moved = span.with_changes(label=reassign_to, updated=stamp)
                store.append_audit(
                    user=user.name,
                    action=f"reassign span from deleted label {name}",
                    entity="span",
                    entity_id=span.id,
                    document_id=span.document_id,
                    before=span_to_row(span),
                    after=span_to_row(moved),
                )
        elif policy is SpanPolicy.DELETE:
            store.delete_spans_with_label(name)
            for span in spans:
                store.append_audit(
                    user=user.name,
                    action=f"delete span with label {name}",
                    entity="span",
                    entity_id=span.id,
                    document_id=span.document_id,
                    before=span_to_row(span),
                )
        store.delete_label(name)
        store.set_label_positions([other.name for other in store.labels()])
        _audit(store, user, "delete label", name, label, None)
    return len(spans)


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
    with store.transaction():
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
                    f"{source or 'the schema'}: key {label.hotkey!r} would be bound to both "
                    f"{keys[label.hotkey]!r} and {label.name!r}"
                )
            keys[label.hotkey] = label.name
        # Unbind first so that two labels may swap keys inside the transaction.
        store.clear_label_hotkeys([label.name for label in incoming if label.name in current])
        added = updated = 0
        for label in incoming:
            label = replace(label, position=order.index(label.name))
            before = current.get(label.name)
            if before is None:
                store.add_label(label)
                _audit(store, user, "import label", label.name, None, label)
                added += 1
            else:
                store.update_label(label.name, label)
                if replace(before, position=label.position) != label:
                    _audit(store, user, "import label", label.name, before, label)
                    updated += 1
        store.set_label_positions(order)
    return added, updated
