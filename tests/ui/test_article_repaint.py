"""Undoing a span leaves no trace on screen: the repaint covers all of its drawing."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from window_fixtures import KEY, MOD, drag, open_window

from belannot.core.model import Document, DocumentMeta
from belannot.ui.settings import Settings

TEXT = "Opening paragraph with a few words.\nMerkel met Macron in Berlin on Monday.\nEnd."


@pytest.fixture
def project(store):
    store.add_document(Document("a", TEXT, DocumentMeta(title="Repaint")))
    store.ensure_user("alice")
    return store


def screen_of(window):
    # What is on the screen (the backing store), not a fresh rendering of the widget:
    # a fresh grab would repaint everything and hide a stale pixel.
    QApplication.processEvents()
    view = window.article_view.viewport()
    origin = view.mapTo(window, view.rect().topLeft())
    shot = QGuiApplication.primaryScreen().grabWindow(window.winId())
    ratio = shot.devicePixelRatio()
    return shot.copy(
        round(origin.x() * ratio),
        round(origin.y() * ratio),
        round(view.width() * ratio),
        round(view.height() * ratio),
    ).toImage()


def test_undoing_a_span_leaves_no_remnant(qtbot, project, tmp_path):
    window = open_window(qtbot, project, "alice", Settings(tmp_path / "s.ini"), size=(1200, 800))
    view = window.article_view
    view.setCursorWidth(0)  # the caret moves with the edit; it is not what is compared
    before = screen_of(window)
    start = TEXT.index("Merkel")
    drag(qtbot, view, start, start + 5)
    qtbot.keyClick(view, KEY.Key_1)
    assert len(project.spans("a")) == 1
    assert screen_of(window) != before
    qtbot.keyClick(view, KEY.Key_Z, MOD.ControlModifier)
    qtbot.waitUntil(lambda: not project.spans("a"))
    after = screen_of(window)
    differing = [
        (x, y)
        for y in range(before.height())
        for x in range(before.width())
        if before.pixel(x, y) != after.pixel(x, y)
    ]
    assert differing == []
