"""RelationList: the tag panel's Relations table; Delete on a row asks to delete the relation."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from belannot.ui.models.relation_table_model import RELATION_ID_ROLE, Column, RelationTableModel
from belannot.ui.widgets import select_row_quietly

DELETE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
ROWS = 3


class RelationList(QWidget):
    """Shows every relation of the open document; emits what the person chose or asked."""

    relation_selected = Signal(object)  # relation id or None
    delete_requested = Signal(str)
    # "Relations (12)": for the tab that holds the list.
    title_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RelationTableModel(self)
        table = self.table = QTableView(self)
        table.setObjectName("relationTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(22)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        # Fixed widths from the font: ResizeToContents would measure 5,000 rows.
        metrics = table.fontMetrics()
        header.setSectionResizeMode(Column.TYPE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.STATUS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(Column.STATUS, metrics.horizontalAdvance("approved") + 8)
        self.fit_types(["about"])
        for column in (Column.HEAD, Column.TAIL):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        table.setMinimumHeight(ROWS * 22 + header.sizeHint().height() + 2 * table.frameWidth())
        table.installEventFilter(self)
        table.selectionModel().currentRowChanged.connect(
            lambda *_: self.relation_selected.emit(self.selected_relation_id())
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(table, 1)

    def fit_types(self, names: list[str]) -> None:
        """The Type column as wide as the longest type name beside its swatch, no wider:
        the narrow dock's width belongs to the texts."""
        metrics = self.table.fontMetrics()
        widest = max((metrics.horizontalAdvance(name) for name in names), default=0)
        self.table.horizontalHeader().resizeSection(Column.TYPE, widest + 30)

    def title(self, count: int | None = None) -> str:
        return f"Relations ({self.model.rowCount() if count is None else count})"

    def update_title(self, count: int | None = None) -> None:
        """``count``: how many there are while the list is not filled."""
        self.title_changed.emit(self.title(count))

    def selected_relation_id(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        value = index.data(RELATION_ID_ROLE) if index.isValid() else None
        return str(value) if value else None

    def select_relation(self, relation_id: str | None) -> None:
        """Select the row without announcing it back (the caller follows the view)."""
        select_row_quietly(self.table, self.model.row_of(relation_id))

    def show_span(self, span_id: str | None) -> None:
        """Bold ``span_id``'s relations, and select its first unless one is selected."""
        self.model.set_focus_span(span_id)
        if span_id is None:
            return
        current = self.model.relation_at(self.table.selectionModel().currentIndex().row())
        if current is not None and span_id in current.ends():
            return
        rows = self.model.rows_of_span(span_id)
        if rows:
            select_row_quietly(self.table, rows[0])
        elif current is not None:
            select_row_quietly(self.table, None)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and isinstance(event, QKeyEvent):
            plain = event.modifiers() == Qt.KeyboardModifier.NoModifier
            if plain and event.key() in DELETE_KEYS:
                relation_id = self.selected_relation_id()
                if event.type() == QEvent.Type.KeyPress and relation_id is not None:
                    self.delete_requested.emit(relation_id)
                event.accept()
                return True
        return super().eventFilter(watched, event)
