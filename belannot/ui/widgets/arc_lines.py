"""The article's visible lines as arc routing sees them: boxes, glyph bands, span ends."""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtGui import QFontMetricsF

from belannot.core.model import Span
from belannot.ui.widgets.arc_routes import End, TextLine
from belannot.ui.widgets.article_view import ArticleView

INK_CACHE = 4000  # line texts whose glyph bands are kept (a few screens' worth)


class InkCache:
    """How far each line's glyphs reach above and below its baseline, measured once per
    line text and font: accents and descenders differ from line to line."""

    def __init__(self) -> None:
        self._font = ""
        self._bands: dict[str, tuple[float, float]] = {}

    def band(self, metrics: QFontMetricsF, font_key: str, text: str) -> tuple[float, float]:
        if font_key != self._font or len(self._bands) > INK_CACHE:
            self._font, self._bands = font_key, {}
        band = self._bands.get(text)
        if band is None:
            rect = metrics.tightBoundingRect(text)
            band = self._bands[text] = (rect.top(), rect.bottom())
        return band


class ScreenLines:
    """The lines the view shows now, top to bottom, and where a span sits on them."""

    def __init__(self, view: ArticleView, ink: InkCache) -> None:
        self.view = view
        self.lines: list[TextLine] = []
        font = view.font()
        metrics = QFontMetricsF(font)
        key = font.key()
        offset = view.contentOffset()
        height = view.viewport().height()
        block = view.firstVisibleBlock()
        while block.isValid():
            origin = view.blockBoundingGeometry(block).translated(offset).topLeft()
            if origin.y() > height:
                break
            layout, text = block.layout(), block.text()
            for n in range(layout.lineCount()):
                line = layout.lineAt(n)
                top = origin.y() + line.y()
                if top > height:
                    break
                natural = line.naturalTextRect()
                start = line.textStart()
                words = text[start : start + line.textLength()].rstrip()
                left = origin.x() + natural.left()
                baseline = top + line.ascent()
                if words:
                    above, below = ink.band(metrics, key, words)
                    right = origin.x() + natural.right()
                else:
                    above = below = 0.0
                    right = left
                bottom = top + line.height()
                glyphs = (baseline + above, baseline + below)
                self.lines.append(TextLine(left, right, top, bottom, *glyphs))
            block = block.next()
        self._tops = [line.top for line in self.lines]

    def line_at(self, y: float) -> int | None:
        at = bisect_right(self._tops, y) - 1
        if 0 <= at < len(self.lines) and y < self.lines[at].bottom:
            return at
        return None

    def end(self, span: Span) -> End | int:
        """The span's place on the screen, or -1 / 1: it is wholly above / below it. A span
        running off an edge is its part that is shown."""
        view = self.view
        first = view.viewport_point_for(span.start)
        last = view.viewport_point_for(max(span.start, span.end - 1))
        a, b = self.line_at(first.y()), self.line_at(last.y())
        if a is None and b is None:
            return -1 if last.y() < self.view.viewport().height() / 2 else 1
        half = view.fontMetrics().averageCharWidth() / 2
        x1, x2 = first.x() - half, last.x() + half
        if a is None:
            assert b is not None
            return End(b, b, (self.lines[b].left, x2), (self.lines[b].left, x2))
        if b is None:
            return End(a, a, (x1, self.lines[a].right), (x1, self.lines[a].right))
        if a == b:
            return End(a, a, (x1, x2), (x1, x2))
        return End(a, b, (x1, self.lines[a].right), (self.lines[b].left, x2))
