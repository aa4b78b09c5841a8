"""ActorTableModel: the registry's actors (name, kind, aliases, reference, mentions), filtered."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import IntEnum

from PySide6.QtCore import QObject, Qt

from belannot.core.actor_matching import normalise
from belannot.core.actors import Actor
from belannot.ui.models.table import ModelIndex, RowsTableModel
from belannot.ui.overriding import override
from belannot.ui.plain import plain_tooltip

ACTOR_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class Column(IntEnum):
    NAME = 0
    KIND = 1
    ALIASES = 2
    REF = 3
    MENTIONS = 4


def actor_matches(actor: Actor, key: str) -> bool:
    """Whether a normalised filter ``key`` is in any of the actor's names, its id or ref."""
    return (
        any(key in normalise(name) for name in actor.names)
        or key in actor.id
        or (actor.ref is not None and key in actor.ref.lower())
    )


class ActorTableModel(RowsTableModel[Actor]):
    headers = ("Name", "Kind", "Aliases", "Reference", "Mentions")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[Actor] = []
        self._counts: Mapping[str, int] = {}
        self._filter = ""

    def set_actors(self, actors: Sequence[Actor], counts: Mapping[str, int]) -> None:
        self._all, self._counts = list(actors), dict(counts)
        self._apply()

    def set_filter(self, text: str) -> None:
        self._filter = normalise(text)
        self._apply()

    def _apply(self) -> None:
        key = self._filter
        self.set_rows([a for a in self._all if actor_matches(a, key)] if key else self._all)

    def actor_at(self, row: int) -> Actor | None:
        return self.row_at(row)

    def row_of(self, actor_id: str | None) -> int | None:
        return next((i for i, a in enumerate(self._rows) if a.id == actor_id), None)

    def count(self, actor_id: str) -> int:
        return self._counts.get(actor_id, 0)

    @override
    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        actor = self.actor_at(index.row()) if index.isValid() else None
        if actor is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.NAME:
                return actor.name
            if column == Column.KIND:
                return actor.kind.value
            if column == Column.ALIASES:
                return ", ".join(actor.aliases)
            if column == Column.REF:
                return actor.ref or ""
            return str(self.count(actor.id))
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{actor.name} ({actor.kind.value}, {actor.id})"]
            lines += [f"also: {alias}" for alias in actor.aliases]
            if actor.description:
                lines.append(actor.description)
            return plain_tooltip("\n".join(lines))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.MENTIONS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ACTOR_ID_ROLE:
            return actor.id
        return None
