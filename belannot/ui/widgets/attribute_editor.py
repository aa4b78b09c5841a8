"""AttributeEditor: the selected span's typed attributes, edited from the keyboard.

One row per attribute the span's label declares. Digits pick a choice, Y / N / Space set
a yes-or-no, a line edit takes a number, a date or text (checked by the core's definition
before anything is sent); Up / Down / Tab move between rows and Esc goes back to the article.
A label that declares nothing keeps free-form attributes: those are shown read-only, since
without a definition there is no kind to check a typed value against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from belannot.core.attributes import NOTE_ATTRIBUTE, AttributeDef, AttributeKind
from belannot.core.model import Label, Span, ValidationError
from belannot.ui.attribute_text import value_text
from belannot.ui.overriding import override
from belannot.ui.plain import plain_mnemonic, plain_tooltip
from belannot.ui.widgets.flow_layout import FlowLayout

_INTEGER = re.compile(r"^[+-]?\d+$")
MISSING_COLOR = "#c0392b"
_LINE_KINDS = (AttributeKind.NUMBER, AttributeKind.DATE, AttributeKind.TEXT)
_ROW_STYLE = (
    "QFrame#attributeRow { border-left: 3px solid transparent; }"
    " QFrame#attributeRow:focus { border-left: 3px solid palette(highlight);"
    " background: palette(alternate-base); }"
    " QFrame#attributeRow QToolButton { padding: 0px 4px; }"
    " QFrame#attributeRow QToolButton:checked { background: palette(highlight);"
    " color: palette(highlighted-text); border: 1px solid palette(highlight);"
    " border-radius: 3px; }"
)


@dataclass
class _Row:
    """The widgets of one attribute's row."""

    name: str
    definition: AttributeDef | None
    frame: QFrame
    title: QLabel
    info: QLabel
    value: Any = None
    buttons: list[QToolButton] = field(default_factory=list)
    edit: QLineEdit | None = None
    text: QLabel | None = None
    message: str = ""
    suggestion: Any = None

    def focus_widget(self) -> QWidget:
        return self.edit if self.edit is not None else self.frame


def parse_value(definition: AttributeDef, text: str) -> Any:
    """What a line edit's text means for ``definition``: None for empty, else a value to check."""
    text = text.strip()
    if not text:
        return None
    if definition.kind is AttributeKind.NUMBER:
        try:
            return int(text) if _INTEGER.match(text) else float(text)
        except ValueError:
            return text  # the definition's check names it: "'many' is not a number"
    return text


class AttributeEditor(QScrollArea):
    """Shows one span's attributes; emits what the person set, the window runs the command.

    It scrolls rather than grow: on a short screen the window must still fit."""

    # span id, attribute name, value (None clears it)
    attribute_edited = Signal(str, str, object)
    # Esc: the keyboard goes back to the article.
    left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._definitions: dict[str, tuple[AttributeDef, ...]] = {}
        self._span: Span | None = None
        self._rows: dict[str, _Row] = {}
        # (label, attribute) -> the last value this person gave, for "remember last value".
        self._remembered: dict[tuple[str, str], Any] = {}
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._inner = QWidget(self)
        self._layout = QVBoxLayout(self._inner)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._layout.addStretch(1)
        self.setWidget(self._inner)
        self.placeholder = QLabel(self._inner)
        self.placeholder.setTextFormat(Qt.TextFormat.PlainText)
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)
        self._layout.insertWidget(0, self.placeholder)
        self.setStyleSheet(_ROW_STYLE)
        self.show_span(None)

    @override
    def sizeHint(self) -> QSize:
        # QScrollArea caches its widget's first size hint; the rows come and go. The rows'
        # height at the width they have: choice buttons wrap in a narrow dock, and a flow
        # layout's plain hint (one button a line) would leave a large screen empty space.
        inner = self._inner.sizeHint()
        width = self.viewport().width()
        height = inner.height()
        if width > 0 and self._inner.hasHeightForWidth():
            height = self._inner.heightForWidth(width)
        return QSize(inner.width(), height + 2 * self.frameWidth())

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # another width, other wrapping: another height

    @override
    def minimumSizeHint(self) -> QSize:
        # One line on a short screen (the span list keeps its rows); it scrolls to the row
        # in use. The scroll bar's own minimum would ask for three.
        return QSize(super().minimumSizeHint().width(), self.fontMetrics().height() + 6)

    # -- what is shown ------------------------------------------------------------------

    def set_labels(self, labels: list[Label]) -> None:
        definitions = {label.name: label.attributes for label in labels}
        if definitions != self._definitions:
            self._definitions = definitions
            span, self._span = self._span, None
            self.show_span(span)

    def show_span(self, span: Span | None) -> None:
        """Show ``span``'s attributes; the same span again only refreshes the values, so
        the row being edited keeps the keyboard."""
        previous, self._span = self._span, span
        if (
            span is not None
            and previous is not None
            and previous.label == span.label
            and set(self._rows) == set(self._row_names(span))
        ):
            # Another span of the same label: the same rows show its values (building
            # them again took most of a span's add on a big document).
            other = previous.id != span.id
            had_focus = other and self._has_focus()
            for row in self._rows.values():
                if other:
                    row.message = ""
                self._show_value(row, span.attributes.get(row.name))
            if had_focus:
                self.left.emit()
            return
        self._rebuild(span)

    def _has_focus(self) -> bool:
        focus = self.focusWidget()
        return self.isAncestorOf(focus) if focus is not None else False

    def _row_names(self, span: Span) -> list[str]:
        definitions = self._definitions.get(span.label, ())
        if definitions:
            return [d.name for d in definitions]
        return [name for name in span.attributes if name != NOTE_ATTRIBUTE]

    def _rebuild(self, span: Span | None) -> None:
        had_focus = self._has_focus()
        for row in self._rows.values():
            self._layout.removeWidget(row.frame)
            row.frame.deleteLater()
        self._rows.clear()
        if span is None:
            self._say("No span selected.")
            return
        definitions = self._definitions.get(span.label, ())
        names = self._row_names(span)
        if not names:
            self._say(
                f"{span.label} declares no attributes (Label → Edit label schema… adds them)."
            )
            return
        self._say(
            ""
            if definitions
            else "Free-form attributes, read-only: declare them on the label to edit them here."
        )
        width = max(self.fontMetrics().horizontalAdvance(f"{n} *") for n in names) + 8
        by_name = {d.name: d for d in definitions}
        for name in names:
            row = self._make_row(name, by_name.get(name), width)
            self._rows[name] = row
            self._layout.insertWidget(self._layout.count() - 1, row.frame)
            # Now, not when the layout gets round to it: E may focus it straight away.
            row.frame.show()
            self._show_value(row, span.attributes.get(name))
        self.updateGeometry()
        if had_focus:
            self.left.emit()

    def _say(self, text: str) -> None:
        self.placeholder.setText(text)
        self.placeholder.setVisible(bool(text))
        self.updateGeometry()

    def _make_row(self, name: str, definition: AttributeDef | None, width: int) -> _Row:
        frame = QFrame(self._inner)
        frame.setObjectName("attributeRow")
        grid = QGridLayout(frame)
        grid.setContentsMargins(4, 0, 2, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(0)
        title = QLabel(frame)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setMinimumWidth(width)
        title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        info = QLabel(frame)
        info.setTextFormat(Qt.TextFormat.PlainText)
        info.setWordWrap(True)
        small = info.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        info.setFont(small)
        row = _Row(name, definition, frame, title, info)
        if definition is not None and definition.kind not in _LINE_KINDS:
            # The name leads the buttons in one flow: wrapped buttons take the row's whole
            # width, not the width beside the names (a narrow dock's rows stay short).
            grid.addWidget(self._control(row), 0, 0, 1, 2)
        else:
            grid.addWidget(title, 0, 0)
            grid.addWidget(self._control(row), 0, 1)
        grid.addWidget(info, 1, 1)
        grid.setColumnStretch(1, 1)
        if definition is None:
            title.setText(name)
        else:
            title.setText(f"{name} *" if definition.required else name)
            tip = definition.description or definition.expected()
            frame.setToolTip(plain_tooltip(f"{name}: {tip}"))
            frame.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            frame.installEventFilter(self)
        return row

    def _control(self, row: _Row) -> QWidget:
        definition = row.definition
        if definition is None:
            row.text = QLabel(row.frame)
            row.text.setTextFormat(Qt.TextFormat.PlainText)
            row.text.setWordWrap(True)
            return row.text
        if definition.kind in _LINE_KINDS:
            row.edit = QLineEdit(row.frame)
            row.edit.setPlaceholderText(definition.expected())
            row.edit.returnPressed.connect(lambda r=row: self._commit_text(r))
            row.edit.installEventFilter(self)
            row.frame.setFocusProxy(row.edit)
            return row.edit
        box = QWidget(row.frame)
        flow = FlowLayout(box, spacing=3)
        row.title.setParent(box)
        flow.addWidget(row.title)
        values: list[Any] = (
            list(definition.choices) if definition.kind is AttributeKind.CHOICE else [True, False]
        )
        for index, value in enumerate(values):
            key = str(index + 1) if definition.kind is AttributeKind.CHOICE else "YN"[index]
            button = QToolButton(box)
            button.setText(f"{key} {plain_mnemonic(value_text(value))}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setProperty("attributeValue", value)
            button.clicked.connect(lambda _=False, r=row, v=value: self._clicked(r, v))
            flow.addWidget(button)
            row.buttons.append(button)
        row.title.setMinimumHeight(row.buttons[0].sizeHint().height())
        row.title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return box

    def _show_value(self, row: _Row, value: Any) -> None:
        row.value = value
        definition = row.definition
        if definition is None:
            if row.text is not None:
                row.text.setText(f"{row.name} = {value_text(value)}")
                row.title.setText("")
            return
        row.suggestion = None
        if value is None:
            remembered = self._remembered.get((self._span_label(), row.name))
            if definition.remember_last and remembered is not None:
                row.suggestion, why = remembered, "last value"
            elif definition.default is not None:
                row.suggestion, why = definition.default, "default"
        for button in row.buttons:
            button.setChecked(button.property("attributeValue") == value and value is not None)
        if row.edit is not None and not row.message:
            shown = value if value is not None else row.suggestion
            row.edit.setText("" if shown is None else value_text(shown))
        missing = definition.required and value is None
        row.frame.setProperty("missing", missing)
        row.title.setStyleSheet(f"color: {MISSING_COLOR}; font-weight: bold;" if missing else "")
        if row.message:
            info, color = row.message, MISSING_COLOR
        elif missing:
            info, color = "required: not given yet", MISSING_COLOR
        elif row.suggestion is not None:
            action = "Enter keeps" if row.edit is not None else "Enter gives"
            info, color = f"{action} {value_text(row.suggestion)} ({why}); not saved yet", ""
        else:
            info, color = "", ""
        row.info.setText(info)
        row.info.setStyleSheet(f"color: {color};" if color else "")
        row.info.setVisible(bool(info))

    def _span_label(self) -> str:
        return self._span.label if self._span is not None else ""

    # -- keyboard ---------------------------------------------------------------------

    def focus_first(self) -> bool:
        """Put the keyboard on the first editable attribute; False when there is none."""
        for row in self._rows.values():
            if row.definition is not None:
                row.focus_widget().setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
        return False

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            row = next(
                (r for r in self._rows.values() if watched in (r.frame, r.edit)), None
            )
            if row is not None and self._key(row, event):
                return True
        return super().eventFilter(watched, event)

    def _key(self, row: _Row, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.left.emit()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Backtab):
            self._move(row, -1, wrap=key == Qt.Key.Key_Backtab)
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Tab):
            self._move(row, 1, wrap=key == Qt.Key.Key_Tab)
        elif row.edit is None and row.definition is not None:
            return self._value_key(row, row.definition, event)
        else:
            return False
        return True

    def _value_key(self, row: _Row, definition: AttributeDef, event: QKeyEvent) -> bool:
        key, text = event.key(), event.text().lower()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._set(row, None)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if row.value is None and row.suggestion is not None:
                self._set(row, row.suggestion)
        elif definition.kind is AttributeKind.CHOICE and text.isdigit() and text != "0":
            index = int(text) - 1
            if index < len(definition.choices):
                self._set(row, definition.choices[index])
        elif definition.kind is AttributeKind.BOOL and text in ("y", "n", " "):
            self._set(row, text == "y" if text != " " else row.value is not True)
        else:
            return False
        return True

    def _move(self, row: _Row, step: int, wrap: bool) -> None:
        editable = [r for r in self._rows.values() if r.definition is not None]
        at = editable.index(row) + step
        if wrap:
            at %= len(editable)
        if 0 <= at < len(editable):
            editable[at].focus_widget().setFocus(Qt.FocusReason.TabFocusReason)
            self.ensureWidgetVisible(editable[at].frame, 0, 0)

    # -- changing ---------------------------------------------------------------------

    def _clicked(self, row: _Row, value: Any) -> None:
        # A click on the value already set takes it away.
        self._set(row, None if row.value == value else value)
        row.focus_widget().setFocus(Qt.FocusReason.MouseFocusReason)

    def _commit_text(self, row: _Row) -> None:
        if row.edit is not None and row.definition is not None:
            value = parse_value(row.definition, row.edit.text())
            if value is not None:
                try:
                    value = row.definition.check(value)
                except ValidationError as error:
                    self.set_message(row.name, str(error))
                    return
            self._set(row, value)

    def _set(self, row: _Row, value: Any) -> None:
        span = self._span
        row.message = ""
        if span is None or value == row.value:
            self._show_value(row, row.value)
            return
        self.attribute_edited.emit(span.id, row.name, value)

    def set_message(self, name: str, message: str) -> None:
        """Show why a value was refused under its row (nothing was stored)."""
        row = self._rows.get(name)
        if row is not None:
            row.message = message
            self._show_value(row, row.value)

    def remember(self, label: str, name: str, value: Any) -> None:
        """``value`` was just given to ``label``'s attribute ``name`` (remember last value)."""
        self._remembered[(label, name)] = value

    # -- what tests and the window ask ---------------------------------------------------

    def focused_name(self) -> str | None:
        focus = self.focusWidget()
        for row in self._rows.values():
            if focus in (row.frame, row.edit) and (focus is not None and focus.hasFocus()):
                return row.name
        return None

    def choice_texts(self, name: str) -> list[str]:
        return [button.text() for button in self._rows[name].buttons]

    def message(self, name: str) -> str:
        return self._rows[name].message

    def suggestion(self, name: str) -> Any:
        return self._rows[name].suggestion

    def is_marked_missing(self, name: str) -> bool:
        return bool(self._rows[name].frame.property("missing"))

    def is_editable(self, name: str) -> bool:
        return self._rows[name].definition is not None

    def row_text(self, name: str) -> str:
        row = self._rows[name]
        parts = [row.title.text(), row.info.text()]
        if row.text is not None:
            parts.append(row.text.text())
        return " ".join(part for part in parts if part)
