"""ArticleView: the read-only article text with its spans, selections and caret, in code points."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
    QTextLine,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from belannot.core import navigation, search
from belannot.core.model import Label, Span
from belannot.core.snapping import snap_to_words, word_at
from belannot.ui.attribute_text import hover_text
from belannot.ui.offsets import OffsetMap
from belannot.ui.overriding import override
from belannot.ui.plain import plain_tooltip
from belannot.ui.widgets import article_theme
from belannot.ui.widgets.article_painter import line_x, paint_underlines
from belannot.ui.widgets.article_theme import reading_font
from belannot.ui.widgets.span_highlighter import SpanHighlighter, SpanIndex, SpanStyler

# The text column never gets wider than this many average characters: long lines tire.
COLUMN_CHARS = 76
# Roughly what one screen of text holds, highlighted eagerly on opening a document.
FIRST_SCREEN_CHARS = 6000
# Held while dragging: exact characters, no snapping. Ctrl works everywhere; window
# managers take Alt+drag to move windows, where Alt never reaches us.
EXACT_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
# How far a span's drawing reaches outside its block: the current span's frame starts
# at the line's top and its pen straddles that edge (an undone span left a 1 px line).
PAINT_OVERHANG = 3


class ArticleView(QPlainTextEdit):
    """Shows one document's text as plain text and paints its spans; speaks code points."""

    span_activated = Signal(str)
    selection_changed = Signal()
    # A finished mouse selection (start, end) in code points, snapped unless made exact:
    # once per release, for whoever turns selections into spans.
    range_selected = Signal(int, int)
    current_span_changed = Signal(object)  # the selected span's id, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setTabChangesFocus(False)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setCursorWidth(2)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.setFont(reading_font())
        self.document().setDocumentMargin(28)
        self.setMouseTracking(True)
        self.setAutoFillBackground(True)

        self.highlighter = SpanHighlighter(self.document())
        self.set_dark(False)  # the light paper and ink, set as a theme switch sets them
        self._document_id: str | None = None
        self._text = ""
        self._offsets = OffsetMap("")
        self._index = SpanIndex("")
        self._labels: dict[str, Label] = {}
        self._snapping = True
        # The Qt (anchor, position) of a selection made with Ctrl or Alt held: kept exactly.
        self._exact: tuple[int, int] | None = None
        self._alt_drag = False
        self._press_pos: QPoint | None = None
        # How the hover names a span's status (review: "duplicate", never "rejected").
        self.status_text: Callable[[Span], str] = lambda span: span.status.value
        # A line more about a span in its hover (the actor it is linked to), or "".
        self.span_note: Callable[[Span], str] = lambda span: ""
        # Drawn over the spans on each paint (relation arcs): they read no store.
        self.overlays: list[Callable[[QPainter], None]] = []
        self.selectionChanged.connect(self.selection_changed)

    # --- content -----------------------------------------------------------------------

    def set_document(
        self,
        document_id: str,
        text: str,
        spans: Sequence[Span],
        labels: Sequence[Label],
    ) -> None:
        self._document_id = document_id
        self._text = text
        self._offsets = OffsetMap(text)
        self._index = SpanIndex(text)
        self._index.set_spans(spans)
        self._exact = None
        self._set_label_colors(labels)
        self.highlighter.reset(self._index, self._offsets)
        # Plain text only: "<b>x</b>" and "&amp;" are shown as typed.
        self.setPlainText(text)
        # Highlight the first screenful before anything is laid out: highlighting a block
        # after its layout would lay it out twice on the first paint.
        screenful = self._index.block_of(FIRST_SCREEN_CHARS)
        self.highlighter.ensure_highlighted(0, screenful)
        self.viewport().update()

    def set_spans(self, spans: Sequence[Span]) -> None:
        self._repaint_spans(self._index.set_spans(spans))

    def update_spans(self, changed: Sequence[Span], removed: Collection[str] = ()) -> None:
        """Show ``changed`` spans (new or edited) and drop ``removed`` ids; the rest stay."""
        self._repaint_spans(self._index.update(changed, removed))

    def _repaint_spans(self, touched: set[int] | None) -> None:
        if self.highlighter.current_id and self._index.get(self.highlighter.current_id) is None:
            self.highlighter.current_id = None
        if touched is None:  # many changes: re-highlight lazily, as on opening
            self.highlighter.invalidate()
            self.viewport().update()
        else:
            self.highlighter.refresh(touched)
            self._update_blocks(touched)

    def _update_blocks(self, numbers: Collection[int]) -> None:
        """Repaint only the shown part of these blocks: one span's change must not repaint
        the whole article (that is most of an edit's cost on a large screen)."""
        area = QRectF(self.viewport().rect())
        offset = self.contentOffset()
        document = self.document()
        # Stacked underlines of nested spans reach below a block's last line.
        below = self.fontMetrics().lineSpacing()
        damaged = QRectF()
        for number in numbers:
            block = document.findBlockByNumber(number)
            if not block.isValid():
                continue
            geometry = self.blockBoundingGeometry(block).translated(offset)
            geometry.setLeft(area.left())
            geometry.setRight(area.right())
            geometry.adjust(0, -PAINT_OVERHANG, 0, below + PAINT_OVERHANG)
            if geometry.intersects(area):
                damaged = damaged.united(geometry)
        if not damaged.isEmpty():
            self.viewport().update(damaged.toAlignedRect())

    def set_labels(self, labels: Sequence[Label]) -> None:
        self._set_label_colors(labels)
        self.viewport().update()

    def _set_label_colors(self, labels: Sequence[Label]) -> None:
        self._labels = {label.name: label for label in labels}
        self.highlighter.set_colors({label.name: QColor(label.color) for label in labels})

    def set_font_size(self, points: float) -> None:
        """The reading font's size; the text column follows it."""
        font = self.font()
        font.setPointSizeF(points)
        self.setFont(font)
        # The column width is measured in characters: lay the margins out again.
        self.resizeEvent(QResizeEvent(self.size(), self.size()))

    def set_dark(self, dark: bool) -> None:
        """Dark paper and light ink (or the reverse); span tints are blended anew."""
        article_theme.apply_theme(self, self.highlighter, dark)
        self.viewport().update()

    def is_dark(self) -> bool:
        return article_theme.is_dark(self.highlighter)

    def document_id(self) -> str | None:
        return self._document_id

    def text(self) -> str:
        return self._text

    def spans(self) -> SpanIndex:
        return self._index

    # --- selection -----------------------------------------------------------------------

    def set_snapping(self, enabled: bool) -> None:
        self._snapping = enabled

    def snapping(self) -> bool:
        return self._snapping

    def selected_range(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._offsets.code_point_range(cursor.selectionStart(), cursor.selectionEnd())
        exact = self._exact == (cursor.anchor(), cursor.position())
        if exact or not self._snapping:
            return (start, end) if start < end else None
        return snap_to_words(self._text, start, end)

    def select_range(self, start: int, end: int, exact: bool = True) -> None:
        """Select code points ``[start, end)``; an exact selection is not snapped again."""
        self._set_selection(start, end, exact)

    def _set_selection(self, start: int, end: int, exact: bool) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_utf16(start))
        cursor.setPosition(self._offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self._exact = (cursor.anchor(), cursor.position()) if exact else None
        self.setTextCursor(cursor)

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self.setTextCursor(cursor)

    def caret(self) -> int:
        return self._offsets.to_code_point(self.textCursor().position())

    # --- spans -------------------------------------------------------------------------

    def select_span(self, span_id: str | None) -> None:
        previous = self.highlighter.current_id
        span = self._index.get(span_id) if span_id else None
        self.highlighter.current_id = span.id if span else None
        touched: set[int] = set()
        if previous and (old := self._index.get(previous)):
            touched.update(self._index.blocks_of(old.start, old.end))
        if span is not None:
            touched.update(self._index.blocks_of(span.start, span.end))
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._offsets.to_utf16(span.start))
            self.setTextCursor(cursor)
            self._scroll_into_view(span)
        self.highlighter.refresh(touched)
        self._update_blocks(touched)
        self.current_span_changed.emit(self.highlighter.current_id)

    def show_span(self, span_id: str) -> None:
        """Scroll ``span_id`` into view without selecting it."""
        if (span := self._index.get(span_id)) is not None:
            self._scroll_into_view(span)

    def _scroll_into_view(self, span: Span) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_utf16(span.start))
        top = self.cursorRect(cursor)
        cursor.setPosition(self._offsets.to_utf16(span.end))
        bottom = self.cursorRect(cursor)
        area = self.viewport().rect()
        if not (area.contains(top.topLeft()) and area.contains(bottom.bottomLeft())):
            self.centerCursor()

    def set_span_styler(self, styler: SpanStyler | None) -> None:
        """Draw each span with ``styler(span)`` (review mode, read-only layers); None: plain."""
        self.highlighter.set_styler(styler)
        self.viewport().update()

    def current_span_id(self) -> str | None:
        return self.highlighter.current_id

    def next_span_id(self, backwards: bool = False) -> str | None:
        current = self._index.get(self.highlighter.current_id or "")
        key = None if current is None else (current.start, current.end, current.id)
        return navigation.next_span(self._index.ordered(), self.caret(), key, backwards)

    def nudged_range(
        self, span_id: str, edge: str, direction: int, by_word: bool
    ) -> tuple[int, int] | None:
        span = self._index.get(span_id)
        if span is None:
            return None
        return navigation.nudged_range(self._text, span.start, span.end, edge, direction, by_word)

    # --- search ------------------------------------------------------------------------

    def find_all(self, query: str, case_sensitive: bool = False) -> list[tuple[int, int]]:
        return search.find_all(self._text, query, case_sensitive=case_sensitive)

    def find_text(
        self,
        query: str,
        backwards: bool = False,
        case_sensitive: bool = False,
        incremental: bool = False,
    ) -> tuple[int, int] | None:
        """Select the next (previous) hit and centre it; ``incremental`` (while typing)
        keeps a hit that starts where the selection does."""
        cursor = self.textCursor()
        selection = self._offsets.code_point_range(cursor.selectionStart(), cursor.selectionEnd())
        hit = search.next_match(
            self.find_all(query, case_sensitive),
            selection,
            backwards=backwards,
            incremental=incremental,
        )
        if hit is None:
            return None
        self._set_selection(hit[0], hit[1], exact=True)
        # In the middle, not on the edge where the last visible line may be cut off.
        self.centerCursor()
        return hit

    # --- geometry ----------------------------------------------------------------------

    def code_point_at(self, pos: QPoint) -> int:
        """The code point boundary nearest to viewport position ``pos``."""
        return self._offsets.to_code_point(self.cursorForPosition(pos).position())

    def char_at(self, pos: QPoint) -> int | None:
        """The code point of the character under viewport position ``pos``, if any."""
        cursor = self.cursorForPosition(pos)
        block = cursor.block()
        layout = block.layout()
        if layout is None or not block.isValid():
            return None
        origin = self.blockBoundingGeometry(block).translated(self.contentOffset()).topLeft()
        local = QPointF(pos) - origin
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if line.y() <= local.y() < line.y() + line.height():
                if not line.naturalTextRect().adjusted(-1, 0, 1, 0).contains(local):
                    return None
                at = line.xToCursor(local.x(), QTextLine.CursorPosition.CursorOnCharacter)
                if at >= block.length() - 1:
                    return None
                return self._offsets.to_code_point(block.position() + at)
        return None

    def viewport_point_for(self, code_point: int) -> QPoint:
        """The centre of the character at ``code_point``, in viewport coordinates."""
        u16 = self._offsets.to_utf16(code_point)
        after = self._offsets.to_utf16(code_point + 1) if code_point < len(self._text) else u16
        block = self.document().findBlock(u16)
        layout = block.layout()
        origin = self.blockBoundingGeometry(block).translated(self.contentOffset()).topLeft()
        rel = u16 - block.position()
        rel_after = min(max(after - block.position(), rel), block.length() - 1)
        line = layout.lineForTextPosition(rel)
        if not line.isValid():
            return origin.toPoint()
        x1 = line_x(line, rel)
        x2 = line_x(line, rel_after) if rel_after > rel else x1
        return QPointF(
            origin.x() + (x1 + x2) / 2, origin.y() + line.y() + line.height() / 2
        ).toPoint()

    # --- events ------------------------------------------------------------------------

    @override
    def mousePressEvent(self, e: QMouseEvent) -> None:
        self._alt_drag = bool(e.modifiers() & EXACT_MODIFIERS)
        self._press_pos = e.position().toPoint()
        self._exact = None
        super().mousePressEvent(e)

    @override
    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        exact = e.modifiers() & EXACT_MODIFIERS
        if exact and e.buttons() & Qt.MouseButton.LeftButton:
            self._alt_drag = True
        super().mouseMoveEvent(e)

    @override
    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        if e.modifiers() & EXACT_MODIFIERS:
            self._alt_drag = True
        super().mouseReleaseEvent(e)
        if e.button() != Qt.MouseButton.LeftButton:
            return
        cursor = self.textCursor()
        selected = None
        if cursor.hasSelection():
            if self._alt_drag:
                self._exact = (cursor.anchor(), cursor.position())
            selected = self.selected_range()
            if selected is not None and not self._alt_drag and self._snapping:
                # Show what will be labelled: the snapped range, not the raw drag.
                self._set_selection(selected[0], selected[1], exact=False)
        elif self._press_pos is not None:
            self._click(e.position().toPoint())
        self._alt_drag = False
        self._press_pos = None
        if selected is not None:
            self.range_selected.emit(*selected)

    def _click(self, pos: QPoint) -> None:
        at = self.char_at(pos)
        covering = self._index.spans_at(at) if at is not None else []
        if covering:
            innermost = min(covering, key=lambda s: (s.end - s.start, s.start, s.id))
            self.select_span(innermost.id)
            # select_span moved the caret to the span start; keep it where clicked.
            self.setTextCursor(self.cursorForPosition(pos))
            self.span_activated.emit(innermost.id)

    @override
    def mouseDoubleClickEvent(self, e: QMouseEvent) -> None:
        super().mouseDoubleClickEvent(e)
        pos = e.position().toPoint()
        at = self.char_at(pos)
        word = word_at(self._text, at if at is not None else self.code_point_at(pos))
        if word is not None:
            self._set_selection(word[0], word[1], exact=False)
        self._press_pos = None

    @override
    def keyPressEvent(self, e: QKeyEvent) -> None:
        # Tab / Shift+Tab belong to the window (next/previous span), never to the text.
        if e.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            e.ignore()
            return
        super().keyPressEvent(e)

    @override
    def focusNextPrevChild(self, next: bool) -> bool:
        return False

    @override
    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tooltip_at(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def tooltip_text_at(self, pos: QPoint) -> str:
        """Plain text: the hover over the spans under ``pos`` (``hover_text``)."""
        spans = [] if (at := self.char_at(pos)) is None else self._index.spans_at(at)
        return hover_text(spans, self.status_text, self.span_note)

    def tooltip_at(self, pos: QPoint) -> str:
        return plain_tooltip(self.tooltip_text_at(pos))

    def reading_width(self) -> int:
        """The width the text column needs (COLUMN_CHARS a line); more is margin."""
        return self.fontMetrics().averageCharWidth() * COLUMN_CHARS + 56

    @override
    def resizeEvent(self, e: QResizeEvent) -> None:
        # Margins first: the text is laid out for the viewport width super() then sees.
        # (The viewport's own resizes arrive here too: only the widget's width counts.)
        column = self.reading_width()
        side = max(0, (self.width() - column) // 2)
        margins = self.viewportMargins()
        if (margins.left(), margins.right()) != (side, side):
            self.setViewportMargins(side, 0, side, 0)
        super().resizeEvent(e)

    # --- painting ----------------------------------------------------------------------

    def _visible_blocks(self, area: QRectF) -> list[tuple[QTextBlock, QRectF]]:
        blocks = []
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > area.bottom():
                break
            if block.isVisible() and geometry.bottom() >= area.top():
                blocks.append((block, geometry))
            block = block.next()
        return blocks

    @override
    def paintEvent(self, e: QPaintEvent) -> None:
        # Only the blocks in the damaged area: a caret blink repaints one line.
        overhang = PAINT_OVERHANG
        visible = self._visible_blocks(QRectF(e.rect()).adjusted(0, -overhang, 0, overhang))
        if visible:
            self.highlighter.ensure_highlighted(
                visible[0][0].blockNumber(), visible[-1][0].blockNumber()
            )
        super().paintEvent(e)
        if visible and (len(self._index) or self.overlays):  # suggestions need no span
            painter = QPainter(self.viewport())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            index, to_qt, highlighter = self._index, self._offsets.to_utf16, self.highlighter
            for block, geometry in visible:
                spans = index.spans_in_block(block.blockNumber())
                paint_underlines(painter, block, geometry, spans, to_qt, highlighter)
            for overlay in self.overlays:
                overlay(painter)
            painter.end()
