"""The suggestion layer over the article: dashed, pale boxes (never spans) and their hover."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPen
from PySide6.QtWidgets import QToolTip

from belannot.core.recommenders.base import Suggestion
from belannot.core.suggestion_work import best_per_place
from belannot.ui.offsets import OffsetMap
from belannot.ui.overriding import override
from belannot.ui.plain import escape_markup
from belannot.ui.widgets.article_painter import FALLBACK_COLOR, line_x
from belannot.ui.widgets.article_view import ArticleView

# Paler than a span's solid underline and tint: an outline only, a third transparent.
ALPHA = 150
CURRENT_FILL_ALPHA = 40
WIDTH = 1.2
CURRENT_WIDTH = 2.2
STYLE = Qt.PenStyle.DashLine
NESTING_INSET = 2.5
MAX_NESTING = 2
# More changed suggestions than this repaint the whole viewport at once.
MAX_PIECEMEAL = 200


@dataclass(frozen=True, slots=True)
class Mark:
    """One line's piece of a suggestion as it is painted (the painter model tests read)."""

    suggestion: Suggestion
    rect: QRectF
    color: QColor
    style: Qt.PenStyle
    width: float
    current: bool


def describe(suggestion: Suggestion) -> str:
    """The hover line: which recommender suggests what, with its score."""
    return (
        f"suggestion: {suggestion.label} · {suggestion.recommender} · score {suggestion.score:.2f}"
    )


class SuggestionLayer(QObject):
    """Holds the open document's suggestions and paints them over the text (an overlay)."""

    def __init__(self, view: ArticleView) -> None:
        super().__init__(view)
        self.view = view
        self._suggestions: list[Suggestion] = []
        self._every: list[Suggestion] = []
        self._starts: list[int] = []
        self._longest = 0
        self._offsets = OffsetMap("")
        self._text = ""
        self.current: Suggestion | None = None
        view.overlays.append(self.paint)
        view.viewport().installEventFilter(self)

    def suggestions(self) -> list[Suggestion]:
        """One per place (start, end, label), in text order."""
        return list(self._suggestions)

    def every(self) -> list[Suggestion]:
        """Every recommender's, the same place more than once."""
        return list(self._every)

    def __len__(self) -> int:
        return len(self._suggestions)

    def set_suggestions(
        self, suggestions: Sequence[Suggestion], places: list[Suggestion] | None = None
    ) -> None:
        """Show ``suggestions`` (of the view's document); ``places`` is one per place, in
        text order (``best_per_place`` of them, made here when not given)."""
        text = self.view.text()
        fresh = text is not self._text
        self._every = list(suggestions)
        if fresh and not suggestions:
            # A document opened (with none yet): the view repaints all of it, and no offset
            # map of its text is made until suggestions arrive (a 1 MB text's took ~25 ms).
            self._suggestions, self._starts, self._longest, self.current = [], [], 0, None
            return
        if fresh:
            self._text, self._offsets = text, OffsetMap(text)
        self._set_places(best_per_place(suggestions) if places is None else places)

    def remove(self, keys: Collection[tuple[int, int, str]]) -> None:
        """Take the suggestions of these places away (decided), keeping the order."""
        self._every = [s for s in self._every if s.key not in keys]
        self._set_places([s for s in self._suggestions if s.key not in keys])

    def _set_places(self, places: list[Suggestion]) -> None:
        before = self._suggestions
        self._suggestions = places
        self._starts = [s.start for s in places]
        self._longest = max((s.end - s.start for s in places), default=0)
        if self.current is not None and self.current not in places:
            self.current = None
        self._repaint(set(before).symmetric_difference(places))

    def _repaint(self, changed: Collection[Suggestion]) -> None:
        """Repaint only where these suggestions are (or were) on screen: a span's edit
        recomputes the suggestions, which must not repaint the whole article each time."""
        if not changed:
            return
        viewport = self.view.viewport()
        if len(changed) > MAX_PIECEMEAL:
            viewport.update()
            return
        for suggestion in changed:
            for rect in self._rects(suggestion):
                viewport.update(rect.toAlignedRect().adjusted(-3, -3, 3, 3))

    def _rects(self, suggestion: Suggestion) -> list[QRectF]:
        """The viewport rectangles of the suggestion's lines on screen (for repainting)."""
        view, offsets = self.view, self._offsets
        if suggestion.end > offsets.length:
            return []
        height = view.viewport().height()
        offset = view.contentOffset()
        first, last = offsets.to_utf16(suggestion.start), offsets.to_utf16(suggestion.end)
        rects = []
        block = view.document().findBlock(first)
        while block.isValid() and block.position() <= last:
            geometry = view.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > height:
                break
            if geometry.bottom() >= 0:
                rects.append(QRectF(0, geometry.top(), view.viewport().width(), geometry.height()))
            block = block.next()
        return rects

    def set_current(self, suggestion: Suggestion | None) -> None:
        before, self.current = self.current, suggestion
        self._repaint({s for s in (before, suggestion) if s is not None})

    def between(self, start: int, end: int) -> list[Suggestion]:
        """The suggestions overlapping code points ``[start, end)``."""
        first = bisect_left(self._starts, start - self._longest)
        last = bisect_left(self._starts, end)
        return [s for s in self._suggestions[first:last] if s.end > start]

    def at(self, code_point: int) -> list[Suggestion]:
        return self.between(code_point, code_point + 1)

    def marks(self) -> list[Mark]:
        """What a paint draws now: one Mark per line piece of each suggestion on screen."""
        view = self.view
        if not self._suggestions:
            return []
        offsets = self._offsets
        colors = view.highlighter.colors
        height = view.viewport().height()
        offset = view.contentOffset()
        marks: list[Mark] = []
        block = view.firstVisibleBlock()
        while block.isValid():
            geometry = view.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > height:
                break
            layout = block.layout()
            first = block.position()
            start = offsets.to_code_point(first)
            end = offsets.to_code_point(first + block.length() - 1)
            # Nested suggestions (an actor inside a cue's sentence) sit inside the outer box.
            open_ends: list[int] = []
            for suggestion in sorted(
                self.between(start, max(end, start + 1)), key=lambda s: (s.start, -s.end)
            ):
                open_ends = [e for e in open_ends if e > suggestion.start]
                inset = min(len(open_ends), MAX_NESTING) * NESTING_INSET
                open_ends.append(suggestion.end)
                a = max(offsets.to_utf16(suggestion.start) - first, 0)
                b = min(offsets.to_utf16(suggestion.end) - first, block.length() - 1)
                current = suggestion == self.current
                color = QColor(colors.get(suggestion.label, FALLBACK_COLOR))
                color.setAlpha(255 if current else ALPHA)
                for i in range(layout.lineCount()):
                    line = layout.lineAt(i)
                    lo = max(a, line.textStart())
                    hi = min(b, line.textStart() + line.textLength())
                    if lo >= hi:
                        continue
                    x1, x2 = sorted((line_x(line, lo), line_x(line, hi)))
                    rect = QRectF(
                        geometry.left() + x1 - 1 + inset / 2,
                        geometry.top() + line.y() + 1 + inset,
                        x2 - x1 + 2 - inset,
                        line.height() - 1 - 2 * inset,
                    )
                    width = CURRENT_WIDTH if current else WIDTH
                    marks.append(Mark(suggestion, rect, color, STYLE, width, current))
            block = block.next()
        return marks

    def paint(self, painter: QPainter) -> None:
        marks = self.marks()
        if not marks:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for mark in marks:
            painter.setPen(QPen(mark.color, mark.width, mark.style, Qt.PenCapStyle.FlatCap))
            if mark.current:
                fill = QColor(mark.color)
                fill.setAlpha(CURRENT_FILL_ALPHA)
                painter.setBrush(fill)
            else:
                painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(mark.rect, 3, 3)
        painter.restore()

    def hover_text(self, code_point: int) -> str:
        keys = {s.key for s in self.at(code_point)}
        return "\n".join(describe(s) for s in self._every if s.key in keys)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The view's hover names the spans; over a suggestion it names that too.
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            at = self.view.char_at(event.pos())
            extra = self.hover_text(at) if at is not None else ""
            if extra:
                spans = self.view.tooltip_text_at(event.pos())
                text = f"{spans}\n{extra}" if spans else extra
                # Escaped (a label may look like markup) and unwrapped: one line a suggestion.
                tip = f"<qt><p style='white-space: pre'>{escape_markup(text)}</p></qt>"
                QToolTip.showText(event.globalPos(), tip, self.view.viewport())
                return True
        return False
