"""ShortcutEditor: the Preferences page that remaps shortcuts, refusing a key another action has."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from belannot.ui.actions import ActionId, Keymap

_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1


def _shown(keys: tuple[str, ...]) -> str:
    return ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)


class ShortcutEditor(QWidget):
    """Pick an action, press the new key, Assign. A key bound elsewhere is refused (and
    the message names who has it); label hotkeys are edited with the label schema."""

    def __init__(self, keymap: Keymap, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcut_editor")
        self._keymap = dataclasses.replace(keymap, keys=dict(keymap.keys))
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self._rows: dict[ActionId, int] = {}
        for action_id in keymap.remappable():
            row = self.table.rowCount()
            self.table.insertRow(row)
            name = QTableWidgetItem(keymap.names[action_id])
            name.setData(_ID_ROLE, action_id.name)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(_shown(self._keymap.keys[action_id])))
            self._rows[action_id] = row
        self.key_edit = QKeySequenceEdit(self)
        self.key_edit.setMaximumSequenceLength(1)
        self.key_edit.setClearButtonEnabled(True)
        self.assign_button = QPushButton("Assign", self)
        self.clear_button = QPushButton("No key", self)
        self.default_button = QPushButton("Default", self)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        keys_row = QHBoxLayout()
        keys_row.addWidget(QLabel("New key:", self))
        keys_row.addWidget(self.key_edit, 1)
        for button in (self.assign_button, self.clear_button, self.default_button):
            keys_row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(keys_row)
        layout.addWidget(self.message)
        self.assign_button.clicked.connect(self._assign)
        self.clear_button.clicked.connect(lambda: self._set(()))
        self.default_button.clicked.connect(self._default)

    def keymap(self) -> Keymap:
        return self._keymap

    def keys(self, action_id: ActionId) -> tuple[str, ...]:
        return self._keymap.keys[action_id]

    def row_of(self, action_id: ActionId) -> int | None:
        return self._rows.get(action_id)

    def row_rect(self, action_id: ActionId) -> QRect:
        """Where ``action_id``'s row is in the table's viewport (scrolled into view)."""
        item = self.table.item(self._rows[action_id], 0)
        assert item is not None  # every action has its row
        self.table.scrollToItem(item)
        return self.table.visualItemRect(item)

    def current_action(self) -> ActionId | None:
        item = self.table.item(self.table.currentRow(), 0)
        return ActionId[str(item.data(_ID_ROLE))] if item is not None else None

    def _assign(self) -> None:
        action_id = self.current_action()
        sequence = self.key_edit.keySequence()
        if action_id is None or sequence.isEmpty():
            self.message.setText("Choose an action, then press its new key.")
            return
        key = sequence.toString(QKeySequence.SequenceFormat.PortableText)
        holder = self._keymap.holder(key, besides=action_id)
        if holder is not None:
            shown = sequence.toString(QKeySequence.SequenceFormat.NativeText)
            self.message.setText(
                f"{shown} is already used by {self._keymap.names.get(holder, holder.name)}: "
                "give that action another key first."
            )
            return
        self._set((key,))

    def _default(self) -> None:
        action_id = self.current_action()
        if action_id is None:
            return
        default = self._keymap.defaults.get(action_id, ())
        taken = [k for k in default if self._keymap.holder(k, besides=action_id) is not None]
        if taken:
            holder = self._keymap.holder(taken[0], besides=action_id)
            assert holder is not None
            self.message.setText(
                f"{_shown((taken[0],))} is now used by {self._keymap.names[holder]}."
            )
            return
        self._set(default)

    def _set(self, keys: tuple[str, ...]) -> None:
        action_id = self.current_action()
        if action_id is None:
            return
        self._keymap.keys[action_id] = keys
        item = self.table.item(self._rows[action_id], 1)
        assert item is not None  # every action has its row
        item.setText(_shown(keys))
        name = self._keymap.names[action_id]
        self.message.setText(f"{name}: {_shown(keys) or 'no key'}.")
        self.key_edit.clear()
