"""ShortcutsDialog: every keyboard shortcut, read from the action registry."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class ShortcutsDialog(QDialog):
    def __init__(self, rows: Sequence[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 760)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setShowGrid(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        bold = QFont(self.font())
        bold.setBold(True)
        group = None
        for row_group, text, keys in rows:
            if row_group != group:
                group = row_group
                self._add_row(row_group, "", bold)
            self._add_row(f"    {text}", keys)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _add_row(self, text: str, keys: str, font: QFont | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        # QTableWidgetItem shows plain text: label names are never markup.
        action = QTableWidgetItem(text)
        key_item = QTableWidgetItem(keys)
        if font is not None:
            action.setFont(font)
        self.table.setItem(row, 0, action)
        self.table.setItem(row, 1, key_item)

    def shown_rows(self) -> list[tuple[str, str]]:
        rows = []
        for row in range(self.table.rowCount()):
            action, keys = self.table.item(row, 0), self.table.item(row, 1)
            rows.append((action.text().strip() if action else "", keys.text() if keys else ""))
        return rows

    @classmethod
    def show_for(cls, rows: Sequence[tuple[str, str, str]], parent: QWidget | None) -> None:
        cls(rows, parent).exec()
