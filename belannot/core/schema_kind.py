"""What label and relation type edits share: look up, write, audit, say what changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Generic, TypeVar

from belannot.core.changes import Changes
from belannot.core.errors import ConflictError, NotFoundError, found
from belannot.core.model import User
from belannot.core.operations import Operation
from belannot.core.store import Store

_T = TypeVar("_T")


class SchemaEdit(Operation):
    """A schema edit: audited rather than undone (it changes what every annotator shares)."""

    # What the audit log calls this kind of edit.
    action: ClassVar[str]

    @property
    def description(self) -> str:
        return self.action


@dataclass(frozen=True)
class SchemaKind(Generic[_T]):
    """One kind of schema entry (labels, relation types) and how its edits are kept."""

    # The audit log's entity, and what a message calls one entry.
    entity: str
    called: str
    get: Callable[[Store, str], _T | None]
    insert: Callable[[Store, _T], object]
    put: Callable[[Store, str, _T], None]
    summary: Callable[[_T], dict[str, Any]]
    changed: Callable[..., Changes]

    def existing(self, store: Store, name: str) -> _T:
        return found(self.get(store, name), NotFoundError(f"no {self.called} {name!r}"))

    def check_free(self, store: Store, name: str) -> None:
        if self.get(store, name) is not None:
            raise ConflictError(f"a {self.called} called {name!r} already exists")

    def add(self, store: Store, user: User, action: str, name: str, entry: _T) -> Changes:
        self.insert(store, entry)
        self.audit(store, user, action, name, None, entry)
        return self.changed(name)

    def audit(
        self, store: Store, user: User, action: str, name: str, before: _T | None, after: _T | None
    ) -> None:
        store.append_audit(
            user=user.name,
            action=action,
            entity=self.entity,
            entity_id=name,
            before=None if before is None else self.summary(before),
            after=None if after is None else self.summary(after),
        )

    def update(
        self, store: Store, user: User, name: str, action: str, /, **changes: Any
    ) -> Changes:
        """Change the entry called ``name``; nothing is written or audited when nothing differs."""
        before = self.existing(store, name)
        after = replace(before, **changes)  # type: ignore[type-var]
        if after == before:
            return Changes()
        self.put(store, name, after)
        self.audit(store, user, action, name, before, after)
        return self.changed(name, changes.get("name", name))
