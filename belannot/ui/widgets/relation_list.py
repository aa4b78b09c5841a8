"""RelationList: the tag panel's Relations table; Delete on a row asks to delete the relation."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QStyle,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from belannot.ui.models.relation_table_model import (
    HEADERS,
    RELATION_ID_ROLE,
    Column,
    RelationTableModel,
)
from belannot.ui.overriding import override
from belannot.ui.widgets import row_table, select_row_quietly

DELETE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
ROWS = 3
SWATCH = 10  # the type's colour: a small square, the width is the texts'


class RelationList(QWidget):
    """Shows every relation of the open document; emits what the person chose or asked."""

    relation_selected = Signal(object)  # relation id or None
    delete_requested = Signal(str)
    # "Relations (12)": for the tab that holds the list.
    title_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RelationTableModel(self)
        table = self.table = row_table(self)
        table.setObjectName("relationTable")
        table.setModel(self.model)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        # Type and Status as wide as what they show, from the font (ResizeToContents would
        # measure 5,000 rows); From and To share the rest, whole in the tooltip.
        header.setSectionResizeMode(Column.TYPE, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(Column.STATUS, QHeaderView.ResizeMode.Fixed)
        for column in (Column.HEAD, Column.TAIL):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setIconSize(QSize(SWATCH, SWATCH))
        self.fit_columns()
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self.fit_columns)
        # One row's new status may be a wider word (approved); a new focus changes no word.
        self.model.dataChanged.connect(self._changed)
        table.setMinimumHeight(ROWS * 22 + header.sizeHint().height() + 2 * table.frameWidth())
        table.installEventFilter(self)
        table.selectionModel().currentRowChanged.connect(
            lambda *_: self.relation_selected.emit(self.selected_relation_id())
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(table, 1)

    def fit_columns(self) -> None:
        """Type and Status as wide as the widest name (beside its swatch) and status the rows
        show; no wider: the narrow dock's width belongs to the texts."""
        types, statuses = self.model.shown_kinds()
        header = self.table.horizontalHeader()
        for column, texts, swatch in (
            (Column.TYPE, types or {"about"}, True),
            (Column.STATUS, statuses or {"○"}, False),
        ):
            width = max(self._cell_width(text, swatch) for text in texts)
            if column == Column.STATUS:  # its header mark too
                width = max(width, self._cell_width(HEADERS[Column.STATUS], False) + 4)
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def _changed(self, first: QModelIndex, last: QModelIndex, *_: object) -> None:
        if first.row() == last.row():
            self.fit_columns()

    def _cell_width(self, text: str, swatch: bool) -> int:
        # What the view's delegate asks of the style for such a cell (+1, as the view adds).
        option = QStyleOptionViewItem()
        option.initFrom(self.table)
        font = self.table.font()
        option.font, option.fontMetrics = font, QFontMetrics(font)
        option.text = text
        option.features = QStyleOptionViewItem.ViewItemFeature.HasDisplay
        if swatch:
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration
            option.decorationSize = self.table.iconSize()
        style = self.table.style()
        item = QStyle.ContentsType.CT_ItemViewItem
        return style.sizeFromContents(item, option, QSize(), self.table).width() + 1

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
