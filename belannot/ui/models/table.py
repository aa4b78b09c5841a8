"""FlatTableModel: the row/column counts and header plumbing the read-only tables share."""

from __future__ import annotations

from abc import abstractmethod

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from typing_extensions import override

ModelIndex = QModelIndex | QPersistentModelIndex


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
