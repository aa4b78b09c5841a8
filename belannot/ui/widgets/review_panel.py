"""ReviewPanel: the reviewer's dock: annotator layers legend, agreement key, counts, actions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QPainter, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from belannot.core.span_agreement import AgreementKind, SpanAgreement

CONSENSUS_KEY: tuple[tuple[AgreementKind, str], ...] = (
    (AgreementKind.ALL, "all annotators agree"),
    (AgreementKind.SOME, "only some made it"),
    (AgreementKind.LABEL_CONFLICT, "conflict: ≠ label or ≠ bounds"),
    (AgreementKind.ATTRIBUTES_DIFFER, "same span, ≠ attributes"),
    (AgreementKind.CORRECTION, "your correction"),
)


def _swatch(color: QColor, *, line: bool) -> QPixmap:
    """A short thick line (an underline colour) or a dot (an agreement cue)."""
    pixmap = QPixmap(22, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    if line:
        painter.drawRect(1, 8, 20, 3)
    else:
        painter.drawEllipse(7, 2, 8, 8)
    painter.end()
    return pixmap


def _title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class ReviewPanel(QWidget):
    """Read-only facts about the open document's review, and buttons for the review actions."""

    def __init__(
        self,
        actions: Sequence[QAction],
        agreement_colors: Mapping[AgreementKind, QColor],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)

        self.counts_label = QLabel(self)
        self.counts_label.setTextFormat(Qt.TextFormat.PlainText)
        self.counts_label.setWordWrap(True)
        layout.addWidget(self.counts_label)
        self.attributes_label = QLabel(self)
        self.attributes_label.setTextFormat(Qt.TextFormat.PlainText)
        self.attributes_label.setWordWrap(True)
        self.attributes_label.hide()
        layout.addWidget(self.attributes_label)

        # One above the other: side by side they made the dock too wide for a small screen.
        keys = QVBoxLayout()
        keys.setSpacing(6)
        layers_column = QVBoxLayout()
        layers_column.addWidget(_title("Layers (underline)"))
        self._layers = QGridLayout()
        self._layers.setHorizontalSpacing(4)
        self._layers.setVerticalSpacing(1)
        self._layers.setColumnStretch(1, 1)
        layers_column.addLayout(self._layers)
        layers_column.addStretch(1)
        keys.addLayout(layers_column)
        agreement_column = QVBoxLayout()
        agreement_column.addWidget(_title("Agreement (dot)"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(1)
        grid.setColumnStretch(1, 1)
        for row, (kind, text) in enumerate(CONSENSUS_KEY):
            dot = QLabel(self)
            dot.setPixmap(_swatch(agreement_colors[kind], line=False))
            grid.addWidget(dot, row, 0)
            grid.addWidget(QLabel(text, self), row, 1)
        agreement_column.addLayout(grid)
        agreement_column.addStretch(1)
        keys.addLayout(agreement_column, 1)
        layout.addLayout(keys)

        buttons = QGridLayout()
        buttons.setSpacing(4)
        self.buttons: list[QToolButton] = []
        for index, action in enumerate(actions):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            shortcut = action.shortcut().toString()
            # The toolbar caption is the short one; the key is what a reviewer learns.
            text = action.iconText().replace("&", "")
            button.setText(f"{text} ({shortcut})" if len(shortcut) == 1 else text)
            button.setToolTip(f"{action.text().replace('&', '')} ({shortcut})")
            buttons.addWidget(button, index // 2, index % 2)
            self.buttons.append(button)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def set_layers(self, colors: Mapping[str, QColor], counts: Mapping[str, int]) -> None:
        """The annotators of the open document, with their underline colour and span count."""
        while self._layers.count():
            item = self._layers.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                # Hidden now: deleteLater waits for the event loop, and must not show.
                widget.hide()
                widget.deleteLater()
        for row, (name, color) in enumerate(colors.items()):
            swatch = QLabel(self)
            swatch.setPixmap(_swatch(color, line=True))
            text = QLabel(f"{name} ({counts.get(name, 0)})", self)
            text.setTextFormat(Qt.TextFormat.PlainText)
            self._layers.addWidget(swatch, row, 0)
            self._layers.addWidget(text, row, 1)

    def set_attribute_differences(self, agreements: Mapping[str, SpanAgreement]) -> None:
        """Name the attributes on which identical copies of the open document differ, with
        how many spans each; hidden when none do."""
        counts = Counter(name for found in agreements.values() for name in found.differing)
        self.attributes_label.setText(
            "Attributes differ: "
            + ", ".join(
                f"{name} ({n} span{'s' if n != 1 else ''})" for name, n in sorted(counts.items())
            )
        )
        self.attributes_label.setVisible(bool(counts))

    def set_counts(self, pending: int, approved: int, rejected: int, conflicts: int) -> None:
        self.counts_label.setText(
            f"{pending} undecided · {approved} approved · {rejected} rejected"
            + (f" · {conflicts} in conflict" if conflicts else "")
        )
