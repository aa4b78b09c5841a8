"""Edits refresh the view, the span list and the layers by the changed spans only: after any
mix of adds, deletes, relabels, undo and redo they equal a fresh load of the document."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from typing_extensions import override

from belannot.app import create_window
from belannot.core.model import Document, DocumentMeta, Span, span_order
from belannot.core.store import Store
from belannot.ui.models.span_table_model import SpanTableModel
from belannot.ui.settings import Settings
from belannot.ui.widgets.article_view import ArticleView
from belannot.ui.widgets.span_highlighter import SPAN_IDS_PROPERTY, SpanIndex

KEY = Qt.Key
PARAGRAPH = "Lukashenko said Belarus could join the war, the NATO official told CNN 😊.\n"
TEXT = PARAGRAPH * 40


@pytest.fixture
def project(store: Store) -> Store:
    store.add_document(Document("a", TEXT, DocumentMeta(title="Long")))
    store.add_document(Document("b", "Another article, short.", DocumentMeta(title="Short")))
    return store


@pytest.fixture
def window(qtbot, project, tmp_path):
    window = create_window(project, project.ensure_user("alice"), Settings(tmp_path / "s.ini"))
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.open_document("a")
    window.article_view.setFocus()
    qtbot.waitUntil(window.article_view.hasFocus)
    return window


def label_range(qtbot, window, start: int, end: int, key: Qt.Key) -> None:
    window.article_view.select_range(start, end)
    qtbot.keyClick(window.article_view, key)


def block_formats(view: ArticleView) -> list[list[tuple[int, int, str, object]]]:
    """Every block's span formats (range, fill, span ids), highlighting them all first."""
    view.highlighter.ensure_highlighted(0, view.spans().block_count - 1)
    document = view.document()
    found = []
    for number in range(document.blockCount()):
        layout = document.findBlockByNumber(number).layout()
        found.append(
            [
                (
                    r.start,
                    r.length,
                    r.format.background().color().name(),
                    r.format.property(SPAN_IDS_PROPERTY),
                )
                for r in layout.formats()
            ]
        )
    return found


def assert_like_a_fresh_load(window, store: Store, qtbot, tmp_path) -> None:
    stored = store.spans("a")
    view, model = window.article_view, window.tag_panel.span_model
    index = view.spans()
    assert index.ordered() == sorted((s.start, s.end, s.id) for s in stored)
    assert {key[2]: index.get(key[2]) for key in index.ordered()} == {s.id: s for s in stored}
    assert model.spans() == sorted(stored, key=span_order)
    assert all(model.row_of(s.id) == row for row, s in enumerate(model.spans()))
    assert window.tag_panel.spans_title.text() == f"Spans ({len(stored)})"
    fresh = create_window(store, store.ensure_user("alice"), Settings(tmp_path / "fresh.ini"))
    qtbot.addWidget(fresh)
    fresh.resize(1200, 800)
    fresh.open_document("a")
    # The current span is drawn deeper: select the same one.
    fresh.article_view.select_span(view.current_span_id())
    assert fresh.article_view.spans().ordered() == index.ordered()
    assert fresh.tag_panel.span_model.spans() == model.spans()
    assert block_formats(fresh.article_view) == block_formats(view)


def test_adds_delete_relabel_undo_redo_equal_a_fresh_load(qtbot, window, project, tmp_path):
    starts = [i * len(PARAGRAPH) for i in range(5)]
    label_range(qtbot, window, starts[0], starts[0] + 10, KEY.Key_1)
    label_range(qtbot, window, starts[2] + 16, starts[2] + 23, KEY.Key_2)
    # Nested in the first, and one long span across paragraphs.
    label_range(qtbot, window, starts[0] + 4, starts[0] + 8, KEY.Key_3)
    label_range(qtbot, window, starts[3], starts[4] + 10, KEY.Key_4)
    assert len(project.spans("a")) == 4
    assert_like_a_fresh_load(window, project, qtbot, tmp_path)

    # Relabel the current span (the long one) with another hotkey, delete another.
    qtbot.keyClick(window.article_view, KEY.Key_1)
    assert {s.label for s in project.spans("a")} == {"actor", "event", "prediction"}
    window.editor.span_chosen.emit(project.spans("a")[1].id)
    qtbot.keyClick(window.article_view, KEY.Key_Delete)
    assert len(project.spans("a")) == 3
    assert_like_a_fresh_load(window, project, qtbot, tmp_path)

    window.session.undo()  # the delete
    window.session.undo()  # the relabel
    assert len(project.spans("a")) == 4
    assert_like_a_fresh_load(window, project, qtbot, tmp_path)
    window.session.redo()
    assert_like_a_fresh_load(window, project, qtbot, tmp_path)
    # Switching away and back reads everything again: still the same.
    window.open_document("b")
    window.open_document("a")
    assert_like_a_fresh_load(window, project, qtbot, tmp_path)


def test_a_nudge_moves_the_row_and_the_paint(qtbot, window, project, tmp_path):
    label_range(qtbot, window, 0, 10, KEY.Key_1)
    label_range(qtbot, window, 16, 23, KEY.Key_2)
    window.editor.span_chosen.emit(project.spans("a")[0].id)
    window.editor.nudge("end", 1, True)  # "Lukashenko" → "Lukashenko said"
    assert [(s.start, s.end) for s in project.spans("a")] == [(0, 15), (16, 23)]
    assert_like_a_fresh_load(window, project, qtbot, tmp_path)


class PaintSpy(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.rects: list[QRect] = []

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            # The region's own rectangles: under load Qt merges two small dirty places
            # far apart into one paint event whose bounding rect() spans both.
            self.rects.extend(event.region())
        return False


def test_adding_a_span_repaints_only_its_lines(qtbot, window, project):
    view = window.article_view
    viewport = view.viewport()
    qtbot.waitUntil(lambda: view.highlighter.is_highlighted(0))
    # The document's suggestions arrive on their own and paint where they are: not this.
    qtbot.waitUntil(lambda: not window.suggesting.is_busy())
    viewport.repaint()
    view.select_range(len(PARAGRAPH) + 16, len(PARAGRAPH) + 23)
    spy = PaintSpy()
    viewport.installEventFilter(spy)
    qtbot.keyClick(view, KEY.Key_2)
    qtbot.waitUntil(lambda: bool(spy.rects))
    viewport.removeEventFilter(spy)
    assert len(project.spans("a")) == 1
    assert all(rect.height() < viewport.height() / 2 for rect in spy.rects), spy.rects


def make_span(number: int, start: int, length: int, label: str) -> Span:
    return Span(f"s{number}", "a", start, min(start + length, len(TEXT)), label, "alice")


OPERATIONS = st.lists(
    st.tuples(
        st.integers(0, 12),  # span number: a few, so edits hit existing spans
        st.integers(0, len(TEXT) - 2),
        st.integers(1, 200),
        st.sampled_from(["actor", "event", "delete"]),
    ),
    max_size=25,
)


@settings(deadline=None, max_examples=40)
@given(OPERATIONS)
def test_span_index_update_equals_a_fresh_index(operations):
    index, shown = SpanIndex(TEXT), {}
    for number, start, length, label in operations:
        if label == "delete":
            removed = [f"s{number}"]
            shown.pop(f"s{number}", None)
            changed: list[Span] = []
        else:
            span = make_span(number, start, length, label)
            shown[span.id], removed, changed = span, [], [span]
        before = [index.spans_in_block(b) for b in range(index.block_count)]
        touched = index.update(changed, removed)
        fresh = SpanIndex(TEXT)
        fresh.set_spans(shown.values())
        after = [index.spans_in_block(b) for b in range(index.block_count)]
        assert index.ordered() == fresh.ordered()
        assert after == [fresh.spans_in_block(b) for b in range(fresh.block_count)]
        moved = {b for b in range(index.block_count) if before[b] != after[b]}
        assert touched is None or moved <= touched


# Each example makes its own model; the tester only attaches to it.
@settings(
    deadline=None, max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(OPERATIONS)
def test_span_table_update_equals_a_fresh_table(qtmodeltester, operations):
    model, shown = SpanTableModel(), {}
    model.set_spans(TEXT, [])
    qtmodeltester.check(model)
    for number, start, length, label in operations:
        if label == "delete":
            shown.pop(f"s{number}", None)
            model.update_spans([], [f"s{number}"])
        else:
            span = make_span(number, start, length, label)
            shown[span.id] = span
            model.update_spans([span], [])
        assert model.spans() == sorted(shown.values(), key=span_order)
        assert all(model.row_of(s.id) == row for row, s in enumerate(model.spans()))
    # Many changes at once take the reset path: same result.
    many = [make_span(100 + i, i * 7, 5, "quote") for i in range(250)]
    model.update_spans(many, list(shown)[:1])
    expected = [*list(shown.values())[1:], *many]
    assert model.spans() == sorted(expected, key=span_order)
