"""DocumentList: the filter box, the status filter and the lazy table of documents."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from belannot.core.model import DocumentState, ReviewState
from belannot.ui.models.document_list_model import Column, DocumentListModel
from belannot.ui.overriding import override
from belannot.ui.plain import plain_mnemonic
from belannot.ui.widgets import select_row_quietly

# Typing pauses this long before the full-text filter runs.
FILTER_DELAY_MS = 200

COLUMN_WIDTHS = {Column.SOURCE: 84, Column.DATE: 78, Column.SPANS: 44, Column.STATE: 76}
# The title keeps at least this many characters: Source, then Date, give way first.
TITLE_MIN_CHARS = 16
GIVE_WAY = (Column.SOURCE, Column.DATE)
# A column narrower than this part of its default width (a collapsed saved state) is reset.
MIN_WIDTH_SHARE = 0.6

STATE_CHOICES: tuple[tuple[str, DocumentState | None], ...] = (
    ("All", None),
    ("New", DocumentState.NEW),
    ("In progress", DocumentState.IN_PROGRESS),
    ("Done", DocumentState.DONE),
)

REVIEW_CHOICES: tuple[tuple[str, ReviewState | None], ...] = (
    ("Any review state", None),
    ("Unannotated", ReviewState.UNANNOTATED),
    ("Unreviewed", ReviewState.UNREVIEWED),
    ("In review", ReviewState.IN_REVIEW),
    ("Reviewed", ReviewState.REVIEWED),
)


class DocumentList(QWidget):
    document_activated = Signal(str)

    def __init__(self, model: DocumentListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        row = QHBoxLayout()
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Search titles and text…")
        self.filter_edit.setClearButtonEnabled(True)
        self.state_combo = QComboBox(self)
        for text, state in STATE_CHOICES:
            self.state_combo.addItem(text, state.value if state else "")
        row.addWidget(self.filter_edit, 1)
        row.addWidget(self.state_combo)
        layout.addLayout(row)
        self._filters_row = row
        self.review_combo: QComboBox | None = None
        self.actor_button: QToolButton | None = None

        self.table = QTableView(self)
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        # Fixed widths: ResizeToContents would read every row, defeating the lazy model.
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in COLUMN_WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._widths: dict[Column, int] = {}
        # Default widths (a reviewer's Spans column is wider: "Spans (all)").
        self._defaults: dict[Column, int] = dict(COLUMN_WIDTHS)
        header.sectionResized.connect(self._on_section_resized)
        self.table.viewport().installEventFilter(self)
        layout.addWidget(self.table, 1)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(self._filter_timer.start)
        self.filter_edit.returnPressed.connect(self.apply_filter)
        self.state_combo.currentIndexChanged.connect(self._on_state)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)

    def readable_width(self) -> int:
        """The narrowest the list should be made to give way to: a readable title beside
        the columns that never give way (not a Qt minimum: the window may still shrink)."""
        kept = sum(self._defaults[c] for c in COLUMN_WIDTHS if c not in GIVE_WAY)
        return self._title_min() + kept + 2 * 6 + 8

    def _title_min(self) -> int:
        return self.table.fontMetrics().averageCharWidth() * TITLE_MIN_CHARS

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Show Source and Date only while the title keeps TITLE_MIN_CHARS beside them."""
        header = self.table.horizontalHeader()
        room = self.table.viewport().width() - self._title_min()
        room -= sum(header.sectionSize(c) for c in COLUMN_WIDTHS if c not in GIVE_WAY)
        for column in reversed(GIVE_WAY):  # Date stays longer than Source
            # A hidden section has size 0; Qt gives it back its old size when shown.
            width = header.sectionSize(column) or self._widths.get(column, self._defaults[column])
            fits = room >= width
            self.table.setColumnHidden(column, not fits)
            if fits:
                room -= width

    def _on_section_resized(self, column: int, _old: int, new: int) -> None:
        if new > 0 and column in GIVE_WAY:
            self._widths[Column(column)] = new

    def header_state(self) -> QByteArray:
        return self.table.horizontalHeader().saveState()

    def restore_header(self, state: QByteArray | None) -> None:
        """Column widths as saved, repaired: no column hidden or collapsed, Title stretched."""
        header = self.table.horizontalHeader()
        if state is not None:
            header.restoreState(state)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        header.showSection(Column.TITLE)
        for column, width in self._defaults.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.showSection(column)
            current = header.sectionSize(column)
            if not width * MIN_WIDTH_SHARE <= current <= 3 * width:
                header.resizeSection(column, width)
        self.fit_columns()

    @override
    def hideEvent(self, event: QHideEvent) -> None:
        # A closing window must not run a pending filter against a store about to close.
        self._filter_timer.stop()
        super().hideEvent(event)

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        current = self.current_document_id()
        self.model.set_search(self.filter_edit.text())
        if current is not None:
            self.select_document(current)

    def set_actor_filter(self, actor_id: str | None, name: str = "") -> None:
        """Show only the documents that mention ``actor_id``; a button says so and clears it."""
        if self.actor_button is None:
            button = self.actor_button = QToolButton(self)
            button.setObjectName("actorFilter")
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.clicked.connect(lambda: self.set_actor_filter(None))
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(layout.indexOf(self.table), button)
        current = self.current_document_id()
        self.model.set_actor_filter(actor_id)
        self.actor_button.setText(f"Mentioning {plain_mnemonic(name or actor_id or '')}  ✕")
        self.actor_button.setToolTip("Show every document again")
        self.actor_button.setVisible(actor_id is not None)
        if current is not None:
            self.select_document(current)

    def enable_review(self) -> None:
        """Reviewers: the status column and filter are about review, not their own progress."""
        if self.review_combo is not None:
            return
        self.model.set_review_column(True)
        header = self.table.horizontalHeader()
        wide = header.sectionSizeFromContents(Column.SPANS).width()
        self._defaults[Column.SPANS] = max(self._defaults[Column.SPANS], wide)
        header.resizeSection(Column.SPANS, self._defaults[Column.SPANS])
        self.state_combo.hide()
        combo = self.review_combo = QComboBox(self)
        combo.setObjectName("reviewFilter")
        for text, state in REVIEW_CHOICES:
            combo.addItem(text, state.value if state else "")
        combo.currentIndexChanged.connect(self._on_review_state)
        self._filters_row.addWidget(combo)

    def _on_review_state(self, index: int) -> None:
        assert self.review_combo is not None
        current = self.current_document_id()
        value = self.review_combo.itemData(index)
        self.model.set_review_filter(ReviewState(value) if value else None)
        if current is not None:
            self.select_document(current)

    def _on_state(self, index: int) -> None:
        current = self.current_document_id()
        value = self.state_combo.itemData(index)
        self.model.set_state_filter(DocumentState(value) if value else None)
        if current is not None:
            self.select_document(current)

    def current_document_id(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.document_id(index.row()) if index.isValid() else None

    def current_row(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        return index.row() if index.isValid() else None

    def select_document(self, document_id: str) -> bool:
        """Show ``document_id`` as current without emitting document_activated."""
        row = self.model.row_of(document_id)
        select_row_quietly(self.table, row)
        return row is not None

    def document_at(self, offset: int) -> str | None:
        """The document ``offset`` rows from the current one (fetching more when needed)."""
        current = self.current_row()
        target = 0 if current is None else current + offset
        if target < 0:
            return None
        self.model.fetch_to(target)
        return self.model.document_id(target)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        document_id = self.model.document_id(current.row()) if current.isValid() else None
        if document_id is not None:
            self.document_activated.emit(document_id)
