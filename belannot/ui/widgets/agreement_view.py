"""AgreementDialog: span figures (matrix, chart), relation, attribute and link tables, in a task."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from belannot.core.agreement import AgreementReport, LabelAgreement, compute_agreement
from belannot.ui.models.agreement_model import (
    AttributeAgreementModel,
    LinkAgreementModel,
    Metric,
    PairMatrixModel,
    RelationAgreementModel,
    figure,
)
from belannot.ui.overriding import override
from belannot.ui.tasks import Task

# (name, colour, figure of a label's group) — the chart's bars, in legend order.
SERIES: tuple[tuple[str, QColor], ...] = (
    ("F1 exact", QColor("#4c72b0")),
    ("F1 overlap", QColor("#8fb3e0")),
    ("Cohen's kappa (mean)", QColor("#dd8452")),
    ("Krippendorff's alpha", QColor("#55a868")),
)
OVERALL = "overall"
MATRIX_ROW = 30


def group_figures(entry: LabelAgreement) -> tuple[float | None, ...]:
    """The chart's figures for one label: mean pair F1 (exact, overlap), mean kappa, alpha."""
    return (entry.mean_exact_f1, entry.mean_overlap_f1, entry.mean_kappa, entry.alpha)


class AgreementChart(QWidget):
    """Grouped bars: one group per label (and overall), one bar per figure. Painted by hand."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[str, tuple[float | None, ...]]] = []
        self.setMinimumHeight(240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_report(self, report: AgreementReport | None) -> None:
        self._groups = []
        if report is not None:
            self._groups = [(e.label or "", group_figures(e)) for e in report.labels]
            self._groups.append((OVERALL, group_figures(report.overall)))
        self.update()

    def groups(self) -> list[tuple[str, tuple[float | None, ...]]]:
        return list(self._groups)

    @override
    def sizeHint(self) -> QSize:
        return QSize(640, 280)

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        metrics = painter.fontMetrics()
        line = metrics.height()
        if not self._groups:
            painter.setPen(QColor("#6b7280"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No figures yet")
            return
        values = [v for _, figures in self._groups for v in figures if v is not None]
        lowest = min(values, default=0.0)
        # Below zero only as far as the lowest figure needs, in steps of the grid.
        low = max(-1.0, math.floor(lowest / 0.25) * 0.25) if lowest < -0.005 else 0.0
        # Legend on top, axis labels on the left, label names below.
        legend_y = 6
        x = 48.0
        for name, color in SERIES:
            painter.fillRect(QRectF(x, legend_y + 3, 12, 12), color)
            painter.setPen(QColor("#374151"))
            painter.drawText(QPointF(x + 17, legend_y + line - 2), name)
            x += 17 + metrics.horizontalAdvance(name) + 18
        plot = QRectF(48, legend_y + line + 14, self.width() - 64, 0)
        plot.setBottom(self.height() - line - 14)

        def y_of(value: float) -> float:
            return plot.bottom() - (value - low) / (1.0 - low) * plot.height()

        # Grid lines every 0.25.
        tick = low
        small = QFont(painter.font())
        small.setPointSizeF(max(small.pointSizeF() - 1.5, 6.5))
        while tick <= 1.0001:
            y = y_of(tick)
            painter.setPen(QPen(QColor("#9ca3af") if abs(tick) < 1e-9 else QColor("#e5e7eb"), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor("#6b7280"))
            painter.drawText(
                QRectF(0, y - line / 2, plot.left() - 6, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{tick:.2f}",
            )
            tick += 0.25
        group_width = plot.width() / len(self._groups)
        bar = min(34.0, group_width * 0.8 / len(SERIES))
        for g, (name, figures) in enumerate(self._groups):
            left = plot.left() + g * group_width + (group_width - bar * len(SERIES)) / 2
            for i, value in enumerate(figures):
                bx = left + i * bar
                painter.setFont(small)
                if value is None:
                    painter.setPen(QColor("#9ca3af"))
                    painter.drawText(
                        QRectF(bx, y_of(0) - line - 2, bar, line),
                        Qt.AlignmentFlag.AlignCenter,
                        "n/a",
                    )
                    continue
                top, base = y_of(max(value, 0.0)), y_of(min(value, 0.0))
                painter.fillRect(QRectF(bx + 1, top, bar - 2, max(base - top, 1.0)), SERIES[i][1])
                painter.setPen(QColor("#111827"))
                label_y = top - line if value >= 0 else base
                painter.drawText(
                    QRectF(bx - 6, label_y, bar + 12, line),
                    Qt.AlignmentFlag.AlignCenter,
                    f"{0.0 if abs(value) < 0.005 else value:.2f}",
                )
            painter.setFont(self.font())
            bold = QFont(self.font())
            bold.setBold(name == OVERALL)
            painter.setFont(bold)
            painter.setPen(QColor("#111827"))
            painter.drawText(
                QRectF(plot.left() + g * group_width, plot.bottom() + 6, group_width, line),
                Qt.AlignmentFlag.AlignCenter,
                name,
            )
        painter.end()


RELATIONS_TITLE = (
    "Relations: a match has the same type and the same ends (start, end and label of head"
    " and tail; either way round for a symmetric type). Precision and recall take the"
    " first of the pair as the reference."
)
ATTRIBUTES_TITLE = (
    "Attributes: over the spans both made exactly (same start, end and label); a value"
    " not given counts as a value of its own."
)
LINKS_TITLE = (
    "Actor links: over the spans of {labels} both made exactly; an actor, each NIL marker"
    " and not linked are values of their own."
)


def _table(model: QAbstractItemModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    # Even columns, as in the pair matrix: stretching only the last one left a gap mid-row.
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return view


class AgreementDialog(QDialog):
    """Computes agreement on the project in a background Task and shows it."""

    computed = Signal(object)  # the AgreementReport

    def __init__(self, path: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path  # the project's location: a file's path or a team project's URL
        self.report: AgreementReport | None = None
        self.task: Task | None = None
        self.setWindowTitle("Agreement between annotators")
        self.resize(820, 680)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        row = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.recompute_button = QPushButton("Recompute", self)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        row.addStretch(0)
        row.addWidget(self.recompute_button)
        layout.addLayout(row)

        # Spans on one page; relations and attributes, smaller tables, on the other.
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)
        spans_page = QWidget(self.tabs)
        spans = QVBoxLayout(spans_page)
        choices = QHBoxLayout()
        choices.addWidget(QLabel("Label:", spans_page))
        self.label_combo = QComboBox(spans_page)
        self.label_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        choices.addWidget(self.label_combo)
        choices.addSpacing(16)
        choices.addWidget(QLabel("Figure:", spans_page))
        self.metric_combo = QComboBox(spans_page)
        for metric in Metric:
            self.metric_combo.addItem(metric.value, metric)
        choices.addWidget(self.metric_combo)
        choices.addStretch(1)
        spans.addLayout(choices)

        self.model = PairMatrixModel(self)
        self.matrix = QTableView(spans_page)
        self.matrix.setModel(self.model)
        self.matrix.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.matrix.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.matrix.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.matrix.verticalHeader().setDefaultSectionSize(MATRIX_ROW)
        spans.addWidget(self.matrix)
        self.group_label = QLabel(spans_page)
        self.group_label.setTextFormat(Qt.TextFormat.PlainText)
        spans.addWidget(self.group_label)
        self.chart = AgreementChart(spans_page)
        spans.addWidget(self.chart, 3)
        self.tabs.addTab(spans_page, "Spans")

        other_page = QWidget(self.tabs)
        other = QVBoxLayout(other_page)
        self.relation_model = RelationAgreementModel(self)
        self.relation_view = _table(self.relation_model, other_page)
        self.attribute_model = AttributeAgreementModel(self)
        self.attribute_view = _table(self.attribute_model, other_page)
        self.link_model = LinkAgreementModel(self)
        self.link_view = _table(self.link_model, other_page)
        for title, view in (
            (RELATIONS_TITLE, self.relation_view),
            (ATTRIBUTES_TITLE, self.attribute_view),
            (LINKS_TITLE.format(labels="the actor labels"), self.link_view),
        ):
            caption = QLabel(title, other_page)
            caption.setTextFormat(Qt.TextFormat.PlainText)
            caption.setWordWrap(True)
            other.addWidget(caption)
            other.addWidget(view, 1)
        # The last caption names the labels compared once a report is in.
        self.link_caption = caption
        self.tabs.addTab(other_page, "Relations and attributes")

        self.cancel_button.clicked.connect(self.cancel)
        self.recompute_button.clicked.connect(self.compute)
        self.label_combo.currentIndexChanged.connect(self._on_label)
        self.metric_combo.currentIndexChanged.connect(
            lambda i: self.model.set_metric(self.metric_combo.itemData(i))
        )

    def is_running(self) -> bool:
        return self.task is not None

    def compute(self) -> Task | None:
        """Start computing (unless already running); the result arrives as ``computed``."""
        if self.task is not None:
            return None
        task = self.task = Task(
            self.path,
            lambda store, progress, cancelled: compute_agreement(
                store, progress=progress, cancel=cancelled
            ),
            self,
        )
        self.progress.setRange(0, 0)
        self.progress.setFormat("Computing…")
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.recompute_button.setEnabled(False)
        task.progressed.connect(self._on_progress)
        task.succeeded.connect(self._on_report)
        task.failed.connect(lambda message: self._finish(f"Not computed: {message}"))
        task.cancelled.connect(lambda: self._finish("Cancelled"))
        task.start()
        return task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(f"{done} / {total} documents")

    def _finish(self, message: str) -> None:
        self.task = None
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if message == "Done" else 0)
        self.progress.setFormat(message)
        self.cancel_button.setEnabled(False)
        self.recompute_button.setEnabled(True)
        if message == "Done":
            # Progress only matters while it runs.
            self.progress.hide()
            self.cancel_button.hide()
        else:
            self.summary.setText(message.split("\n", 1)[0])

    def _on_report(self, report: AgreementReport) -> None:
        self.report = report
        self._finish("Done")
        self.summary.setText(
            f"Annotators: {', '.join(report.annotators)}. "
            f"Documents: {len(report.documents)} marked done by all of them "
            f"({report.excluded_documents} others left out), {report.characters:,} characters."
        )
        current = self.label_combo.currentData()
        self.label_combo.blockSignals(True)
        self.label_combo.clear()
        self.label_combo.addItem("Overall (all labels)", None)
        for entry in report.labels:
            self.label_combo.addItem(entry.label or "", entry.label)
        at = self.label_combo.findData(current)
        self.label_combo.setCurrentIndex(max(at, 0))
        self.label_combo.blockSignals(False)
        self.model.set_report(report)
        self.model.set_label(self.label_combo.currentData())
        header = self.matrix.horizontalHeader().sizeHint().height()
        self.matrix.setFixedHeight(header + MATRIX_ROW * len(report.annotators) + 4)
        self.chart.set_report(report)
        self._update_group()
        self.relation_model.set_report(report)
        self.attribute_model.set_report(report)
        self.link_model.set_report(report)
        labels = ", ".join(report.link_labels) or "no linkable label"
        self.link_caption.setText(LINKS_TITLE.format(labels=labels))
        self.computed.emit(report)

    def _on_label(self, index: int) -> None:
        self.model.set_label(self.label_combo.itemData(index))
        self._update_group()

    def _update_group(self) -> None:
        report = self.report
        if report is None:
            return
        label = self.label_combo.currentData()
        entry = report.overall if label is None else report.label(label)
        self.group_label.setText(
            f"Group ({label or 'overall'}): Krippendorff's alpha {figure(entry.alpha)} · "
            f"mean F1 exact {figure(entry.mean_exact_f1)} · "
            f"overlap {figure(entry.mean_overlap_f1)} · mean kappa {figure(entry.mean_kappa)}"
        )
