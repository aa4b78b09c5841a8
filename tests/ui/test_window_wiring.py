"""The window's parts talk through signals: one range_selected per drag, no controller
reaching back into MainWindow, ArticleView's search beside QPlainTextEdit.find."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPlainTextEdit

from belannot.ui.actions import ActionId
from belannot.ui.widgets.article_view import ArticleView
from tests.ui.window_fixtures import KEY, LEFT, MOD, drag, key, open_window

SMILE = "\U0001f600"
UI = Path(__file__).resolve().parents[2] / "belannot" / "ui"


def dragged(view, first, last):
    """The code points an exact drag from ``first`` to ``last`` covers: where Qt puts the
    caret for the centres of those characters."""
    return (
        view.code_point_at(view.viewport_point_for(first)),
        view.code_point_at(view.viewport_point_for(last)),
    )


def collect(view):
    seen = []
    view.range_selected.connect(lambda start, end: seen.append((start, end)))
    return seen


def test_a_drag_emits_range_selected_once_snapped_in_code_points(qtbot, view):
    text = f"{SMILE} Angela Merkel met Macron"
    view.set_document("d", text, [], [])
    seen = collect(view)
    merkel = text.index("Merkel")
    drag(qtbot, view, merkel + 1, merkel + 3)  # inside the word: snaps to all of it
    assert seen == [(merkel, merkel + len("Merkel"))]


def test_an_exact_drag_emits_the_characters_dragged(qtbot, view):
    text = f"{SMILE} Angela Merkel met Macron"
    view.set_document("d", text, [], [])
    seen = collect(view)
    merkel = text.index("Merkel")
    exact = dragged(view, merkel + 1, merkel + 3)
    assert merkel < exact[0] < exact[1] < merkel + len("Merkel")
    drag(qtbot, view, merkel + 1, merkel + 3, MOD.ControlModifier)
    assert seen == [exact]


def test_a_click_emits_nothing(qtbot, view):
    view.set_document("d", "Angela Merkel", [], [])
    seen = collect(view)
    qtbot.mouseClick(view.viewport(), LEFT, pos=view.viewport_point_for(3))
    assert seen == []


def test_sticky_label_with_ctrl_keeps_the_exact_characters(qtbot, store, settings_path):
    from belannot.ui.settings import Settings
    from tests.ui.window_fixtures import two_annotator_project

    project = two_annotator_project(store, {})
    window = open_window(qtbot, project, "alice", Settings(settings_path))
    key(qtbot, window, KEY.Key_K, MOD.ControlModifier)
    assert window.registry[ActionId.STICKY_LABEL].isChecked()
    qtbot.mouseClick(window.tag_panel.button_for("event"), LEFT)
    exact = dragged(window.article_view, 2, 9)
    assert 0 < exact[0] < exact[1] < len("Angela Merkel")  # not the words' edges
    drag(qtbot, window.article_view, 2, 9, MOD.ControlModifier)
    spans = project.spans("a")
    assert [(s.start, s.end, s.label) for s in spans] == [(*exact, "event")]
    # The span just made is the current one, in the article and in the list.
    assert window.article_view.current_span_id() == spans[0].id
    assert window.tag_panel.selected_span_id() == spans[0].id


@pytest.fixture
def settings_path(tmp_path):
    return tmp_path / "settings.ini"


def test_article_view_keeps_qplaintextedit_find():
    assert ArticleView.find is QPlainTextEdit.find


def test_no_ui_module_imports_the_main_window():
    importers = []
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "belannot.ui.main_window":
                importers.append(path.relative_to(UI).as_posix())
    assert importers == []
