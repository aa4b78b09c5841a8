"""A command with a bug, for the tests of what happens when one raises."""

from __future__ import annotations

from dataclasses import dataclass

from belannot.core.commands import Command


@dataclass(frozen=True)
class Raising(Command):
    """Raises ``error``; first reads ``document_id``'s spans when one is given."""

    error: Exception
    document_id: str | None = None

    @property
    def description(self) -> str:
        return "Raise"

    def edits(self, store, user):
        if self.document_id is not None:
            store.spans(self.document_id)
        raise self.error
