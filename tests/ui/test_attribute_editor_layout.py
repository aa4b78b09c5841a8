"""The attribute editor beside the span list: a prediction's three attributes are seen
without scrolling on a 1024×700 screen, and on a large one it takes no more than its rows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QFrame

from belannot.ui.widgets.tag_panel import SPAN_MIN_ROWS, SPAN_ROWS
from tests.ui.test_arc_routes import _select
from tests.ui.test_arc_routes import project as project  # noqa: F401 (the fixture)
from tests.ui.test_layout import settled
from tests.ui.window_fixtures import open_window


def _rows(editor) -> list[QFrame]:
    return [f for f in editor.widget().findChildren(QFrame, "attributeRow") if f.isVisible()]


def _shown_rows(qtbot, window, size):
    window.resize(*size)
    settled(qtbot, window, size)
    _select(qtbot, window, "p1")
    editor = window.tag_panel.attribute_editor
    qtbot.waitUntil(lambda: len(_rows(editor)) == 3)
    qtbot.wait(1)  # the layout is queued
    return editor, _rows(editor)


@pytest.mark.parametrize("size", [(1024, 700), (1920, 1080)])
def test_a_predictions_attributes_are_seen_without_scrolling(qtbot, project, settings, size):
    window = open_window(qtbot, project, "alice", settings, project.document_ids()[0], size)
    editor, rows = _shown_rows(qtbot, window, size)
    viewport = editor.viewport()

    def all_seen() -> bool:
        seen = QRect(0, 0, viewport.width(), viewport.height())
        for row in rows:
            top_left = row.mapTo(viewport, row.rect().topLeft())
            if not seen.contains(QRect(top_left, row.size())):
                return False
        return editor.verticalScrollBar().maximum() == 0

    qtbot.waitUntil(all_seen)
    spans = window.tag_panel.span_table
    row = spans.verticalHeader().defaultSectionSize()
    wanted = SPAN_ROWS if size[1] >= 1000 else SPAN_MIN_ROWS
    assert spans.viewport().height() >= wanted * row, size


def test_on_a_large_screen_the_editor_leaves_no_empty_space(qtbot, project, settings):
    size = (1920, 1080)
    window = open_window(qtbot, project, "alice", settings, project.document_ids()[0], size)
    editor, rows = _shown_rows(qtbot, window, size)
    content = rows[-1].geometry().bottom() - rows[0].geometry().top()
    qtbot.waitUntil(lambda: editor.height() >= content)
    assert editor.height() <= content + 3 * editor.fontMetrics().height(), (
        editor.height(),
        content,
    )
