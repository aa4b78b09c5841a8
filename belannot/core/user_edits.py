"""Adding a user or changing a user's role, as an operation like every other edit."""

from __future__ import annotations

from dataclasses import dataclass

from belannot.core.changes import Changes
from belannot.core.model import User
from belannot.core.operations import Operation
from belannot.core.store import Store


@dataclass(frozen=True, slots=True)
class SetUserRole(Operation):
    """Add ``member`` with its role, or give an existing user that role (audited)."""

    member: User

    @property
    def description(self) -> str:
        return f"Set {self.member.name}'s role to {self.member.role.value}"

    def apply(self, store: Store, user: User) -> Changes:
        before = store.user(self.member.name)
        store.add_user(self.member)
        # Roles decide whose layers a window shows: a rare edit, so every view reloads.
        return Changes() if before == self.member else Changes.all()
