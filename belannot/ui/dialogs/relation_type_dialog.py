"""RelationTypeDialog: one relation type's labels, direction, colour, key and description."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QDialog,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)

from belannot.core.relations import RelationType
from belannot.ui.dialogs.form_parts import (
    checkable_list,
    checked,
    confirm,
    made_or_shown,
    message_label,
    ok_cancel,
)
from belannot.ui.overriding import override

DEFAULT_COLOUR = "#777777"


def _label_checks(labels: Sequence[str], chosen: Sequence[str], parent: QWidget) -> QListWidget:
    box = checkable_list(labels, chosen, parent)
    rows = max(1, min(len(labels), 5))
    box.setFixedHeight(rows * box.sizeHintForRow(0) + 2 * box.frameWidth() + 2)
    return box


class RelationTypeDialog(QDialog):
    """Asks for a new relation type, or for the changes to an existing one (not its name)."""

    def __init__(
        self,
        labels: Sequence[str],
        existing: RelationType | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Relation type {existing.name}" if existing else "Add relation type")
        self._position = existing.position if existing else 0
        form = QFormLayout(self)
        self.name = QLineEdit(existing.name if existing else "", self)
        # Renaming has its own button: the form changes everything else.
        self.name.setReadOnly(existing is not None)
        self.head = _label_checks(labels, existing.head_labels if existing else (), self)
        self.tail = _label_checks(labels, existing.tail_labels if existing else (), self)
        self.symmetric = QCheckBox("Symmetric (no head and tail: either way round)", self)
        self.symmetric.setChecked(existing is not None and not existing.directed)
        self.colour = existing.color if existing else DEFAULT_COLOUR
        self.colour_button = QPushButton(self.colour, self)
        self.colour_button.clicked.connect(self._pick_colour)
        self.hotkey = QLineEdit((existing.hotkey or "") if existing else "", self)
        self.hotkey.setPlaceholderText("none")
        self.hotkey.setMaxLength(1)
        self.description = QLineEdit(existing.description if existing else "", self)
        self.error = message_label(self, error=True)
        form.addRow("Name", self.name)
        form.addRow("Head labels", self.head)
        form.addRow("Tail labels", self.tail)
        form.addRow("", self.symmetric)
        form.addRow("Colour", self.colour_button)
        form.addRow("Key", self.hotkey)
        form.addRow("Description", self.description)
        form.addRow(self.error)
        form.addRow(ok_cancel(self))

    def _pick_colour(self) -> None:
        colour = QColorDialog.getColor(QColor(self.colour), self, "Relation colour")
        if colour.isValid():
            self.colour = colour.name()
            self.colour_button.setText(self.colour)

    def relation_type(self) -> RelationType | None:
        """What the form says, checked by the core's RelationType; None (and why) if wrong."""
        return made_or_shown(
            self.error,
            lambda: RelationType(
                self.name.text().strip(),
                checked(self.head),
                checked(self.tail),
                not self.symmetric.isChecked(),
                self.colour,
                self.hotkey.text().strip() or None,
                self.description.text().strip(),
                self._position,
            ),
        )

    @override
    def accept(self) -> None:
        if self.relation_type() is not None:
            super().accept()

    @classmethod
    def ask(
        cls,
        labels: Sequence[str],
        existing: RelationType | None = None,
        parent: QWidget | None = None,
    ) -> RelationType | None:
        dialog = cls(labels, existing, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.relation_type()


def confirm_delete(name: str, count: int, parent: QWidget | None = None) -> bool:
    """Whether to delete relation type ``name`` and the ``count`` relations that have it."""
    return confirm(
        parent,
        f"Delete relation type {name}",
        f"{count} relation{'s' if count != 1 else ''} of type {name} will be deleted with it.",
    )
