"""Do, undo and redo, each in one transaction, kept in the project file per user.

An entry whose rows someone else has changed since (a reviewer approved the span, a
label edit moved it) can no longer be undone: it is dropped with a one-line notice
and the user's next entry is the step taken, so undo never gets stuck.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from belannot.core.changes import Changes, Edit, Entity
from belannot.core.commands import Command
from belannot.core.errors import ConflictError
from belannot.core.model import User
from belannot.core.operations import Operation, apply_edits, run
from belannot.core.store import HistoryEntry, Store


def _step_edits(entry: HistoryEntry, *, undone: bool) -> list[Edit]:
    return list(entry.edits) if undone else [e.reversed() for e in reversed(entry.edits)]


def _row_key(edit: Edit) -> tuple[Any, ...]:
    row = edit.row
    if edit.entity is not Entity.DOCUMENT_STATE:
        return (edit.entity, row["id"])
    return (edit.entity, row["document_id"], row["annotator"])


def stale_edit(store: Store, edits: Sequence[Edit]) -> Edit | None:
    """The first edit whose row is no longer as it expects (earlier edits applied), if any."""
    spans = store.span_rows({e.row["id"] for e in edits if e.entity is Entity.SPAN})
    relations = store.relation_rows({e.row["id"] for e in edits if e.entity is Entity.RELATION})
    planned: dict[tuple[Any, ...], dict[str, Any] | None] = {}
    for edit in edits:
        key = _row_key(edit)
        if key in planned:
            current = planned[key]
        elif edit.entity is Entity.SPAN:
            current = spans.get(edit.row["id"])
        elif edit.entity is Entity.RELATION:
            current = relations.get(edit.row["id"])
        else:
            current = store.current_row(edit.entity, edit.row)
        if current != edit.before or _orphans_relations(store, edit, planned):
            return edit
        planned[key] = edit.after
    return None


def _orphans_relations(
    store: Store, edit: Edit, planned: dict[tuple[Any, ...], dict[str, Any] | None]
) -> bool:
    """Whether ``edit`` deletes a span that still has relations the step does not delete."""
    if edit.entity is not Entity.SPAN or edit.after is not None:
        return False
    return any(
        planned.get((Entity.RELATION, relation.id), relation) is not None
        for relation in store.span_relations(edit.row["id"])
    )


_NOUNS = {
    Entity.SPAN: "span",
    Entity.RELATION: "relation",
    Entity.ACTOR: "actor",
    Entity.ACTOR_LINK: "actor link",
    Entity.PROVENANCE: "span origin",
    Entity.SUGGESTION_REJECTION: "rejected suggestion",
    Entity.SETTING: "setting",
}


def _notice(skipped: list[tuple[HistoryEntry, Edit]]) -> str:
    if not skipped:
        return ""
    if len(skipped) == 1:
        entry, edit = skipped[0]
        noun = _NOUNS.get(edit.entity, "document state")
        return f"Skipped “{entry.description}”: its {noun} was changed by another edit since"
    names = ", ".join(f"“{entry.description}”" for entry, _ in skipped)
    return f"Skipped {len(skipped)} steps changed by other edits since: {names}"


def _step(store: Store, user: User, *, undone: bool) -> Changes:
    verb = "redo" if undone else "undo"
    skipped: list[tuple[HistoryEntry, Edit]] = []
    while (entry := store.history_entry(user.name, undone=undone)) is not None:
        edits = _step_edits(entry, undone=undone)
        try:
            # A savepoint: a stale step leaves nothing behind. apply_edit checks each row,
            # so a step that still applies is read once, not checked first and then again.
            with store.transaction():
                changes = apply_edits(store, user, f"{verb}: {entry.description}", edits)
                store.mark_history(entry.id, undone=not undone)
        except ConflictError:
            skipped.append((entry, stale_edit(store, edits) or edits[0]))
            store.drop_history([entry.id])
            continue
        return replace(changes, notice=_notice(skipped))
    return Changes(notice=_notice(skipped))


def next_step(store: Store, user: User, *, undone: bool) -> HistoryEntry | None:
    """The entry undo (or redo) would take now, stale ones passed over."""
    entries = store.history_entries(user.name, undone=undone)
    try:
        for entry in entries:
            if stale_edit(store, _step_edits(entry, undone=undone)) is None:
                return entry
        return None
    finally:
        entries.close()


class _Step(Operation):
    # Undo walks the done steps newest first; redo the undone ones, oldest first.
    undone: ClassVar[bool]

    @property
    def description(self) -> str:
        return type(self).__name__

    def apply(self, store: Store, user: User) -> Changes:
        return _step(store, user, undone=self.undone)


@dataclass(frozen=True)
class Undo(_Step):
    """Revert the user's newest edit that can still be reverted."""

    undone: ClassVar[bool] = False


@dataclass(frozen=True)
class Redo(_Step):
    """Re-apply the user's most recently undone edit that can still be re-applied."""

    undone: ClassVar[bool] = True


class History:
    """Runs commands for users and lets each user undo and redo their own."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def do(self, command: Command, user: User) -> Changes:
        """Apply ``command`` as ``user``: all of it or, on any error, nothing."""
        return run(self.store, command, user)

    def undo(self, user: User) -> Changes:
        """Revert ``user``'s newest edit; empty Changes when there is none."""
        return run(self.store, Undo(), user)

    def redo(self, user: User) -> Changes:
        """Re-apply ``user``'s most recently undone edit."""
        return run(self.store, Redo(), user)

    def undo_description(self, user: User) -> str | None:
        entry = next_step(self.store, user, undone=False)
        return entry.description if entry else None

    def redo_description(self, user: User) -> str | None:
        entry = next_step(self.store, user, undone=True)
        return entry.description if entry else None
