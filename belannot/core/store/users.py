"""Users and their roles; a user new to the project joins with the next write."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from belannot.core.model import Role, User, now_iso
from belannot.core.store.journal import JournalQueries


class UserQueries(JournalQueries):
    """The users table (role changes are audited)."""

    def __init__(self, db: Database, path: Path | None) -> None:
        super().__init__(db, path)
        # New users the next write transaction adds (see ensure_user_on_write).
        self._joining: dict[str, User] = {}

    def _transaction_begun(self) -> None:
        super()._transaction_begun()
        for user in self._joining.values():
            if self.user(user.name) is None:
                self.add_user(user)

    def _transaction_committed(self) -> None:
        super()._transaction_committed()
        self._joining.clear()

    def user(self, name: str) -> User | None:
        row = self.db.execute("SELECT name, role FROM users WHERE name = ?", [name]).fetchone()
        return User(row[0], Role(row[1])) if row else None

    def users(self) -> list[User]:
        rows = self.db.execute("SELECT name, role FROM users ORDER BY name").fetchall()
        return [User(name, Role(role)) for name, role in rows]

    def add_user(self, user: User) -> User:
        """Add ``user``, or change the role of an existing one."""
        with self.transaction():
            before = self.user(user.name)
            self.db.execute(
                "INSERT INTO users (name, role, created) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET role = excluded.role",
                [user.name, user.role.value, now_iso()],
            )
            if before != user:
                self.append_audit(
                    user=user.name,
                    action="add user" if before is None else "change role",
                    entity="user",
                    entity_id=user.name,
                    before=None if before is None else {"role": before.role.value},
                    after={"role": user.role.value},
                )
        return user

    def ensure_user(self, name: str, role: Role = Role.ANNOTATOR) -> User:
        """The user called ``name``, created with ``role`` if new."""
        existing = self.user(name)
        return existing if existing is not None else self.add_user(User(name, role))

    def ensure_user_on_write(self, name: str, role: Role = Role.ANNOTATOR) -> User:
        """The user called ``name``; a new one (with ``role``) is added inside the next
        write transaction, so it exists only if that write commits: a command that is
        refused or fails adds nobody."""
        existing = self.user(name)
        if existing is not None:
            return existing
        user = self._joining.get(name) or User(name, role)
        self._joining[name] = user
        return user
