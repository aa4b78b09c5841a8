"""Everything that changes a project: an Operation, run in one transaction, returns Changes.

Undoable commands (:mod:`belannot.core.commands`) are one kind; schema edits and
settings are others. The window runs operations through ``Session.run``, the
terminal through :func:`run`: there is no other way to write to a project.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar

from belannot.core.changes import Changes, Edit
from belannot.core.errors import PermissionDeniedError
from belannot.core.model import Role, User
from belannot.core.store import Store


class Operation(ABC):
    """A change a person makes to a project; ``apply`` makes it and says what changed."""

    # Set on operations only reviewers may run; checked by :func:`run`.
    required_role: ClassVar[Role | None] = None

    @property
    @abstractmethod
    def description(self) -> str:
        """What the audit and the undo menu call it: 'Add actor span'."""

    @abstractmethod
    def apply(self, store: Store, user: User) -> Changes:
        """Make the change inside the runner's transaction, audited; raise if it may not."""


def check_role(operation: Operation, user: User) -> None:
    required = operation.required_role
    if required is not None and user.role is not required:
        raise PermissionDeniedError(
            f"{user.name} is an {user.role.value}; {operation.description.lower()} "
            f"needs a {required.value}"
        )


def run(store: Store, operation: Operation, user: User) -> Changes:
    """Run ``operation`` as ``user``: all of it or, on any error, nothing."""
    check_role(operation, user)
    with store.transaction():
        return operation.apply(store, user)


def apply_edits(store: Store, user: User, action: str, edits: Sequence[Edit]) -> Changes:
    """Write row edits (each checked against the current row) and audit them."""
    for edit in edits:
        store.apply_edit(edit)
    store.audit_edits(user.name, action, edits)
    return Changes.from_edits(edits)
