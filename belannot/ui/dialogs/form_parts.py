"""The pieces the dialogs build their forms from: message lines, check lists, button rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from belannot.core.model import ValidationError

T = TypeVar("T")

ERROR_STYLE = "color: #c0392b;"

# A button of a column: its key in the owner's ``buttons``, its text and what a click runs.
ButtonSpec = tuple[str, str, Callable[[], object]]


def message_label(parent: QWidget | None = None, *, error: bool = False) -> QLabel:
    """A wrapped status line showing its text literally (a name may look like markup)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if error:
        label.setStyleSheet(ERROR_STYLE)
    return label


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    """Ok and Cancel, wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def checkable_list(
    names: Iterable[str], chosen: Sequence[str] = (), parent: QWidget | None = None
) -> QListWidget:
    """A list of ``names`` each with a check box, those in ``chosen`` ticked."""
    widget = QListWidget(parent)
    for name in names:
        item = QListWidgetItem(name)  # QListWidgetItem text is always plain
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
        widget.addItem(item)
    return widget


def checked(widget: QListWidget) -> tuple[str, ...]:
    """The ticked names of a ``checkable_list``, in list order."""
    return tuple(
        widget.item(row).text()
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    )


def list_beside_buttons(
    owner: QWidget,
    items: QListWidget,
    specs: Iterable[ButtonSpec],
    row: QHBoxLayout | None = None,
) -> tuple[QHBoxLayout, dict[str, QPushButton]]:
    """``items`` with a column of buttons at its right, and the buttons by key."""
    buttons: dict[str, QPushButton] = {}
    column = QVBoxLayout()
    for key, text, slot in specs:
        button = QPushButton(text, owner)
        button.clicked.connect(slot)
        buttons[key] = button
        column.addWidget(button)
    column.addStretch(1)
    row = row if row is not None else QHBoxLayout()
    row.addWidget(items, 1)
    row.addLayout(column)
    return row, buttons


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Whether the user says Ok to ``text`` (Cancel is the default)."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Ok


def made_or_shown(error: QLabel, make: Callable[[], T]) -> T | None:
    """What ``make`` builds, or None with the core's reason it refused shown in ``error``."""
    try:
        made = make()
    except ValidationError as refused:
        error.setText(str(refused))
        return None
    error.clear()
    return made
