"""TagPanel: label buttons, the open document's spans, one span's attributes and note, progress."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QObject,
    QRectF,
    QSignalBlocker,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSizePolicy,
    QStyle,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from belannot.core.attributes import NOTE_ATTRIBUTE
from belannot.core.model import Label, Span
from belannot.core.span_agreement import SpanAgreement
from belannot.ui.actions import label_hotkey
from belannot.ui.models.span_table_model import SPAN_ID_ROLE, SpanTableModel
from belannot.ui.overriding import override
from belannot.ui.plain import plain_mnemonic
from belannot.ui.widgets import select_row_quietly
from belannot.ui.widgets.attribute_editor import AttributeEditor
from belannot.ui.widgets.guidelines_pane import label_tooltip

# The span list wants this many rows (the window makes the Guidelines dock give way for
# them) and never shows fewer than SPAN_MIN_ROWS (the window's minimum height).
SPAN_ROWS = 6
SPAN_MIN_ROWS = 3


def color_icon(color: str, size: int = 12, ratio: float = 1.0) -> QIcon:
    # Drawn at the screen's pixel ratio so the swatch stays crisp at 200 %.
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(QColor(color).darker(130))
    painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), 3, 3)
    painter.end()
    return QIcon(pixmap)


def _section(title: str) -> QLabel:
    label = QLabel(title)
    label.setObjectName("sectionTitle")
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class TagPanel(QWidget):
    """The right-hand dock. Emits what the person did; the window turns it into commands."""

    label_clicked = Signal(str)
    span_selected = Signal(object)  # span id or None
    note_edited = Signal(str, str)  # span id, new note
    # The label chosen by a button or hotkey (for the guidelines pane).
    current_label_changed = Signal(str)
    # The label under the mouse, None when it leaves the buttons.
    label_hovered = Signal(object)
    # Another span's attributes, a scroll bar: the panel may want more height.
    room_wanted = Signal()

    def __init__(self, sticky_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: list[Label] = []
        self._buttons: dict[str, QToolButton] = {}
        self._current_label: str | None = None
        self._note_span: Span | None = None
        self._label_width = 0

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(4)  # a short screen needs each pixel for the lists and attributes

        # "Sticky label" on the title's line: a short screen needs the line below.
        title_row = QHBoxLayout()
        title_row.addWidget(_section("Labels"))
        title_row.addStretch(1)
        layout.addLayout(title_row)
        self._button_grid = QGridLayout()
        self._button_grid.setSpacing(4)
        layout.addLayout(self._button_grid)
        self.sticky_button = QToolButton(self)
        self.sticky_button.setDefaultAction(sticky_action)
        self.sticky_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        title_row.addWidget(self.sticky_button)
        self._sticky_action = sticky_action
        sticky_action.toggled.connect(self._update_buttons)

        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)

        self.spans_title = _section("Spans")
        layout.addWidget(self.spans_title)
        self.span_model = SpanTableModel(self)
        self.span_table = QTableView(self)
        self.span_table.setModel(self.span_model)
        self.span_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.span_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.span_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.span_table.setAlternatingRowColors(True)
        self.span_table.setShowGrid(False)
        self.span_table.setWordWrap(False)
        self.span_table.verticalHeader().setVisible(False)
        self.span_table.verticalHeader().setDefaultSectionSize(22)
        self.span_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.span_table.horizontalHeader()
        # Fixed widths from the font, not ResizeToContents: that asks every row of a
        # 10,000-span document for its size on each refresh (hundreds of ms).
        metrics = self.span_table.fontMetrics()
        for column, sample in (
            (0, "prediction__"),
            (2, "annotator__"),
            (3, "approved__"),
            (4, "≠ bounds 2/2___"),
            (5, "certainty=likely__"),
            (6, "Lukashenko__"),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._default_widths = {c: header.sectionSize(c) for c in (0, 2, 3, 4, 5, 6)}
        # Several rows even on a short screen: the Guidelines dock below gives way first.
        self._row_height = self.span_table.verticalHeader().defaultSectionSize()
        rows = SPAN_MIN_ROWS * self._row_height
        self.span_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frame = 2 * self.span_table.frameWidth()
        self._min_table_height = rows + header.sizeHint().height() + frame
        self.span_table.setMinimumHeight(self._min_table_height)
        # Agreement matters only to a reviewer (set_review_mode).
        self.span_table.setColumnHidden(4, True)
        header.setHighlightSections(False)
        self.span_table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.span_table.viewport().installEventFilter(self)
        layout.addWidget(self.span_table, 1)

        self._attributes_title = _section("Attributes of the selected span")
        layout.addWidget(self._attributes_title)
        self.attribute_editor = AttributeEditor(self)
        layout.addWidget(self.attribute_editor)

        # No titles over the note and the progress: the placeholder and the bar say what
        # they are, and a short screen needs the lines for the attributes.
        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText("Select a span to add a note")
        self.note_edit.setClearButtonEnabled(True)
        self.note_edit.setEnabled(False)
        self.note_edit.editingFinished.connect(self._commit_note)
        layout.addWidget(self.note_edit)

        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        layout.addWidget(self.progress)

    # -- labels ----------------------------------------------------------------------

    def set_labels(self, labels: Sequence[Label]) -> None:
        self._labels = list(labels)
        self.span_model.set_labels(labels)
        self.attribute_editor.set_labels(self._labels)
        self._fit_label_column()
        while self._button_grid.count():
            item = self._button_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._buttons.clear()
        for index, label in enumerate(self._labels):
            key = label_hotkey(label, index)
            # A label name is never markup, nor a mnemonic.
            button = QToolButton(self)
            name = plain_mnemonic(label.name)
            button.setText(f"{key}  {name}" if key else name)
            button.setIcon(color_icon(label.color, ratio=self.devicePixelRatioF()))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setToolTip(label_tooltip(label))
            button.installEventFilter(self)
            button.setCheckable(True)
            button.setAutoRaise(False)
            button.setMinimumHeight(28)
            button.setSizePolicy(
                button.sizePolicy().Policy.Expanding, button.sizePolicy().Policy.Fixed
            )
            button.setProperty("labelName", label.name)
            button.setStyleSheet(
                f"QToolButton {{ border-left: 4px solid {label.color}; padding: 3px 8px;"
                " text-align: left; }"
                f" QToolButton:checked {{ background: {_tint(label.color)}; }}"
            )
            button.clicked.connect(lambda _=False, name=label.name: self._on_label_button(name))
            self._button_grid.addWidget(button, index // 2, index % 2)
            self._buttons[label.name] = button
        if self._current_label not in self._buttons:
            self._current_label = self._labels[0].name if self._labels else None
        self._update_buttons()

    def _fit_label_column(self) -> None:
        # The widest label name beside its colour swatch, never elided.
        metrics = self.span_table.fontMetrics()
        widest = max((metrics.horizontalAdvance(label.name) for label in self._labels), default=0)
        icon = self.span_table.iconSize().width()
        icon = icon if icon > 0 else self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        width = max(widest + icon + 24, self._default_widths[0])
        self.span_table.horizontalHeader().resizeSection(0, width)
        self._label_width = width

    def missing_span_height(self) -> int:
        """How many pixels the span list lacks to show SPAN_ROWS rows."""
        return max(0, SPAN_ROWS * self._row_height - self.span_table.viewport().height())

    def missing_height(self) -> int:
        """How many pixels the span list and the attribute editor lack (the window makes
        the Guidelines dock give way for them)."""
        editor = self.attribute_editor
        return self.missing_span_height() + max(0, editor.sizeHint().height() - editor.height())

    def header_state(self) -> QByteArray:
        return self.span_table.horizontalHeader().saveState()

    def restore_header(self, state: QByteArray | None) -> None:
        """Column widths as saved, repaired: Label never narrower than its names, Text
        stretched and shown; which columns show stays the window's choice."""
        header = self.span_table.horizontalHeader()
        hidden = {c: header.isSectionHidden(c) for c in range(header.count())}
        if state is not None:
            header.restoreState(state)
        for column, width in self._default_widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            if not width * 0.6 <= header.sectionSize(column) <= 3 * width:
                header.resizeSection(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, was_hidden in hidden.items():
            header.setSectionHidden(column, was_hidden)
        if header.sectionSize(0) < self._label_width:
            header.resizeSection(0, self._label_width)

    def button_for(self, label: str) -> QToolButton:
        return self._buttons[label]

    def current_label(self) -> str | None:
        """The label chosen last: the sticky label, and the one 'label every match' uses."""
        return self._current_label

    def set_current_label(self, label: str) -> None:
        if label in self._buttons:
            self._current_label = label
            self._update_buttons()
            self.current_label_changed.emit(label)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.span_table.viewport():
            if self.missing_span_height():  # e.g. a reviewer's scroll bar took a row
                self.room_wanted.emit()
        if event.type() in (QEvent.Type.Enter, QEvent.Type.Leave):
            name = watched.property("labelName")
            if name is not None and self._buttons.get(str(name)) is watched:
                entered = event.type() == QEvent.Type.Enter
                self.label_hovered.emit(str(name) if entered else None)
        return super().eventFilter(watched, event)

    def _on_label_button(self, name: str) -> None:
        shift = QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier
        if shift:
            # Shift+click: sticky mode with this label (again: leave it). Changes no span.
            leaving = self._sticky_action.isChecked() and name == self._current_label
            self.set_current_label(name)
            self._sticky_action.setChecked(not leaving)
            self._update_buttons()
            return
        self.set_current_label(name)
        self.label_clicked.emit(name)

    def _update_buttons(self) -> None:
        sticky = self._sticky_action.isChecked()
        for name, button in self._buttons.items():
            button.setChecked(sticky and name == self._current_label)

    # -- spans ----------------------------------------------------------------------------

    def set_review_mode(self, on: bool) -> None:
        """Show the agreement column (reviewers); the list may then scroll sideways."""
        self.span_table.setColumnHidden(4, not on)
        self.span_table.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded if on else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) if on else 0
        self.span_table.setMinimumHeight(self._min_table_height + bar)

    def set_spans(
        self,
        text: str,
        spans: Sequence[Span],
        current: str | None,
        agreements: Mapping[str, SpanAgreement] | None = None,
    ) -> None:
        """``spans`` in list order, as the review layer hands them over from the store: the
        list takes them as they are (sorting 10,000 spans again cost ~2.5 ms an open)."""
        with QSignalBlocker(self.span_table.selectionModel()):
            self.span_model.set_spans(text, spans, agreements, ordered=True)
        self.spans_title.setText(f"Spans ({len(spans)})")
        self.select_span(current)

    def update_spans(
        self, changed: Sequence[Span], removed: Collection[str], current: str | None
    ) -> None:
        """Only these spans changed (new, edited or, by id, removed): the other rows stay."""
        with QSignalBlocker(self.span_table.selectionModel()):
            self.span_model.update_spans(changed, removed)
        self.spans_title.setText(f"Spans ({self.span_model.rowCount()})")
        self.select_span(current)

    def select_span(self, span_id: str | None) -> None:
        """Select ``span_id`` in the list without announcing it back (no loops)."""
        row = self.span_model.row_of(span_id)
        select_row_quietly(self.span_table, row)
        self._show_note(self.span_model.span_at(row) if row is not None else None)

    def selected_span_id(self) -> str | None:
        index = self.span_table.selectionModel().currentIndex()
        return index.data(SPAN_ID_ROLE) if index.isValid() else None

    def _on_current_row(self, current: object, _previous: object) -> None:
        span_id = self.selected_span_id()
        row = self.span_model.row_of(span_id)
        self._show_note(self.span_model.span_at(row) if row is not None else None)
        self.span_selected.emit(span_id)

    def add_list_tab(self, widget: QWidget, title: str) -> QTabWidget:
        """Show ``widget`` (the Relations list) in a tab beside the span list: a small
        screen has no room for both lists under each other."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        at = layout.indexOf(self.span_table)
        layout.removeWidget(self.span_table)
        tabs = self.list_tabs = QTabWidget(self)
        tabs.setDocumentMode(True)
        tabs.addTab(self.span_table, "Spans")
        tabs.addTab(widget, title)
        # The attributes get the height their rows need first; the lists take the rest.
        tabs.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        tabs.setMinimumHeight(tabs.minimumSizeHint().height())  # Ignored would drop it
        layout.insertWidget(at, tabs, 1)
        self.spans_title.hide()  # the tab says it
        model = self.span_model

        def count() -> None:
            tabs.setTabText(0, f"Spans ({model.rowCount()})")

        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(count)
        count()
        return tabs

    def add_span_line(self, widget: QWidget) -> None:
        """A word about the selected span (its actor) beside its attributes' title: a
        line of its own would take a row from the span list on a small screen."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        title = self._attributes_title
        at = layout.indexOf(title)
        layout.removeWidget(title)
        title.setText("Attributes")
        row = QHBoxLayout()
        row.addWidget(title)
        row.addWidget(widget, 1)
        layout.insertLayout(at, row)

    # -- notes ------------------------------------------------------------------------------

    def _show_note(self, span: Span | None) -> None:
        self._note_span = span
        self.attribute_editor.show_span(span)
        self.room_wanted.emit()
        with QSignalBlocker(self.note_edit):
            self.note_edit.setText(str(span.attributes.get(NOTE_ATTRIBUTE, "")) if span else "")
        self.note_edit.setEnabled(span is not None)
        self.note_edit.setPlaceholderText(
            "Note on this span (Enter to save)" if span else "Select a span to add a note"
        )

    def _commit_note(self) -> None:
        span = self._note_span
        if span is None:
            return
        text = self.note_edit.text().strip()
        if text != str(span.attributes.get(NOTE_ATTRIBUTE, "")):
            self.note_edited.emit(span.id, text)

    # -- progress ------------------------------------------------------------------------------

    def set_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done} / {total} documents done")


def _tint(color: str) -> str:
    tint = QColor(color)
    tint.setAlpha(60)
    return f"rgba({tint.red()}, {tint.green()}, {tint.blue()}, 60)"
