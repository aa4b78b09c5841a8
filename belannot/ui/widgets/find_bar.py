"""FindBar: the search-in-article strip (hits while typing, next / previous, label every
match with the label it shows, close)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from belannot.core.model import Label
from belannot.ui.overriding import override

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FindBar(QWidget):
    """Asks for the search; the window runs it on the ArticleView and reports back."""

    find_requested = Signal(str, bool)  # query, backwards
    # The query changed while typing: find its first hit from where the search stands.
    query_edited = Signal(str)
    label_all_requested = Signal(str)
    # The label picked in the bar's combo (the window makes it the current label).
    label_chosen = Signal(str)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find_bar")
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find in article")
        self.edit.setClearButtonEnabled(True)
        self.previous_button = QToolButton(self)
        self.previous_button.setText("↑")
        self.previous_button.setToolTip("Previous match (Shift+Enter)")
        self.next_button = QToolButton(self)
        self.next_button.setText("↓")
        self.next_button.setToolTip("Next match (Enter)")
        self.label_all_button = QToolButton(self)
        self.label_all_button.setText("Label all matches")
        self.label_all_button.setToolTip("Give every match the label chosen beside it")
        # The label "Label all matches" applies, in sight: the current label, or pick one.
        self.label_combo = QComboBox(self)
        self.label_combo.setObjectName("findLabel")
        self.label_combo.setToolTip("The label Label all matches gives (the current label)")
        self.label_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.label_combo.activated.connect(self._on_label_combo)
        self.label_combo.currentIndexChanged.connect(self._on_label_combo)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setToolTip("Close (Esc)")
        self.close_button.setAutoRaise(True)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.status)
        layout.addWidget(self.label_all_button)
        layout.addWidget(self.label_combo)
        layout.addWidget(self.close_button)

        self.edit.returnPressed.connect(lambda: self._request(False))
        self.previous_button.clicked.connect(lambda: self._request(True))
        self.next_button.clicked.connect(lambda: self._request(False))
        self.label_all_button.clicked.connect(self._label_all)
        self.close_button.clicked.connect(self.close_bar)
        self.edit.textChanged.connect(self._update_buttons)
        self.edit.textEdited.connect(self._on_edited)
        self.edit.installEventFilter(self)
        self._update_buttons()

    def query(self) -> str:
        return self.edit.text()

    def open_bar(self, query: str | None = None) -> None:
        """Show the bar with ``query`` (if given) selected, ready for typing."""
        if query:
            self.edit.setText(query)
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def set_labels(self, labels: Sequence[Label], current: str | None) -> None:
        with QSignalBlocker(self.label_combo):
            self.label_combo.clear()
            for label in labels:
                self.label_combo.addItem(label.name, label.name)
        self.set_label(current)

    def set_label(self, name: str | None) -> None:
        """Show ``name`` as the label to apply (quietly: no label_chosen back)."""
        index = self.label_combo.findData(name) if name is not None else -1
        with QSignalBlocker(self.label_combo):
            self.label_combo.setCurrentIndex(index)

    def label(self) -> str | None:
        data = self.label_combo.currentData()
        return str(data) if data is not None else None

    def _on_label_combo(self, _index: int) -> None:
        name = self.label()
        if name is not None:
            self.label_chosen.emit(name)

    def _on_edited(self, text: str) -> None:
        if text:
            self.query_edited.emit(text)

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def set_status(self, text: str) -> None:
        """A short plain-text note, e.g. "3 of 12" or "No match"."""
        self.status.setText(text)

    def _request(self, backwards: bool) -> None:
        if self.query():
            self.find_requested.emit(self.query(), backwards)

    def _label_all(self) -> None:
        if self.query():
            self.label_all_requested.emit(self.query())

    def _update_buttons(self) -> None:
        enabled = bool(self.query())
        for button in (self.previous_button, self.next_button, self.label_all_button):
            button.setEnabled(enabled)
        if not enabled:
            self.status.clear()

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The line edit would take Shift+Enter as a plain Enter; Esc closes from anywhere.
        if watched is self.edit and isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            if event.type() == QEvent.Type.KeyPress and shift and event.key() in _ENTER_KEYS:
                self._request(True)
                return True
        return super().eventFilter(watched, event)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)
