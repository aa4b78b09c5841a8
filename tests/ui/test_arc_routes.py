"""Relation arcs never strike through the words: their paths and labels keep off every
line's glyphs except at the arc's own two ends."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QFontMetricsF

from belannot.core.commands import AddSpan
from belannot.core.history import History
from belannot.core.project import seed_bundled_corpus
from belannot.core.relation_commands import AddRelation
from tests.ui.window_fixtures import LEFT, open_window

# id: (words, label); the first article of the bundled corpus.
SPANS = {
    "a1": ("officials from the U.S. and NATO", "actor"),
    "p1": ("could soon send its own fighters into the fray", "prediction"),
    "a2": ("Russian President Vladimir Putin", "actor"),
    "q1": ("“Putin needs support,”", "quote"),
    "a3": ("the NATO official", "actor"),
    "a4": ("The sources cited by CNN", "actor"),
    "p2": ("Belarusian involvement would not make a significant impact militarily", "prediction"),
}
RELATIONS = {  # id: (head, tail, type)
    "r1": ("p1", "a1", "source"),
    "r2": ("q1", "a3", "speaker"),
    "r3": ("p2", "a4", "source"),
    "r4": ("p2", "a2", "source"),
}
PEN = 0.6  # how near a path's centre line may come to a glyph's ink


@pytest.fixture
def project(store):
    alice = store.ensure_user("alice")
    seed_bundled_corpus(store, alice)
    document = store.document_ids()[0]
    text = store.document_text(document)
    history = History(store)
    for span_id, (words, label) in SPANS.items():
        at = text.index(words)
        history.do(AddSpan(document, at, at + len(words), label, span_id=span_id), alice)
    for relation_id, (head, tail, kind) in RELATIONS.items():
        history.do(AddRelation(head, tail, kind, relation_id=relation_id), alice)
    return store


def ink_rects(view) -> list[tuple[QRectF, int, int]]:
    """Each visible line's glyphs, measured from its own text: (ink, block start, block end)
    in viewport coordinates and Qt positions."""
    metrics = QFontMetricsF(view.font())
    offset = view.contentOffset()
    rects = []
    block = view.firstVisibleBlock()
    while block.isValid():
        origin = view.blockBoundingGeometry(block).translated(offset).topLeft()
        if origin.y() > view.viewport().height():
            break
        layout = block.layout()
        for n in range(layout.lineCount()):
            line = layout.lineAt(n)
            start, length = line.textStart(), line.textLength()
            text = block.text()[start : start + length].rstrip()
            if not text:
                continue
            ink = metrics.tightBoundingRect(text)
            baseline = origin.y() + line.y() + line.ascent()
            left = origin.x() + line.naturalTextRect().left()
            rect = QRectF(left + ink.left(), baseline + ink.top(), ink.width(), ink.height())
            rects.append((rect, block.position() + start, block.position() + start + length))
        block = block.next()
    return rects


def crosses(segment: QLineF, rect: QRectF) -> bool:
    """Whether ``segment`` comes within PEN of ``rect`` (sampled finely)."""
    grown = rect.adjusted(-PEN, -PEN, PEN, PEN)
    steps = max(2, int(segment.length()))
    return any(grown.contains(segment.pointAt(i / steps)) for i in range(steps + 1))


def _select(qtbot, window, span_id):
    view = window.article_view
    span = view.spans().get(span_id)
    point = view.viewport_point_for(span.start + 2)
    qtbot.mouseClick(view.viewport(), LEFT, pos=point)
    assert view.current_span_id() == span_id


def _own_line(view, span, point: QPointF, lines: float = 1.0) -> bool:
    """Whether ``point`` is on (or, by ``lines``, next to) the lines of the span's glyphs:
    an arc's end may touch them."""
    first = view.viewport_point_for(span.start)
    last = view.viewport_point_for(max(span.start, span.end - 1))
    line = view.fontMetrics().lineSpacing() * lines
    return first.y() - line <= point.y() <= last.y() + line


@pytest.mark.parametrize("size", [(1024, 700), (1920, 1080)])
@pytest.mark.parametrize("selected", ["p1", "p2", "q1", "a1"])
def test_arcs_and_their_labels_keep_off_the_words(qtbot, project, settings, size, selected):
    window = open_window(qtbot, project, "alice", settings, project.document_ids()[0], size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    view, arcs = window.article_view, window.linking.arcs
    _select(qtbot, window, selected)
    view.viewport().repaint()
    shapes = arcs.shapes()
    assert shapes, "no arc drawn"
    ink = ink_rects(view)
    spans = view.spans()
    for shape in shapes:
        points = shape.points
        assert len(points) >= 2
        segments = [QLineF(a, b) for a, b in zip(points, points[1:], strict=False)]
        ends = [spans.get(shape.arc.head), spans.get(shape.arc.tail)]
        for number, segment in enumerate(segments):
            for rect, _start, _end in ink:
                if not crosses(segment, rect):
                    continue
                # Only the short stubs into an arc's own two ends may touch glyphs.
                stub = number in (0, len(segments) - 1)
                end = ends[0] if number == 0 else ends[-1]
                assert stub and segment.dx() == 0, (shape.arc.type, number, segment, rect)
                assert end is not None and _own_line(view, end, segment.p1()), segment
                assert segment.length() <= view.fontMetrics().lineSpacing() / 2
        if shape.label is not None:
            for rect, _start, _end in ink:
                assert not shape.label.intersects(rect), (shape.arc.type, shape.label, rect)
            viewport = QRectF(view.viewport().rect())
            assert viewport.contains(shape.label)
    assert any(shape.label is not None for shape in shapes)
    # No label hides an arc's run, its own or another's.
    runs = [
        QLineF(a, b)
        for shape in shapes
        for a, b in zip(shape.points, shape.points[1:], strict=False)
    ]
    for shape in shapes:
        if shape.label is not None:
            assert not any(crosses(run, shape.label) for run in runs), shape.arc.type


def test_the_painted_arcs_leave_the_glyphs_of_other_lines_alone(qtbot, project, settings):
    """The pixels the arcs change lie outside every other line's glyphs (grab, not model)."""
    window = open_window(qtbot, project, "alice", settings, project.document_ids()[0], (1024, 700))
    view, arcs = window.article_view, window.linking.arcs
    _select(qtbot, window, "p1")
    view.viewport().repaint()
    assert arcs.shapes()
    with_arcs = view.viewport().grab().toImage()
    view.overlays.remove(arcs.paint)
    view.viewport().repaint()
    without = view.viewport().grab().toImage()
    view.overlays.append(arcs.paint)
    ratio = with_arcs.devicePixelRatio()
    assert with_arcs.size() == without.size()
    p1, a1 = view.spans().get("p1"), view.spans().get("a1")
    changed = 0
    for rect, _start, _end in ink_rects(view):
        if any(_own_line(view, span, rect.center(), 0.5) for span in (p1, a1)):
            continue  # the arc's own ends' lines: arrows and stubs touch them
        inner = rect.adjusted(1, 1, -1, -1)
        for y in range(int(inner.top() * ratio), int(inner.bottom() * ratio)):
            for x in range(int(inner.left() * ratio), int(inner.right() * ratio)):
                if with_arcs.pixel(x, y) != without.pixel(x, y):
                    changed += 1
    assert changed == 0
    assert with_arcs != without  # something was drawn
