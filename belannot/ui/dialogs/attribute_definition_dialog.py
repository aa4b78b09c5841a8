"""AttributeDefinitionDialog: a new typed attribute for a label, checked by the core."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QFormLayout, QLineEdit, QWidget

from belannot.core.attributes import AttributeDef, AttributeKind
from belannot.ui.dialogs.form_parts import confirm, made_or_shown, message_label, ok_cancel
from belannot.ui.overriding import override
from belannot.ui.widgets.attribute_editor import parse_value

_YES, _NO = ("yes", "true", "y"), ("no", "false", "n")


def _default(kind: AttributeKind, text: str) -> Any:
    """The default field's text as a value of ``kind`` (the definition checks it)."""
    text = text.strip()
    if kind is AttributeKind.BOOL and text.lower() in (*_YES, *_NO):
        return text.lower() in _YES
    if kind is AttributeKind.NUMBER:
        return parse_value(AttributeDef("default", kind), text)
    return text or None


class AttributeDefinitionDialog(QDialog):
    """Name, kind, choices, default, required, remember last value, description."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Add an attribute to {label}")
        form = QFormLayout(self)
        self.name = QLineEdit(self)
        self.kind = QComboBox(self)
        self.kind.addItems([kind.value for kind in AttributeKind])
        self.choices = QLineEdit(self)
        self.choices.setPlaceholderText("for a choice: certain, likely, possible")
        self.free_text = QCheckBox("A date may also be free text (by the end of the year)", self)
        self.default = QLineEdit(self)
        self.default.setPlaceholderText("none")
        self.required = QCheckBox("Required before the document is marked done", self)
        self.remember_last = QCheckBox("Offer the last value given", self)
        self.description = QLineEdit(self)
        self.error = message_label(self, error=True)
        form.addRow("Name", self.name)
        form.addRow("Kind", self.kind)
        form.addRow("Choices", self.choices)
        form.addRow("", self.free_text)
        form.addRow("Default", self.default)
        form.addRow("", self.required)
        form.addRow("", self.remember_last)
        form.addRow("Description", self.description)
        form.addRow(self.error)
        form.addRow(ok_cancel(self))
        self.kind.currentTextChanged.connect(self._follow_kind)
        self._follow_kind(self.kind.currentText())

    def _follow_kind(self, kind: str) -> None:
        self.choices.setEnabled(kind == AttributeKind.CHOICE.value)
        self.free_text.setEnabled(kind == AttributeKind.DATE.value)

    def definition(self) -> AttributeDef | None:
        """The definition the form describes, or None with the core's reason shown."""
        kind = AttributeKind(self.kind.currentText())
        choices = (
            tuple(c.strip() for c in self.choices.text().split(",") if c.strip())
            if kind is AttributeKind.CHOICE
            else ()
        )
        return made_or_shown(
            self.error,
            lambda: AttributeDef(
                self.name.text().strip(),
                kind,
                choices,
                _default(kind, self.default.text()),
                self.required.isChecked(),
                self.remember_last.isChecked(),
                self.description.text().strip(),
                self.free_text.isChecked() and kind is AttributeKind.DATE,
            ),
        )

    @override
    def accept(self) -> None:
        if self.definition() is not None:
            super().accept()

    @classmethod
    def ask(cls, label: str, parent: QWidget | None = None) -> AttributeDef | None:
        dialog = cls(label, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.definition()


def confirm_remove(label: str, name: str, count: int, parent: QWidget | None = None) -> bool:
    """Whether to remove attribute ``name`` of ``label`` and the ``count`` values spans hold."""
    if count == 0:
        return True
    return confirm(
        parent,
        f"Remove attribute {name}",
        f"{count} {label} span{'s' if count != 1 else ''} will lose their {name} value.",
    )
