"""Relation arcs over the article: only the selected and hovered spans' relations are drawn."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from belannot.core.model import Span, SpanStatus
from belannot.core.relations import RelationType
from belannot.ui.relation_index import RelationIndex
from belannot.ui.widgets.article_view import ArticleView

EDGE = 6.0  # how far from the viewport's edge an arc to an off-screen end stops
ARROW = 7.0
LABEL_CHARS = 26
# Ends more than this many lines apart are joined through the left margin, at MARGIN_X.
MARGIN_ROUTE_LINES = 2.5
MARGIN_X = 14.0


@dataclass(frozen=True, slots=True)
class Arc:
    """One arc the painter draws: a relation (or, with no id, the link being made)."""

    relation_id: str | None
    head: str
    tail: str
    type: str
    color: str
    directed: bool
    status: SpanStatus | None
    emphasised: bool = False

    @property
    def pending(self) -> bool:
        return self.status is SpanStatus.PENDING


@dataclass(frozen=True, slots=True)
class Preview:
    """The link being made: from ``head`` to ``tail`` (None: no candidate yet)."""

    head: str
    tail: str | None
    type: str


class RelationArcs:
    """Decides which arcs to draw (a model tests can read) and paints them on the view."""

    def __init__(
        self,
        view: ArticleView,
        index: RelationIndex,
        types: Callable[[], Mapping[str, RelationType]],
    ) -> None:
        self.view, self.index, self._types = view, index, types
        self.hovered: str | None = None
        self.preview: Preview | None = None
        self.emphasised: str | None = None  # the relation chosen in the list
        # A Shift+drag from a span: (head span id, pointer position).
        self.drag: tuple[str, QPoint] | None = None
        self._drawn: list[Arc] = []
        # Where the last paint drew arcs: what a change must repaint to wipe them.
        self._painted = QRectF()
        view.overlays.append(self.paint)
        view.verticalScrollBar().valueChanged.connect(self._scrolled)

    def wanted(self) -> list[Arc]:
        """The arcs for the selected and hovered spans (and the link being made)."""
        spans = self.view.spans()
        types = self._types()
        arcs: list[Arc] = []
        seen: set[str] = set()
        if self.preview is not None and self.preview.tail is not None:
            kind = types.get(self.preview.type)
            arcs.append(
                Arc(
                    None,
                    self.preview.head,
                    self.preview.tail,
                    self.preview.type,
                    kind.color if kind else "#777777",
                    kind.directed if kind else True,
                    None,
                    True,
                )
            )
        for span_id in (self.view.current_span_id(), self.hovered):
            for relation in self.index.of_span(span_id):
                if relation.id in seen:
                    continue
                if spans.get(relation.head) is None or spans.get(relation.tail) is None:
                    continue  # an end in a layer not shown
                seen.add(relation.id)
                kind = types.get(relation.type)
                arcs.append(
                    Arc(
                        relation.id,
                        relation.head,
                        relation.tail,
                        relation.type,
                        kind.color if kind else "#777777",
                        kind.directed if kind else True,
                        relation.status,
                        relation.id == self.emphasised,
                    )
                )
        return arcs

    def drawn(self) -> list[Arc]:
        """The arcs the last paint drew."""
        return list(self._drawn)

    def refresh(self) -> None:
        """Repaint where arcs were and where they will be: only those lines, since a
        repaint of the whole article costs most of a keystroke's budget."""
        wanted = self.wanted()
        if not (wanted or self._drawn or self.drag is not None):
            return
        if self.drag is not None:
            self.view.viewport().update()
            return
        area = self._painted.united(self._reach(wanted))
        if not area.isEmpty():
            self.view.viewport().update(area.toAlignedRect())

    def _scrolled(self) -> None:
        # Scrolling moves the painted pixels and repaints only the uncovered strip: an arc
        # reaching an edge must be drawn again whole.
        if self._drawn or self.wanted():
            self.view.viewport().update()

    def _reach(self, arcs: list[Arc]) -> QRectF:
        """The full-width band of lines these arcs will cover, their labels included."""
        if not arcs:
            return QRectF()
        spans, shown = self.view.spans(), self._visible_blocks()
        height = float(self.view.viewport().height())
        line = float(self.view.fontMetrics().lineSpacing())
        top, bottom = height, 0.0
        for arc in arcs:
            for span in (spans.get(arc.head), spans.get(arc.tail)):
                if span is None:
                    continue
                point, side = self._anchor(span, shown)
                y = 0.0 if side < 0 else height if side > 0 else point.y()
                top, bottom = min(top, y), max(bottom, y)
        # Arcs rise above their ends (a lane of 0.9 lines each) and labels sit on them.
        rise = line * (4 + 0.9 * len(arcs))
        width = float(self.view.viewport().width())
        return QRectF(0, top - rise, width, bottom - top + rise + line)

    # -- painting ----------------------------------------------------------------------------

    def _visible_blocks(self) -> tuple[int, int]:
        view = self.view
        block = view.firstVisibleBlock()
        first = last = block.blockNumber()
        offset = view.contentOffset()
        height = view.viewport().height()
        while block.isValid():
            if view.blockBoundingGeometry(block).translated(offset).top() > height:
                break
            last = block.blockNumber()
            block = block.next()
        return first, last

    def _anchor(self, span: Span, shown: tuple[int, int]) -> tuple[QPointF, int]:
        """The top centre of the span's first line, and -1 / 0 / 1: above, on, below the screen."""
        view = self.view
        block = view.spans().block_of(span.start)
        if block < shown[0]:
            return QPointF(), -1
        if block > shown[1]:
            return QPointF(), 1
        first = QPointF(view.viewport_point_for(span.start))
        last = QPointF(view.viewport_point_for(max(span.start, span.end - 1)))
        half = view.fontMetrics().lineSpacing() / 2
        x = (first.x() + last.x()) / 2 if abs(first.y() - last.y()) < half else first.x() + 6
        point = QPointF(x, first.y() - half + 1)
        height = view.viewport().height()
        return point, (-1 if point.y() < 0 else 1 if point.y() > height else 0)

    def paint(self, painter: QPainter) -> None:
        arcs = self.wanted()
        self._drawn = []
        self._painted = QRectF()
        if not arcs and self.drag is None:
            return
        spans = self.view.spans()
        shown = self._visible_blocks()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.view.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() * 0.72))
        font.setBold(True)
        painter.setFont(font)
        lane: dict[str, int] = {}
        for arc in arcs:
            head, tail = spans.get(arc.head), spans.get(arc.tail)
            if head is None or tail is None:
                continue
            (h, h_side), (t, t_side) = self._anchor(head, shown), self._anchor(tail, shown)
            if h_side and t_side:
                continue  # both ends off screen: nothing to point at
            # Arcs sharing an end rise one above the other, their labels apart.
            level = max(lane.get(arc.head, -1), lane.get(arc.tail, -1)) + 1
            lane[arc.head] = lane[arc.tail] = level
            area = self._paint_arc(painter, arc, (h, h_side), (t, t_side), level, head, tail)
            self._painted = self._painted.united(area.adjusted(-4, -4, 4, 4))
            self._drawn.append(arc)
        if self.drag is not None and (head := spans.get(self.drag[0])) is not None:
            start, side = self._anchor(head, shown)
            if not side:
                painter.setPen(QPen(QColor("#555555"), 1.5, Qt.PenStyle.DashLine))
                painter.drawLine(start, QPointF(self.drag[1]))
        painter.restore()

    def _pen(self, arc: Arc) -> QPen:
        color = QColor(arc.color)
        width = 2.4 if arc.emphasised else 1.7
        style = Qt.PenStyle.SolidLine
        if arc.status is None:
            style = Qt.PenStyle.DashDotLine
        elif arc.status is SpanStatus.PENDING:
            style = Qt.PenStyle.DashLine
        elif arc.status is SpanStatus.REJECTED:
            style = Qt.PenStyle.DotLine
            color.setAlpha(120)
        return QPen(color, width, style, Qt.PenCapStyle.RoundCap)

    def _paint_arc(
        self,
        painter: QPainter,
        arc: Arc,
        head: tuple[QPointF, int],
        tail: tuple[QPointF, int],
        level: int,
        head_span: Span,
        tail_span: Span,
    ) -> QRectF:
        width = float(self.view.viewport().width())
        height = float(self.view.viewport().height())
        line = float(self.view.fontMetrics().lineSpacing())
        (h, h_side), (t, t_side) = head, tail
        label = arc.type
        if h_side or t_side:
            # One end is off screen: go to the edge on its side, and say where it is.
            near, side = (t, h_side) if h_side else (h, t_side)
            far_span = head_span if h_side else tail_span
            edge_y = EDGE if side < 0 else height - EDGE
            edge_x = min(max(near.x() + 40 + 18 * level, EDGE), width - EDGE)
            far = QPointF(edge_x, edge_y)
            h, t = (far, near) if h_side else (near, far)
            text = " ".join(self.view.text()[far_span.start : far_span.end].split())
            if len(text) > LABEL_CHARS:
                text = text[: LABEL_CHARS - 1] + "…"
            label = f"{arc.type} {'↑' if side < 0 else '↓'} “{text}”"
        if abs(h.y() - t.y()) > MARGIN_ROUTE_LINES * line:
            # Paragraphs apart: round through the left margin, not across the text.
            bend = (8 * (MARGIN_X + level * 10) - h.x() - t.x()) / 6
            c1, c2 = QPointF(bend, h.y()), QPointF(bend, t.y())
        else:
            rise = min(max(line * 1.1, abs(h.x() - t.x()) * 0.22), line * 3)
            top = max(min(h.y(), t.y()) - rise - level * line * 0.9, 2.0)
            c1, c2 = QPointF(h.x(), top), QPointF(t.x(), top)
        path = QPainterPath(h)
        path.cubicTo(c1, c2, t)
        pen = self._pen(arc)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        if arc.directed and not t_side:
            self._arrow(painter, c2 if c2 != t else c1, t, pen.color())
        elif h_side or t_side:
            self._edge_marker(painter, h if h_side else t, -1 if (h_side or t_side) < 0 else 1, pen)
        if h_side or t_side:
            # Beside the edge marker: "the other end is up (down) there".
            far = h if h_side else t
            edge_label = QPointF(far.x() + 12, far.y() + (8 if far.y() < height / 2 else -8))
            box = self._label(painter, edge_label, label, pen.color(), width, left=True)
        else:
            box = self._label(painter, path.pointAtPercent(0.5), label, pen.color(), width)
        return path.boundingRect().united(box)

    def _arrow(self, painter: QPainter, source: QPointF, tip: QPointF, color: QColor) -> None:
        dx, dy = tip.x() - source.x(), tip.y() - source.y()
        length = max((dx * dx + dy * dy) ** 0.5, 1e-6)
        ux, uy = dx / length, dy / length
        base = QPointF(tip.x() - ux * ARROW, tip.y() - uy * ARROW)
        normal = QPointF(-uy * ARROW * 0.5, ux * ARROW * 0.5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPolygon(QPolygonF([tip, base + normal, base - normal]))
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _edge_marker(self, painter: QPainter, at: QPointF, side: int, pen: QPen) -> None:
        # A small triangle on the edge, pointing the way the other end lies.
        tip = QPointF(at.x(), at.y() + side * 5)
        left, right = QPointF(at.x() - 5, at.y() - side * 2), QPointF(at.x() + 5, at.y() - side * 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(pen.color())
        painter.drawPolygon(QPolygonF([tip, left, right]))
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _label(
        self,
        painter: QPainter,
        at: QPointF,
        text: str,
        color: QColor,
        width: float,
        left: bool = False,
    ) -> QRectF:
        metrics = QFontMetricsF(painter.font())
        box = metrics.boundingRect(text).adjusted(-4, -1, 4, 1)
        box.moveCenter(at)
        if left:  # ``at`` is the box's left edge
            box.moveLeft(at.x())
        # Never cut off at the viewport's sides.
        if box.left() < 2:
            box.moveLeft(2)
        if box.right() > width - 2:
            box.moveRight(width - 2)
        if box.top() < 1:
            box.moveTop(1)
        paper = self.view.palette().base().color()
        paper.setAlpha(235)
        painter.setPen(QPen(color, 1.0))
        painter.setBrush(paper)
        painter.drawRoundedRect(box, 4, 4)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        ink = QColor(color)
        ink.setAlpha(255)
        painter.setPen(ink.darker(120))
        painter.drawText(QRectF(box), Qt.AlignmentFlag.AlignCenter, text)
        return box
