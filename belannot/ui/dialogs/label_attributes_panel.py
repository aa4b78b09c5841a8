"""LabelAttributesPanel: the selected label's attribute definitions, added and removed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from belannot.core.attribute_edits import AddAttribute, RemoveAttribute
from belannot.core.attributes import AttributeDef, AttributeKind
from belannot.core.operations import Operation
from belannot.ui.attribute_text import value_text
from belannot.ui.dialogs import attribute_definition_dialog as add
from belannot.ui.dialogs.form_parts import list_beside_buttons
from belannot.ui.plain import plain_tooltip
from belannot.ui.session import Session


def describe(definition: AttributeDef) -> str:
    """One line: "certainty: choice (certain | likely) · default likely · required"."""
    kind = definition.kind.value
    if definition.kind is AttributeKind.CHOICE:
        kind += f" ({' | '.join(definition.choices)})"
    elif definition.free_text:
        kind += " or text"
    parts = [f"{definition.name}: {kind}"]
    if definition.default is not None:
        parts.append(f"default {value_text(definition.default)}")
    if definition.required:
        parts.append("required")
    if definition.remember_last:
        parts.append("remembers the last value")
    return " · ".join(parts)


class LabelAttributesPanel(QWidget):
    """The attributes the selected label declares; each change one operation."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._label: str | None = None
        self.title = QLabel("Attributes", self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QListWidget(self)
        self.list.setObjectName("attribute_list")
        row, self.buttons = list_beside_buttons(
            self,
            self.list,
            (
                ("add", "Add attribute…", self._on_add),
                ("remove", "Remove attribute…", self._on_remove),
            ),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(row)
        self.list.currentRowChanged.connect(self._update_buttons)
        self.show_label(None)

    def names(self) -> list[str]:
        label = self.session.store.label(self._label or "")
        return [d.name for d in label.attributes] if label is not None else []

    def show_label(self, name: str | None) -> None:
        self._label = name
        self.list.clear()
        label = self.session.store.label(name) if name is not None else None
        self.title.setText(f"Attributes of {label.name}" if label else "Attributes")
        for definition in label.attributes if label is not None else ():
            self.list.addItem(describe(definition))
            item = self.list.item(self.list.count() - 1)
            item.setToolTip(plain_tooltip(definition.description))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.buttons["add"].setEnabled(self._label is not None)
        self.buttons["remove"].setEnabled(self.list.currentRow() >= 0)

    def _apply(self, operation: Operation) -> bool:
        if self.session.run(operation, initiator=self) is None:
            return False  # the dialog's status line shows why (session.failed)
        self.show_label(self._label)
        return True

    def _on_add(self) -> None:
        if self._label is None:
            return
        definition = add.AttributeDefinitionDialog.ask(self._label, self)
        if definition is not None:
            self._apply(AddAttribute(self._label, definition))

    def _on_remove(self) -> None:
        names, row = self.names(), self.list.currentRow()
        if self._label is None or not 0 <= row < len(names):
            return
        name = names[row]
        count = sum(name in s.attributes for s in self.session.store.spans_with_label(self._label))
        if add.confirm_remove(self._label, name, count, self):
            self._apply(RemoveAttribute(self._label, name))
