"""FlatTableModel: the row/column counts and header plumbing the read-only tables share."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from belannot.ui.models import READ_ONLY_ITEM_FLAGS
from belannot.ui.overriding import override

ModelIndex = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class FlatTableModel(QAbstractTableModel):
    """A table without children; subclasses give the sizes and the header texts."""

    @abstractmethod
    def row_total(self) -> int:
        """How many rows the table shows now."""

    @abstractmethod
    def column_total(self) -> int:
        """How many columns the table has."""

    @abstractmethod
    def header(self, section: int, orientation: Qt.Orientation) -> object:
        """The display text of header ``section`` (never negative), or ``None``."""

    @override
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.row_total()

    @override
    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.column_total()

    @override
    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole or section < 0:
            return None
        return self.header(section, orientation)


class RowsTableModel(FlatTableModel, Generic[Row]):
    """Read-only rows of one kind under fixed column ``headers``; subclasses give ``data``."""

    headers: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @override
    def row_total(self) -> int:
        return len(self._rows)

    @override
    def column_total(self) -> int:
        return len(self.headers)

    @override
    def header(self, section: int, orientation: Qt.Orientation) -> object:
        if orientation is Qt.Orientation.Horizontal and section < len(self.headers):
            return self.headers[section]
        return None

    @override
    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return READ_ONLY_ITEM_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags
