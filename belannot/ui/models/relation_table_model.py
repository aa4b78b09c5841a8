"""RelationTableModel: the open document's relations (type, head text, tail text, status)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Mapping
from enum import IntEnum

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from belannot.core.model import Span
from belannot.core.relations import Relation
from belannot.ui.models import READ_ONLY_ITEM_FLAGS
from belannot.ui.models.table import FlatTableModel, ModelIndex
from belannot.ui.overriding import override
from belannot.ui.plain import plain_tooltip

RELATION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TEXT_PREVIEW = 40
TOOLTIP_TEXT = 300  # a span's text in the tooltip: whole, unless it is a paragraph

RowKey = tuple[int, int, int, str]


class Column(IntEnum):
    TYPE = 0
    HEAD = 1
    TAIL = 2
    STATUS = 3


# A mark, not the word: the narrow dock's width belongs to the From and To texts; the
# word is in the tooltip (and read out by a screen reader).
STATUS_MARKS = {"pending": "○", "approved": "✓", "rejected": "✗"}
HEADERS = {Column.TYPE: "Type", Column.HEAD: "From", Column.TAIL: "To", Column.STATUS: "✓"}
STATUS_TIP = "Status: " + " · ".join(f"{mark} {word}" for word, mark in STATUS_MARKS.items())


def _first(pair: tuple[RowKey, Relation]) -> RowKey:
    return pair[0]


class RelationTableModel(FlatTableModel):
    """Rows in the order of their heads in the text; only relations whose ends are shown."""

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[Relation] = []
        self._keys: list[RowKey] = []
        self._text = ""
        self._span: Callable[[str], Span | None] = lambda _id: None
        self._colors: dict[str, QColor] = {}
        # The span selected in the view: its relations are shown bold.
        self._focus: str | None = None

    def set_colors(self, colors: Mapping[str, str]) -> None:
        self._colors = {name: QColor(color) for name, color in colors.items()}

    def set_relations(
        self, text: str, relations: Iterable[Relation], span: Callable[[str], Span | None]
    ) -> None:
        self.beginResetModel()
        self._text, self._span = text, span
        pairs: list[tuple[RowKey, Relation]] = []
        for relation in relations:  # _key inlined: 5,000 calls on opening a document
            head, tail = span(relation.head), span(relation.tail)
            if head is not None and tail is not None:
                pairs.append(((head.start, head.end, tail.start, relation.id), relation))
        pairs.sort(key=_first)
        self._keys = [key for key, _ in pairs]
        self._rows = [relation for _, relation in pairs]
        self.endResetModel()

    def update_relations(self, changed: Iterable[Relation], removed: Collection[str]) -> None:
        """Row by row: a new relation is one inserted row, not a reset of 5,000."""
        for relation in changed:
            key = self._key(relation)
            row = self.row_of(relation.id)
            if row is not None and key == self._keys[row]:
                self._rows[row] = relation  # a new status: the row stays where it is
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
                continue
            self._remove(relation.id)
            if key is not None:
                row = bisect_left(self._keys, key)
                self.beginInsertRows(QModelIndex(), row, row)
                self._keys.insert(row, key)
                self._rows.insert(row, relation)
                self.endInsertRows()
        for relation_id in removed:
            self._remove(relation_id)

    def _remove(self, relation_id: str) -> None:
        row = self.row_of(relation_id)
        if row is not None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._keys[row]
            del self._rows[row]
            self.endRemoveRows()

    def _key(self, relation: Relation) -> RowKey | None:
        head, tail = self._span(relation.head), self._span(relation.tail)
        if head is None or tail is None:
            return None
        return (head.start, head.end, tail.start, relation.id)

    def set_focus_span(self, span_id: str | None) -> None:
        if span_id != self._focus:
            self._focus = span_id
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 3))

    def row_of(self, relation_id: str | None) -> int | None:
        if relation_id is None:
            return None
        for row, relation in enumerate(self._rows):
            if relation.id == relation_id:
                return row
        return None

    def relation_at(self, row: int) -> Relation | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows_of_span(self, span_id: str) -> list[int]:
        return [row for row, r in enumerate(self._rows) if span_id in (r.head, r.tail)]

    def shown_kinds(self) -> tuple[set[str], set[str]]:
        """The relation types and the status marks the rows show (what narrow columns fit)."""
        marks = {STATUS_MARKS.get(r.status.value, r.status.value) for r in self._rows}
        return {r.type for r in self._rows}, marks

    @override
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        # The Status header is a mark too: its tooltip says what the marks mean.
        tip = role == Qt.ItemDataRole.ToolTipRole and section == Column.STATUS
        return STATUS_TIP if tip else super().headerData(section, orientation, role)

    def _span_text(self, span_id: str, limit: int = TEXT_PREVIEW) -> str:
        span = self._span(span_id)
        if span is None:
            return ""
        text = " ".join(self._text[span.start : span.end].split())
        return text if len(text) <= limit else text[: limit - 1] + "…"

    @override
    def row_total(self) -> int:
        return len(self._rows)

    @override
    def column_total(self) -> int:
        return len(Column)

    @override
    def header(self, section: int, orientation: Qt.Orientation) -> object:
        if orientation == Qt.Orientation.Horizontal and section < len(Column):
            return HEADERS[Column(section)]
        return None

    @override
    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return READ_ONLY_ITEM_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    @override
    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        relation = self.relation_at(index.row()) if index.isValid() else None
        if relation is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.TYPE:
                return relation.type
            if column == Column.HEAD:
                return self._span_text(relation.head)
            if column == Column.TAIL:
                return self._span_text(relation.tail)
            return STATUS_MARKS.get(relation.status.value, relation.status.value)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == Column.STATUS:
            return relation.status.value
        if role == RELATION_ID_ROLE:
            return relation.id
        if role == Qt.ItemDataRole.DecorationRole and column == Column.TYPE:
            return self._colors.get(relation.type)
        # The texts bold, not Type and Status: those columns are exactly as wide as their
        # words in the narrow dock.
        text_column = column in (Column.HEAD, Column.TAIL)
        if role == Qt.ItemDataRole.FontRole and text_column and self._focus in relation.ends():
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            # The whole texts: the cells show a few characters in a narrow dock.
            head = self._span_text(relation.head, TOOLTIP_TEXT)
            tail = self._span_text(relation.tail, TOOLTIP_TEXT)
            status = relation.status.value
            return plain_tooltip(
                f"{relation.type}: {head} → {tail} · {relation.annotator} · {status}"
            )
        return None
