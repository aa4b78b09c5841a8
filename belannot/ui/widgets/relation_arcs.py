"""Relation arcs over the article: only the selected and hovered spans' relations are drawn."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF

from belannot.core.model import Span, SpanStatus
from belannot.core.relations import RelationType
from belannot.ui.relation_index import RelationIndex
from belannot.ui.widgets.arc_lines import InkCache, ScreenLines
from belannot.ui.widgets.arc_routes import End, Point, place_label, route, route_to_edge
from belannot.ui.widgets.article_view import ArticleView

LABEL_CHARS = 26
# The arrowhead reaches this far onto the tail's letters, from the gap beside its line.
ARROW_INTO = 4.0
ARROW_HALF = 5.0


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


@dataclass(frozen=True, slots=True)
class ArcShape:
    """Where one arc is drawn: its path's points, its label's box and text (viewport
    pixels), and -1 / 1 when one end is above / below the screen."""

    arc: Arc
    points: list[QPointF]
    label: QRectF | None
    text: str = ""
    edge: int = 0


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
        self._shapes: list[ArcShape] = []
        self._ink = InkCache()
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

    def shapes(self) -> list[ArcShape]:
        """The geometry the last paint drew."""
        return list(self._shapes)

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
        """What these arcs will cover, labels and arrows included: the same layout the
        paint makes (cheap: the visible lines and a few font measures, no store)."""
        area = QRectF()
        for shape in self._layout(arcs):
            area = area.united(_bounds(shape))
        return area

    # -- layout --------------------------------------------------------------------------------

    def _label_font(self) -> QFont:
        font = QFont(self.view.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() * 0.72))
        font.setBold(True)
        return font

    def _layout(self, arcs: list[Arc]) -> list[ArcShape]:
        if not arcs:
            return []
        screen = ScreenLines(self.view, self._ink)
        lines = screen.lines
        spans = self.view.spans()
        width = float(self.view.viewport().width())
        height = float(self.view.viewport().height())
        metrics = QFontMetricsF(self._label_font())
        lane: dict[str, int] = {}
        # (arc, its route, the label texts to try, where the label would best be, edge)
        routed: list[tuple[Arc, list[Point], list[str], Point, int]] = []
        for arc in arcs:
            head, tail = spans.get(arc.head), spans.get(arc.tail)
            if head is None or tail is None:
                continue
            h, t = screen.end(head), screen.end(tail)
            if isinstance(h, int) and isinstance(t, int):
                continue  # both ends off screen: nothing to point at
            # Arcs sharing an end leave it apart and take the next margin lane.
            level = max(lane.get(arc.head, -1), lane.get(arc.tail, -1)) + 1
            lane[arc.head] = lane[arc.tail] = level
            edge: int = 0
            if isinstance(h, End) and isinstance(t, End):
                points = route(lines, h, t, width, level)
                texts = [arc.type]
            else:
                near = t if isinstance(h, int) else h
                side = h if isinstance(h, int) else t
                assert isinstance(near, End) and isinstance(side, int)
                edge = side
                points = route_to_edge(lines, near, edge < 0, height, width, level)
                if isinstance(h, int):
                    points.reverse()
                far = head if isinstance(h, int) else tail
                texts = [self._edge_label(arc.type, far, edge), f"{arc.type} {'↑↓'[edge > 0]}"]
            # The label near the run out of the first end shown.
            run = points[1:3] if not isinstance(h, int) else points[-3:-1]
            near_at = ((run[0][0] + run[1][0]) / 2, (run[0][1] + run[1][1]) / 2)
            routed.append((arc, points, texts, near_at, edge))
        # Labels go where no glyph, no other label and no arc's run is.
        taken: list[tuple[float, float, float, float]] = [
            (min(a[0], b[0]) - 2, min(a[1], b[1]) - 2, max(a[0], b[0]) + 2, max(a[1], b[1]) + 2)
            for _, points, _, _, _ in routed
            for a, b in zip(points, points[1:], strict=False)
        ]
        shapes: list[ArcShape] = []
        for arc, points, texts, near_at, edge in routed:
            box, label = None, texts[0]
            for text in texts:
                size = metrics.boundingRect(text).adjusted(-4, -1, 4, 1).size()
                wanted_size = (size.width(), size.height())
                box = place_label(lines, wanted_size, near_at, width, height, taken)
                if box is not None:
                    label = text
                    taken.append(box)
                    break
            shapes.append(
                ArcShape(
                    arc,
                    [QPointF(x, y) for x, y in points],
                    QRectF(QPointF(box[0], box[1]), QPointF(box[2], box[3])) if box else None,
                    label,
                    edge,
                )
            )
        return shapes

    def _edge_label(self, kind: str, far: Span, side: int) -> str:
        text = " ".join(self.view.text()[far.start : far.end].split())
        if len(text) > LABEL_CHARS:
            text = text[: LABEL_CHARS - 1] + "…"
        return f"{kind} {'↑' if side < 0 else '↓'} “{text}”"

    # -- painting ----------------------------------------------------------------------------

    def paint(self, painter: QPainter) -> None:
        arcs = self.wanted()
        self._drawn, self._shapes = [], []
        self._painted = QRectF()
        if not arcs and self.drag is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self._label_font())
        for shape in self._layout(arcs):
            self._paint_shape(painter, shape)
            self._painted = self._painted.united(_bounds(shape))
            self._shapes.append(shape)
            self._drawn.append(shape.arc)
        spans = self.view.spans()
        if self.drag is not None and (head := spans.get(self.drag[0])) is not None:
            start = QPointF(self.view.viewport_point_for(head.start))
            painter.setPen(QPen(QColor("#555555"), 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(start, QPointF(self.drag[1]))
        painter.restore()

    def _pen(self, arc: Arc) -> QPen:
        color = QColor(arc.color)
        width = 2.0 if arc.emphasised else 1.5
        style = Qt.PenStyle.SolidLine
        if arc.status is None:
            style = Qt.PenStyle.DashDotLine
        elif arc.status is SpanStatus.PENDING:
            style = Qt.PenStyle.DashLine
        elif arc.status is SpanStatus.REJECTED:
            style = Qt.PenStyle.DotLine
            color.setAlpha(120)
        pen = QPen(color, width, style, Qt.PenCapStyle.FlatCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def _paint_shape(self, painter: QPainter, shape: ArcShape) -> None:
        arc, points = shape.arc, shape.points
        pen = self._pen(arc)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(QPolygonF(points))
        if shape.edge:
            # The end that is off screen: a marker on the edge, pointing the way it lies.
            at = points[0] if _at_edge(points[0], self.view) else points[-1]
            self._edge_marker(painter, at, shape.edge, pen.color())
        if arc.directed and not (shape.edge and _at_edge(points[-1], self.view)):
            self._arrow(painter, points[-2], points[-1], pen.color())
        if shape.label is not None:
            self._label(painter, shape.label, shape.text, pen.color())

    def _arrow(self, painter: QPainter, gap: QPointF, port: QPointF, color: QColor) -> None:
        # Short and wide: from the gap onto the top (bottom) of the tail's own letters.
        down = 1.0 if port.y() >= gap.y() else -1.0
        tip = QPointF(port.x(), port.y() + down * ARROW_INTO)
        base = gap.y()
        half = ARROW_HALF
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPolygon(
            QPolygonF([tip, QPointF(port.x() - half, base), QPointF(port.x() + half, base)])
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _edge_marker(self, painter: QPainter, at: QPointF, side: int, color: QColor) -> None:
        tip = QPointF(at.x(), at.y() + side * 5)
        left, right = QPointF(at.x() - 5, at.y() - side * 2), QPointF(at.x() + 5, at.y() - side * 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPolygon(QPolygonF([tip, left, right]))
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _label(self, painter: QPainter, box: QRectF, text: str, color: QColor) -> None:
        paper = self.view.palette().base().color()
        paper.setAlpha(235)
        painter.setPen(QPen(color, 1.0))
        painter.setBrush(paper)
        painter.drawRoundedRect(box, 4, 4)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        ink = QColor(color)
        ink.setAlpha(255)
        painter.setPen(ink.darker(120))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


def _at_edge(point: QPointF, view: ArticleView) -> bool:
    return point.y() <= 6.0 or point.y() >= view.viewport().height() - 6.0


def _bounds(shape: ArcShape) -> QRectF:
    area = QPolygonF(shape.points).boundingRect().adjusted(-8, -8, 8, 8)
    return area.united(shape.label.adjusted(-2, -2, 2, 2)) if shape.label else area
