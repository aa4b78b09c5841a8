"""Span painting: the per-document span index by block, and the QSyntaxHighlighter using it."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from PySide6.QtCore import SIGNAL, SLOT, QObject, QSignalBlocker
from PySide6.QtGui import (
    QBrush,
    QColor,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
    QTextFormat,
)

from belannot.core.model import Span
from belannot.ui.offsets import OffsetMap
from belannot.ui.overriding import override

# Exactly the characters QTextDocument.setPlainText turns into block separators.
_BLOCK_SEPARATOR = re.compile("\r\n|[\r\n\u2029]")

# The char format property listing the ids of the spans covering a segment, "\x1f"-joined:
# what tests and tooltips can read back from block.layout().formats().
SPAN_IDS_PROPERTY = QTextFormat.Property.UserProperty + 1

FALLBACK_COLOR = QColor("#888888")
FILL_ALPHA = 0.20
CURRENT_FILL_ALPHA = 0.42


@dataclass(frozen=True, slots=True)
class SpanStyle:
    """How one span is drawn beyond its label colour (review mode, others' read-only layers)."""

    # The underline colour; None: the label colour.
    underline: QColor | None = None
    # Scales the fill alpha: faint for read-only or rejected spans.
    fill: float = 1.0
    dashed: bool = False
    # A small dot after the span (agreement cue); None: no dot.
    marker: QColor | None = None


PLAIN = SpanStyle()
SpanStyler = Callable[[Span], SpanStyle]


# Spans longer than this (rare: a whole quoted paragraph) are kept apart, so finding the
# spans of a block is a bisect over short spans plus a scan of the few long ones.
LONG_SPAN = 4096


class SpanIndex:
    """The spans of one document in reading order, found by the text block they touch.

    Blocks are the paragraphs QTextDocument makes of the text. Short spans are kept sorted
    by start: those touching a block start within LONG_SPAN before it, one bisect away.
    """

    def __init__(self, text: str) -> None:
        self.block_starts: list[int] = block_starts(text)
        self._length = len(text)
        self._spans: dict[str, Span] = {}
        self._order: list[tuple[int, int, str]] = []
        self._short: list[tuple[int, int, str]] = []
        self._long: dict[str, Span] = {}

    @property
    def block_count(self) -> int:
        return len(self.block_starts)

    def __len__(self) -> int:
        return len(self._spans)

    def get(self, span_id: str) -> Span | None:
        return self._spans.get(span_id)

    def block_of(self, cp: int) -> int:
        return max(bisect_right(self.block_starts, cp) - 1, 0)

    def blocks_of(self, start: int, end: int) -> range:
        return range(self.block_of(start), self.block_of(max(start, end - 1)) + 1)

    def spans_in_block(self, block: int) -> list[Span]:
        """The spans touching ``block`` (its text or its separator), in reading order."""
        starts = self.block_starts
        if not 0 <= block < len(starts):
            return []
        first = starts[block]
        after = starts[block + 1] if block + 1 < len(starts) else self._length + 1
        short = self._short
        lo = bisect_left(short, (first - LONG_SPAN,))
        hi = bisect_left(short, (after,), lo)
        spans = self._spans
        found = [spans[key[2]] for key in short[lo:hi] if key[1] > first]
        if self._long:
            found.extend(s for s in self._long.values() if s.start < after and s.end > first)
            found.sort(key=lambda s: (s.start, s.end, s.id))
        return found

    def spans_at(self, cp: int) -> list[Span]:
        """Spans covering the character at ``cp``, outermost first."""
        found = [s for s in self.spans_in_block(self.block_of(cp)) if s.start <= cp < s.end]
        return sorted(found, key=lambda s: (s.start, -s.end, s.id))

    def ordered(self) -> list[tuple[int, int, str]]:
        """(start, end, id) of every span in reading order."""
        return self._order

    def set_spans(self, spans: Iterable[Span]) -> set[int] | None:
        """Replace the spans; returns the blocks whose painting changed (None: all of them)."""
        if not self._spans:
            self._spans = {span.id: span for span in spans}
            self._rebuild()
            return None
        new: dict[str, Span] = {}
        changed_old: list[Span] = []
        changed_new: list[Span] = []
        old = self._spans
        added = 0
        for span in spans:
            new[span.id] = span
            before = old.get(span.id)
            if before is span:
                continue
            if before is None:
                added += 1
                changed_new.append(span)
            elif _paint_key(before) != _paint_key(span):
                changed_old.append(before)
                changed_new.append(span)
        if len(new) - added != len(old):  # some old ids are gone
            changed_old.extend(old[i] for i in old.keys() - new.keys())
        self._spans = new
        return self._apply(changed_old, changed_new)

    def update(self, changed: Iterable[Span], removed: Iterable[str] = ()) -> set[int] | None:
        """Put in (or replace) the ``changed`` spans and drop the ``removed`` ids, without a
        pass over the others; returns the blocks whose painting changed (None: all)."""
        spans = self._spans
        changed_old: list[Span] = []
        changed_new: list[Span] = []
        for span_id in removed:
            if (gone := spans.pop(span_id, None)) is not None:
                changed_old.append(gone)
        for span in changed:
            before = spans.get(span.id)
            spans[span.id] = span
            if before is None:
                changed_new.append(span)
            elif _paint_key(before) != _paint_key(span):
                changed_old.append(before)
                changed_new.append(span)
            elif span.id in self._long:  # painted alike; keep the fresh copy
                self._long[span.id] = span
        return self._apply(changed_old, changed_new)

    def _apply(self, changed_old: list[Span], changed_new: list[Span]) -> set[int] | None:
        # self._spans already holds the new spans; the sorted keys follow here.
        if len(changed_old) + len(changed_new) > 256:
            self._rebuild()
            return None
        touched: set[int] = set()
        for span in changed_old:
            touched.update(self.blocks_of(span.start, span.end))
            key = (span.start, span.end, span.id)
            _remove(self._order, key)
            if self._long.pop(span.id, None) is None:
                _remove(self._short, key)
        for span in changed_new:
            touched.update(self.blocks_of(span.start, span.end))
            key = (span.start, span.end, span.id)
            insort(self._order, key)
            if span.end - span.start > LONG_SPAN:
                self._long[span.id] = span
            else:
                insort(self._short, key)
        return touched

    def _rebuild(self) -> None:
        order = sorted([(s.start, s.end, s.id) for s in self._spans.values()])
        self._order = order
        long_ids = {k[2] for k in order if k[1] - k[0] > LONG_SPAN}
        self._long = {i: self._spans[i] for i in long_ids}
        self._short = [k for k in order if k[2] not in long_ids] if long_ids else list(order)


def _remove(keys: list[tuple[int, int, str]], key: tuple[int, int, str]) -> None:
    at = bisect_left(keys, key)
    if at < len(keys) and keys[at] == key:
        del keys[at]


def block_starts(text: str) -> list[int]:
    """Code point offsets where QTextDocument's blocks begin."""
    if "\r" in text or "\u2029" in text:
        return [0] + [m.end() for m in _BLOCK_SEPARATOR.finditer(text)]
    # The common case, without a match object per line.
    return [0, *accumulate(len(line) + 1 for line in text.split("\n")[:-1])]


def _paint_key(span: Span) -> tuple[int, int, str, str, str]:
    return (span.start, span.end, span.label, span.annotator, span.status)


def blend(paper: QColor, colors: Sequence[tuple[QColor, float]]) -> QColor:
    """Each (colour, alpha) laid over the paper in turn: overlaps come out darker and mixed."""
    r, g, b = paper.redF(), paper.greenF(), paper.blueF()
    for color, alpha in colors:
        r = color.redF() * alpha + r * (1 - alpha)
        g = color.greenF() * alpha + g * (1 - alpha)
        b = color.blueF() * alpha + b * (1 - alpha)
    return QColor.fromRgbF(r, g, b)


class SpanHighlighter(QSyntaxHighlighter):
    """Paints span backgrounds into the blocks of a read-only document, lazily.

    Only the blocks that are about to be shown are highlighted (``ensure_highlighted``,
    called from the view's paint), and a changed span re-highlights only the blocks it
    touches, so a 1 MB document opens without a pass over every paragraph.
    """

    def __init__(self, document: QTextDocument) -> None:
        # Attached while the document is still empty, so no full rehighlight is queued.
        super().__init__(document)
        # The text never changes in place (set_document replaces it), and QSyntaxHighlighter
        # would otherwise re-run every block on setPlainText. If this Qt names the slot
        # differently the disconnect fails and highlighting is merely eager: still correct.
        self.lazy = QObject.disconnect(
            document,
            SIGNAL("contentsChange(int,int,int)"),
            self,
            SLOT("_q_reformatBlocks(int,int,int)"),
        )
        self.index = SpanIndex("")
        self.offsets = OffsetMap("")
        self.colors: dict[str, QColor] = {}
        self.paper = QColor("#ffffff")
        self.current_id: str | None = None
        self._done = bytearray()
        self._brushes: dict[tuple[tuple[str, bool, float], ...], QBrush] = {}
        self.styler: SpanStyler | None = None

    def reset(self, index: SpanIndex, offsets: OffsetMap) -> None:
        """A new document: nothing is highlighted yet."""
        self.index = index
        self.offsets = offsets
        self.current_id = None
        self._done = bytearray(index.block_count)

    def invalidate(self) -> None:
        """Every block must be highlighted again before it is next shown."""
        self._done = bytearray(len(self._done))

    def set_colors(self, colors: dict[str, QColor]) -> None:
        self.colors = colors
        self._brushes.clear()
        self.invalidate()

    def set_styler(self, styler: SpanStyler | None) -> None:
        self.styler = styler
        self.invalidate()

    def style(self, span: Span) -> SpanStyle:
        return self.styler(span) if self.styler is not None else PLAIN

    def is_highlighted(self, block_number: int) -> bool:
        return 0 <= block_number < len(self._done) and bool(self._done[block_number])

    def ensure_highlighted(self, first: int, last: int) -> None:
        document = self.document()
        if document is None:
            return
        for number in range(max(first, 0), min(last, len(self._done) - 1) + 1):
            if not self._done[number]:
                self._rehighlight(document, number)

    def refresh(self, block_numbers: Iterable[int]) -> None:
        """Re-highlight the given blocks now if they were highlighted; the rest stay lazy."""
        document = self.document()
        if document is None:
            return
        for number in sorted(block_numbers):
            if self.is_highlighted(number):
                self._rehighlight(document, number)

    def _rehighlight(self, document: QTextDocument, number: int) -> None:
        # Span formats change colours, never sizes; the plain text layout would still answer
        # each block's new formats with a repaint of the WHOLE viewport. The view repaints
        # the blocks it changed itself (ArticleView._update_blocks), so keep the layout quiet.
        with QSignalBlocker(document.documentLayout()):
            self.rehighlightBlock(document.findBlockByNumber(number))

    @override
    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        number = block.blockNumber()
        if 0 <= number < len(self._done):
            self._done[number] = 1
        spans = self.index.spans_in_block(number)
        if not spans:
            return
        block_start = block.position()
        block_length = block.length() - 1
        to_qt = self.offsets.to_utf16
        pieces: list[tuple[int, int, Span]] = []
        for span in spans:
            a = max(to_qt(span.start) - block_start, 0)
            b = min(to_qt(span.end) - block_start, block_length)
            if a < b:
                pieces.append((a, b, span))
        # Outermost first, so inner spans are laid over outer ones.
        pieces.sort(key=lambda p: (p[0], -p[1], p[2].id))
        bounds = sorted({p[0] for p in pieces} | {p[1] for p in pieces})
        for left, right in zip(bounds, bounds[1:], strict=False):
            covering = [p[2] for p in pieces if p[0] <= left and p[1] >= right]
            if covering:
                self.setFormat(left, right - left, self._format(covering))

    def _format(self, covering: list[Span]) -> QTextCharFormat:
        fmt = QTextCharFormat()
        key = tuple(
            (span.label, span.id == self.current_id, self.style(span).fill) for span in covering
        )
        brush = self._brushes.get(key)
        if brush is None:
            layers = [
                (
                    self.colors.get(label, FALLBACK_COLOR),
                    (CURRENT_FILL_ALPHA if current else FILL_ALPHA) * scale,
                )
                for label, current, scale in key
            ]
            brush = self._brushes[key] = QBrush(blend(self.paper, layers))
        fmt.setBackground(brush)
        fmt.setProperty(SPAN_IDS_PROPERTY, "\x1f".join(span.id for span in covering))
        return fmt
