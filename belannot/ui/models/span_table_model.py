"""SpanTableModel: the open document's spans (label, text, annotator, status, attributes…)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Mapping, Sequence
from enum import IntEnum

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from belannot.core.model import Label, Span, span_order
from belannot.core.span_agreement import AgreementKind, SpanAgreement
from belannot.ui.attribute_text import attributes_text
from belannot.ui.models import READ_ONLY_ITEM_FLAGS
from belannot.ui.models.table import FlatTableModel, ModelIndex
from belannot.ui.overriding import override
from belannot.ui.plain import plain_tooltip

SPAN_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Long spans are cut in the table; the view shows them whole.
TEXT_PREVIEW = 80


# Rows one refresh may remove and insert before a full reset is cheaper.
SPLICE_LIMIT = 200


class Column(IntEnum):
    LABEL = 0
    TEXT = 1
    ANNOTATOR = 2
    STATUS = 3
    AGREEMENT = 4
    ATTRIBUTES = 5
    ACTOR = 6


HEADERS = {
    Column.LABEL: "Label",
    Column.TEXT: "Text",
    Column.ANNOTATOR: "Annotator",
    Column.STATUS: "Status",
    Column.AGREEMENT: "Agreement",
    Column.ATTRIBUTES: "Attributes",
    Column.ACTOR: "Actor",
}

# The agreement cue, the same in the table and the article view: colour-blind safe hues.
CONSENSUS_COLORS = {
    AgreementKind.ALL: QColor("#1b9e57"),
    AgreementKind.SOME: QColor("#e0a100"),
    AgreementKind.LABEL_CONFLICT: QColor("#d62728"),
    AgreementKind.BOUNDARY_CONFLICT: QColor("#d62728"),
    AgreementKind.CORRECTION: QColor("#6a51a3"),
    AgreementKind.ATTRIBUTES_DIFFER: QColor("#0072b2"),
}


class SpanTableModel(FlatTableModel):
    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._text = ""
        self._spans: list[Span] = []
        self._by_id: dict[str, Span] = {}
        self._colors: dict[str, QColor] = {}
        # Each label's declared attribute names, in order: how the Attributes column lists them.
        self._orders: dict[str, tuple[str, ...]] = {}
        self._agreements: Mapping[str, SpanAgreement] = {}
        # How a status is named (review: a duplicate is "duplicate", never "rejected").
        self.status_text: Callable[[Span], str] = _status_value
        # The actor a span is linked to, by name (the window's actor linking sets it).
        self.actor_text: Callable[[Span], str] = _no_actor

    def set_labels(self, labels: Sequence[Label]) -> None:
        self._colors = {label.name: QColor(label.color) for label in labels}
        self._orders = {label.name: tuple(d.name for d in label.attributes) for label in labels}
        if self._spans:
            self.dataChanged.emit(
                self.index(0, Column.LABEL), self.index(len(self._spans) - 1, Column.LABEL), []
            )
            last = len(self._spans) - 1
            self.dataChanged.emit(
                self.index(0, Column.ATTRIBUTES), self.index(last, Column.ATTRIBUTES), []
            )

    def set_spans(
        self,
        text: str,
        spans: Sequence[Span],
        agreements: Mapping[str, SpanAgreement] | None = None,
        *,
        ordered: bool = False,
    ) -> None:
        """``ordered``: ``spans`` are in list order already (as the store and the review
        layer hand them over); they are copied, not sorted again."""
        new = list(spans) if ordered else sorted(spans, key=span_order)
        if text != self._text or not self._splice(new):
            self._reset(text, new)
        self._by_id = {span.id: span for span in self._spans}
        old_agreements, self._agreements = self._agreements, agreements or {}
        if (old_agreements or self._agreements) and self._spans:
            last = len(self._spans) - 1
            self.dataChanged.emit(
                self.index(0, Column.AGREEMENT), self.index(last, Column.AGREEMENT)
            )

    def update_spans(self, changed: Sequence[Span], removed: Collection[str] = ()) -> None:
        """Put in (or move) the ``changed`` spans and drop the ``removed`` ids, row by row:
        the other rows are neither sorted again nor compared."""
        by_id = self._by_id
        if len(changed) + len(removed) > SPLICE_LIMIT:
            gone = {*removed, *(span.id for span in changed)}
            kept = [span for span in self._spans if span.id not in gone]
            self._reset(self._text, sorted([*kept, *changed], key=span_order))
            self._by_id = {span.id: span for span in self._spans}
            return
        for span_id in removed:
            if (old := by_id.pop(span_id, None)) is not None:
                self._move(old, None)
        for span in changed:
            self._move(by_id.get(span.id), span)
            by_id[span.id] = span

    def _move(self, old: Span | None, new: Span | None) -> None:
        spans = self._spans
        if old is not None:
            row = bisect_left(spans, span_order(old), key=span_order)
            if new is not None and _fits(spans, row, new):
                spans[row] = new
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1), [])
                return
            self.beginRemoveRows(QModelIndex(), row, row)
            del spans[row]
            self.endRemoveRows()
        if new is not None:
            row = bisect_left(spans, span_order(new), key=span_order)
            self.beginInsertRows(QModelIndex(), row, row)
            spans.insert(row, new)
            self.endInsertRows()

    def _reset(self, text: str, spans: list[Span]) -> None:
        self.beginResetModel()
        self._text = text
        self._spans = spans
        self.endResetModel()

    def _splice(self, new: list[Span]) -> bool:
        """Move from the shown spans to ``new`` by removing and inserting only the rows
        between their common head and tail (one edit touches a row or two of 10,000, and
        the view keeps its scroll position). False when too much differs: reset instead."""
        old = self._spans
        head, old_end, new_end = 0, len(old), len(new)
        while head < old_end and head < new_end and old[head] is new[head]:
            head += 1
        while old_end > head and new_end > head and old[old_end - 1] is new[new_end - 1]:
            old_end -= 1
            new_end -= 1
        if (old_end - head) + (new_end - head) > SPLICE_LIMIT:
            return False
        if old_end > head:
            self.beginRemoveRows(QModelIndex(), head, old_end - 1)
            self._spans = old[:head] + old[old_end:]
            self.endRemoveRows()
        if new_end > head:
            self.beginInsertRows(QModelIndex(), head, new_end - 1)
            self._spans = new
            self.endInsertRows()
        self._spans = new
        return True

    def refresh_actor_column(self, span_ids: Collection[str] | None = None) -> None:
        """The Actor cells again: of ``span_ids`` only, or every row."""
        if not self._spans:
            return
        rows = (
            [row for row in map(self.row_of, span_ids) if row is not None]
            if span_ids is not None
            else [0, len(self._spans) - 1]
        )
        if rows:
            first, last = min(rows), max(rows)
            self.dataChanged.emit(self.index(first, Column.ACTOR), self.index(last, Column.ACTOR))

    def attributes_of(self, span: Span) -> str:
        return attributes_text(span.attributes, self._orders.get(span.label, ()))

    def span_at(self, row: int) -> Span | None:
        return self._spans[row] if 0 <= row < len(self._spans) else None

    def spans(self) -> list[Span]:
        return list(self._spans)

    def agreement(self, span_id: str) -> SpanAgreement | None:
        return self._agreements.get(span_id)

    def row_of(self, span_id: str | None) -> int | None:
        span = self._by_id.get(span_id) if span_id is not None else None
        if span is None:
            return None
        return bisect_left(self._spans, span_order(span), key=span_order)

    @override
    def row_total(self) -> int:
        return len(self._spans)

    @override
    def column_total(self) -> int:
        return len(Column)

    @override
    def header(self, section: int, orientation: Qt.Orientation) -> object:
        if orientation is Qt.Orientation.Horizontal and section < len(Column):
            return HEADERS[Column(section)]
        return None

    @override
    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # Painting asks ~8 roles per cell: reject the unused ones before any work.
        if role not in _ROLES or not index.isValid():
            return None
        span = self.span_at(index.row())
        if span is None:
            return None
        # A plain int compared with ==: making a Column per call cost as much as the rest.
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.LABEL:
                return span.label
            if column == Column.TEXT:
                return _preview(span.text_in(self._text))
            if column == Column.ANNOTATOR:
                return span.annotator
            if column == Column.AGREEMENT:
                found = self._agreements.get(span.id)
                return found.describe() if found else ""
            if column == Column.ATTRIBUTES:
                return self.attributes_of(span)
            if column == Column.ACTOR:
                return self.actor_text(span)
            return self.status_text(span)
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.AGREEMENT:
            found = self._agreements.get(span.id)
            return CONSENSUS_COLORS[found.kind].darker(115) if found else None
        if role == Qt.ItemDataRole.DecorationRole and column == Column.AGREEMENT:
            found = self._agreements.get(span.id)
            return CONSENSUS_COLORS[found.kind] if found else None
        if role == Qt.ItemDataRole.ToolTipRole:
            found = self._agreements.get(span.id)
            agreement = f" · agreement: {found.kind.value}" if found else ""
            if found and found.differing:
                agreement += f" ({', '.join(found.differing)})"
            attributes = self.attributes_of(span)
            actor = self.actor_text(span)
            return plain_tooltip(
                f"{span.label} · {span.annotator} · {self.status_text(span)}{agreement}\n"
                + (f"{attributes}\n" if attributes else "")
                + (f"actor: {actor}\n" if actor else "")
                + _preview(span.text_in(self._text), 400)
            )
        if role == Qt.ItemDataRole.DecorationRole and column == Column.LABEL:
            return self._colors.get(span.label)
        if role == SPAN_ID_ROLE:
            return span.id
        return None

    @override
    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return READ_ONLY_ITEM_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags


_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
        SPAN_ID_ROLE,
    )
)


def _no_actor(_span: Span) -> str:
    return ""


def _status_value(span: Span) -> str:
    return span.status.value


def _fits(spans: list[Span], row: int, span: Span) -> bool:
    """Whether ``span`` can take row ``row`` and keep the rows in order."""
    key = span_order(span)
    return (row == 0 or span_order(spans[row - 1]) <= key) and (
        row + 1 >= len(spans) or key <= span_order(spans[row + 1])
    )


def _preview(text: str, limit: int = TEXT_PREVIEW) -> str:
    # One line: newlines and tabs would break the row height.
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
