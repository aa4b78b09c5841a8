"""Do, undo and redo, each in one transaction, kept in the project file per user."""

from __future__ import annotations

from belannot.core.changes import Changes, Edit
from belannot.core.commands import Command
from belannot.core.errors import PermissionDeniedError
from belannot.core.model import User
from belannot.core.store import Store


class History:
    """Runs commands for users and lets each user undo and redo their own."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def do(self, command: Command, user: User) -> Changes:
        """Apply ``command`` as ``user``: all of it or, on any error, nothing."""
        if command.required_role is not None and user.role is not command.required_role:
            raise PermissionDeniedError(
                f"{user.name} is an {user.role.value}; {command.description.lower()} "
                f"needs a {command.required_role.value}"
            )
        with self.store.transaction():
            if self.store.user(user.name) is None:
                self.store.add_user(user)
            edits = command.edits(self.store, user)
            if not edits:
                return Changes()
            self._apply(edits)
            self.store.audit_edits(user.name, command.description, edits)
            self.store.push_history(user.name, command.description, edits)
        return Changes.from_edits(edits)

    def undo(self, user: User) -> Changes:
        """Revert ``user``'s newest edit; empty Changes when there is none."""
        return self._step(user, undone=False)

    def redo(self, user: User) -> Changes:
        """Re-apply ``user``'s most recently undone edit."""
        return self._step(user, undone=True)

    def undo_description(self, user: User) -> str | None:
        entry = self.store.history_entry(user.name, undone=False)
        return entry.description if entry else None

    def redo_description(self, user: User) -> str | None:
        entry = self.store.history_entry(user.name, undone=True)
        return entry.description if entry else None

    def _step(self, user: User, *, undone: bool) -> Changes:
        with self.store.transaction():
            entry = self.store.history_entry(user.name, undone=undone)
            if entry is None:
                return Changes()
            edits = list(entry.edits) if undone else [e.reversed() for e in reversed(entry.edits)]
            self._apply(edits)
            verb = "redo" if undone else "undo"
            self.store.audit_edits(user.name, f"{verb}: {entry.description}", edits)
            self.store.mark_history(entry.id, undone=not undone)
        return Changes.from_edits(edits)

    def _apply(self, edits: list[Edit]) -> None:
        for edit in edits:
            self.store.apply_edit(edit)
