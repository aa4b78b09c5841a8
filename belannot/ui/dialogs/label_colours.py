"""Colour swatches for the label schema dialog's lists of labels and relation types."""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPixmap


def colour_icon(colour: str, size: int = 16, ratio: float = 1.0) -> QIcon:
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)
