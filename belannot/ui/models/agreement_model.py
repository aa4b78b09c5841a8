"""Agreement tables: the pair matrix of one span figure, and the relation and attribute rows."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from belannot.core.agreement import AgreementReport, LabelAgreement, PairAgreement
from belannot.core.attribute_agreement import attribute_table
from belannot.ui.models import READ_ONLY_ITEM_FLAGS
from belannot.ui.models.table import FlatTableModel, ModelIndex
from belannot.ui.overriding import override
from belannot.ui.plain import plain_tooltip

VALUE_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class Metric(Enum):
    EXACT_F1 = "Span F1, exact"
    OVERLAP_F1 = "Span F1, overlap"
    KAPPA = "Cohen's kappa"

    def of(self, pair: PairAgreement) -> float | None:
        if self is Metric.EXACT_F1:
            return pair.exact_f1
        if self is Metric.OVERLAP_F1:
            return pair.overlap_f1
        return pair.kappa


def figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def heat(value: float | None) -> QColor | None:
    """A cell tint from red (≤ 0) through amber to green (1)."""
    if value is None:
        return None
    v = max(0.0, min(1.0, value))
    low, mid, high = QColor("#f4c7c3"), QColor("#fce8b2"), QColor("#b7e1cd")
    a, b, t = (low, mid, v / 0.5) if v < 0.5 else (mid, high, (v - 0.5) / 0.5)
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


class PairMatrixModel(FlatTableModel):
    """Rows and columns are the report's annotators; a cell is the pair's figure."""

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._report: AgreementReport | None = None
        self._label: str | None = None
        self._metric = Metric.EXACT_F1

    def set_report(self, report: AgreementReport | None) -> None:
        self.beginResetModel()
        self._report = report
        if report is not None and self._label not in {e.label for e in report.labels}:
            self._label = None
        self.endResetModel()

    def set_label(self, label: str | None) -> None:
        """Show ``label``'s figures; None: overall."""
        self._label = label
        self._all_changed()

    def set_metric(self, metric: Metric) -> None:
        self._metric = metric
        self._all_changed()

    def metric(self) -> Metric:
        return self._metric

    def _all_changed(self) -> None:
        if self.rowCount():
            last = self.rowCount() - 1
            self.dataChanged.emit(self.index(0, 0), self.index(last, last), [])

    def _entry(self) -> LabelAgreement | None:
        report = self._report
        if report is None:
            return None
        return report.overall if self._label is None else report.label(self._label)

    def _names(self) -> tuple[str, ...]:
        return self._report.annotators if self._report is not None else ()

    def pair_at(self, row: int, column: int) -> PairAgreement | None:
        names, entry = self._names(), self._entry()
        if entry is None or row == column or not (0 <= row < len(names) > column >= 0):
            return None
        return entry.pair(names[row], names[column])

    @override
    def row_total(self) -> int:
        return len(self._names())

    @override
    def column_total(self) -> int:
        return len(self._names())

    @override
    def header(self, section: int, orientation: Qt.Orientation) -> object:
        names = self._names()
        return names[section] if section < len(names) else None

    @override
    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid():
            return None
        if index.row() == index.column():
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            return "—" if role == Qt.ItemDataRole.DisplayRole else None
        pair = self.pair_at(index.row(), index.column())
        if pair is None:
            return None
        value = self._metric.of(pair)
        if role == Qt.ItemDataRole.DisplayRole:
            return figure(value)
        if role == VALUE_ROLE:
            return value
        if role == Qt.ItemDataRole.BackgroundRole:
            return heat(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            first, second = pair.annotators
            return plain_tooltip(
                f"{first}: {pair.spans[0]} spans · {second}: {pair.spans[1]} spans\n"
                f"exact matches {pair.exact_matches} (F1 {figure(pair.exact_f1)}) · "
                f"overlap matches {pair.overlap_matches} (F1 {figure(pair.overlap_f1)}) · "
                f"kappa {figure(pair.kappa)}"
            )
        return None

    @override
    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return READ_ONLY_ITEM_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}%"


class _RowsModel(FlatTableModel):
    """A read-only table of text rows built from a report; figures centred."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[tuple[str, ...]] = []
        # How many of the last rows are totals, shown bold.
        self._bold = 0

    def set_report(self, report: AgreementReport | None) -> None:
        self.beginResetModel()
        self._rows = self.rows_of(report) if report is not None else []
        self._bold = self.total_rows(report) if report is not None else 0
        self.endResetModel()

    def rows_of(self, report: AgreementReport) -> list[tuple[str, ...]]:
        raise NotImplementedError

    def total_rows(self, report: AgreementReport) -> int:
        return 0

    @override
    def row_total(self) -> int:
        return len(self._rows)

    @override
    def column_total(self) -> int:
        return len(self.HEADERS)

    @override
    def header(self, section: int, orientation: Qt.Orientation) -> object:
        if orientation == Qt.Orientation.Vertical:
            return None
        return self.HEADERS[section] if section < len(self.HEADERS) else None

    @override
    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid() or index.row() >= len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and index.row() >= len(self._rows) - self._bold:
            bold = QFont()
            bold.setBold(True)
            return bold
        return None

    @override
    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return READ_ONLY_ITEM_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags


class RelationAgreementModel(_RowsModel):
    """One row per relation type and pair, then overall: exact precision, recall, F1."""

    HEADERS = ("Relation type", "Pair", "Relations", "Matches", "Precision", "Recall", "F1")

    @override
    def rows_of(self, report: AgreementReport) -> list[tuple[str, ...]]:
        return report.relations.table(figure) if report.relations is not None else []

    @override
    def total_rows(self, report: AgreementReport) -> int:
        return len(report.relations.overall.pairs) if report.relations is not None else 0


class AttributeAgreementModel(_RowsModel):
    """One row per attribute and pair: matched spans compared, agreement, Cohen's kappa."""

    HEADERS = ("Attribute", "Pair", "Spans compared", "Same value", "Agreement", "Kappa")

    @override
    def rows_of(self, report: AgreementReport) -> list[tuple[str, ...]]:
        return attribute_table(report.attributes or (), figure, _percent)


class LinkAgreementModel(_RowsModel):
    """One row per pair: matched actor spans compared, same link, agreement, Cohen's kappa."""

    HEADERS = ("Link", "Pair", "Spans compared", "Same link", "Agreement", "Kappa")

    @override
    def rows_of(self, report: AgreementReport) -> list[tuple[str, ...]]:
        if report.links is None or not report.link_labels:
            return []
        return attribute_table([report.links], figure, _percent)
