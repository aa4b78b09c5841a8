"""GuidelinesPane: the selected label's guideline and examples; plain-text label tooltips."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from belannot.core.model import Example, Label
from belannot.ui.plain import plain_tooltip


def label_tooltip_text(label: Label) -> str:
    """What a label's tooltip says, as plain text: name, key, description, guideline."""
    key = f" (key {label.hotkey})" if label.hotkey else ""
    parts = [f"{label.name}{key}"]
    if label.description:
        parts.append(label.description)
    if label.guidelines.text:
        parts.append(label.guidelines.text)
    return "\n\n".join(parts)


def label_tooltip(label: Label) -> str:
    """The tooltip for QWidget.setToolTip: a label name is never taken as markup."""
    return plain_tooltip(label_tooltip_text(label))


def example_line(example: Example) -> str:
    mark = "✓" if example.positive else "✗"
    line = f"{mark} {example.text}"
    if example.note:
        line += f"\n    {example.note}"
    if example.document:
        line += f"\n    [{example.document}]"
    return line


def guideline_text(label: Label) -> str:
    """The whole guideline of a label as the pane shows it (plain text)."""
    parts = []
    if label.description:
        parts.append(label.description)
    if label.guidelines.text:
        parts.append(label.guidelines.text)
    if label.guidelines.positive:
        parts.append("Examples\n" + "\n".join(example_line(e) for e in label.guidelines.positive))
    if label.guidelines.negative:
        parts.append(
            "Not this label\n" + "\n".join(example_line(e) for e in label.guidelines.negative)
        )
    return "\n\n".join(parts) or "No guidelines for this label yet."


class GuidelinesPane(QWidget):
    """Shows one label's guideline; call set_label() when the selected label changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guidelines_pane")
        self._label: Label | None = None
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.swatch = QFrame(self)
        self.swatch.setFixedHeight(6)
        self.swatch.setAutoFillBackground(True)
        self.body = QPlainTextEdit(self)
        self.body.setReadOnly(True)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.swatch)
        layout.addWidget(self.body, 1)
        self.set_label(None)

    @property
    def label(self) -> Label | None:
        return self._label

    def set_label(self, label: Label | None) -> None:
        if label is not None and label == self._label:
            return  # the same guideline: keep the reader's place, repaint nothing
        self._label = label
        if label is None:
            self.title.setText("Guidelines")
            self.body.setPlainText("Select a label to see how to apply it.")
            colour = self.palette().color(QPalette.ColorRole.Mid)
        else:
            key = f"  ·  key {label.hotkey}" if label.hotkey else ""
            self.title.setText(f"{label.name}{key}")
            self.body.setPlainText(guideline_text(label))
            colour = QColor(label.color)
        palette = self.swatch.palette()
        palette.setColor(QPalette.ColorRole.Window, colour)
        self.swatch.setPalette(palette)
        self.body.verticalScrollBar().setValue(0)
