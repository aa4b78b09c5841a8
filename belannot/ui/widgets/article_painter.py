"""Underlines, the current span's frame and agreement dots, painted over the article's text."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextBlock, QTextLine

from belannot.core.model import Span
from belannot.ui.widgets.span_highlighter import SpanHighlighter

UNDERLINE_GAP = 2.0
UNDERLINE_STEP = 3.0
UNDERLINE_WIDTH = 2.0
CURRENT_UNDERLINE_WIDTH = 3.0
MARKER_RADIUS = 3.0
FALLBACK_COLOR = QColor("#888888")


def line_x(line: QTextLine, position: int) -> float:
    # The stubs type cursorToX's (x, position) pair as object.
    x: float = line.cursorToX(position)[0]  # type: ignore[index]
    return x


def paint_underlines(
    painter: QPainter,
    block: QTextBlock,
    geometry: QRectF,
    spans: list[Span],
    to_qt: Callable[[int], int],
    highlighter: SpanHighlighter,
) -> None:
    """Paint ``spans`` (those touching ``block``, at ``geometry`` in the viewport); sorts them."""
    if not spans:
        return
    layout = block.layout()
    line_count = layout.lineCount()
    block_start = block.position()
    block_length = block.length() - 1
    # Stack levels: outer spans nearest the text, nested/overlapping ones below them.
    spans.sort(key=lambda s: (s.start, -s.end, s.id))
    level_ends: list[int] = []
    current = highlighter.current_id
    for span in spans:
        level = next((i for i, end in enumerate(level_ends) if end <= span.start), None)
        if level is None:
            level = len(level_ends)
            level_ends.append(span.end)
        else:
            level_ends[level] = span.end
        a = max(to_qt(span.start) - block_start, 0)
        b = min(to_qt(span.end) - block_start, block_length)
        if a >= b:
            continue
        style = highlighter.style(span)
        color = style.underline or highlighter.colors.get(span.label, FALLBACK_COLOR)
        pen_style = Qt.PenStyle.DashLine if style.dashed else Qt.PenStyle.SolidLine
        is_current = span.id == current
        last_end: QPointF | None = None
        # From the line holding the span's start to the one holding its end, not
        # every line of the paragraph for every span.
        for i in range(max(layout.lineForTextPosition(a).lineNumber(), 0), line_count):
            line = layout.lineAt(i)
            line_start = line.textStart()
            if line_start >= b:
                break
            start = max(a, line_start)
            end = min(b, line_start + line.textLength())
            if start >= end:
                continue
            x1 = line_x(line, start)
            x2 = line_x(line, end)
            left, right = geometry.left() + min(x1, x2), geometry.left() + max(x1, x2)
            baseline = geometry.top() + line.y() + line.ascent()
            y = baseline + UNDERLINE_GAP + level * UNDERLINE_STEP
            width = CURRENT_UNDERLINE_WIDTH if is_current else UNDERLINE_WIDTH
            painter.setPen(QPen(color, width, pen_style, Qt.PenCapStyle.FlatCap))
            painter.drawLine(QPointF(left, y), QPointF(right, y))
            last_end = QPointF(right, geometry.top() + line.y() + MARKER_RADIUS + 1)
            if is_current:
                painter.setPen(QPen(color.darker(115), 1.5))
                top = geometry.top() + line.y()
                painter.drawRoundedRect(
                    QRectF(left - 1.5, top, right - left + 3, y - top + width), 3, 3
                )
        if style.marker is not None and last_end is not None and b == to_qt(span.end) - block_start:
            # A dot at the span's top-right corner: the agreement cue, once per span.
            painter.setPen(QPen(style.marker.darker(130), 1.0))
            painter.setBrush(style.marker)
            painter.drawEllipse(last_end, MARKER_RADIUS, MARKER_RADIUS)
            painter.setBrush(Qt.BrushStyle.NoBrush)
