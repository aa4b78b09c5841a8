"""Label buttons: a plain click labels or relabels (and says so); entering sticky mode,
however it is done, never changes a span."""

from __future__ import annotations

import pytest
from window_fixtures import FIRST, KEY, LEFT, MOD, key, open_window, two_annotator_project

from belannot.ui.actions import ActionId
from belannot.ui.settings import Settings


@pytest.fixture
def project(store):
    return two_annotator_project(store, {"merkel": ("a", 0, 13, "actor", "alice")})


@pytest.fixture
def window(qtbot, project, tmp_path):
    return open_window(qtbot, project, "alice", Settings(tmp_path / "s.ini"))


def labels(project):
    return [(s.start, s.end, s.label) for s in project.spans("a")]


def select_first_span(qtbot, window):
    key(qtbot, window, KEY.Key_Home, MOD.ControlModifier)
    key(qtbot, window, KEY.Key_Tab)
    assert window.article_view.current_span_id() == "merkel"


def test_shift_click_enters_sticky_mode_without_relabelling(qtbot, window, project):
    select_first_span(qtbot, window)
    qtbot.mouseClick(window.tag_panel.button_for("event"), LEFT, MOD.ShiftModifier)
    assert window.registry[ActionId.STICKY_LABEL].isChecked()
    assert window.tag_panel.current_label() == "event"
    assert window.tag_panel.button_for("event").isChecked()
    assert labels(project) == [(0, 13, "actor")]
    # In sticky mode a plain click only chooses the label too.
    qtbot.mouseClick(window.tag_panel.button_for("quote"), LEFT)
    assert window.tag_panel.current_label() == "quote"
    assert labels(project) == [(0, 13, "actor")]
    # Shift+click on the sticky label leaves sticky mode, still changing nothing.
    qtbot.mouseClick(window.tag_panel.button_for("quote"), LEFT, MOD.ShiftModifier)
    assert not window.registry[ActionId.STICKY_LABEL].isChecked()
    assert labels(project) == [(0, 13, "actor")]


def test_the_sticky_toggle_never_changes_the_selected_span(qtbot, window, project):
    select_first_span(qtbot, window)
    key(qtbot, window, KEY.Key_K, MOD.ControlModifier)
    qtbot.mouseClick(window.tag_panel.sticky_button, LEFT)
    qtbot.mouseClick(window.tag_panel.sticky_button, LEFT)
    assert window.registry[ActionId.STICKY_LABEL].isChecked()
    assert labels(project) == [(0, 13, "actor")]


def test_a_plain_click_relabels_the_selected_span_and_says_so(qtbot, window, project):
    select_first_span(qtbot, window)
    qtbot.mouseClick(window.tag_panel.button_for("event"), LEFT)
    assert labels(project) == [(0, 13, "event")]
    message = window.statusBar().currentMessage()
    assert "Relabelled" in message and "event" in message and "Ctrl+Z" in message
    assert FIRST[0:13] == "Angela Merkel"
