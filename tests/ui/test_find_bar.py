"""The find bar: hits found while typing, centred in the view, and the label it applies shown."""

from __future__ import annotations

import pytest
from window_fixtures import KEY, LEFT, MOD, key, open_window

from belannot.core.model import Document, DocumentMeta
from belannot.ui.settings import Settings

LINES = [f"Line {n} of a long article about talks in Minsk." for n in range(120)]
LINES[70] = "Here Lukashenko spoke, and Lukashenko listened."
LONG = "\n".join(LINES)
SHORT = "Macron said: “We will win.” Macron left Paris for Brussels."


@pytest.fixture
def project(store):
    store.add_document(Document("long", LONG, DocumentMeta(title="Long")))
    store.add_document(Document("b", SHORT, DocumentMeta(title="Macron speaks")))
    store.ensure_user("alice")
    return store


@pytest.fixture
def window(qtbot, project, tmp_path):
    return open_window(qtbot, project, "alice", Settings(tmp_path / "s.ini"), "long", (1100, 700))


def hit_height_ratio(view):
    """Where the selection's line sits in the viewport: 0 top, 1 bottom."""
    return view.cursorRect().center().y() / view.viewport().height()


def test_typing_finds_the_first_hit_counts_them_and_centres_it(qtbot, window):
    view = window.article_view
    # Scroll so that the hit's line is the last one shown, half cut off.
    target = LONG.index("Lukashenko")
    bar_height = view.viewport().height()
    view.verticalScrollBar().setValue(0)
    while view.viewport_point_for(target).y() > bar_height - 4:
        view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 1)
    key(qtbot, window, KEY.Key_F, MOD.ControlModifier)
    bar = window.find_bar
    qtbot.keyClicks(bar.edit, "lukash")
    assert bar.status.text() == "1 of 2"
    assert view.selected_range() == (target, target + 6)
    assert 0.3 < hit_height_ratio(view) < 0.7
    # Typing on keeps the same hit; Enter moves to the next.
    qtbot.keyClicks(bar.edit, "enko")
    assert view.selected_range() == (target, target + 10)
    qtbot.keyClick(bar.edit, KEY.Key_Return)
    second = LONG.index("Lukashenko", target + 1)
    assert view.selected_range() == (second, second + 10)
    assert bar.status.text() == "2 of 2"


def test_label_all_matches_applies_the_label_the_bar_shows(qtbot, window, project):
    window.open_document("b")
    window.article_view.setFocus()
    key(qtbot, window, KEY.Key_F, MOD.ControlModifier)
    bar = window.find_bar
    assert bar.label_combo.currentText() == window.tag_panel.current_label() == "actor"
    bar.close_button.click()
    # A label button (nothing selected) chooses the label; the bar follows.
    qtbot.mouseClick(window.tag_panel.button_for("event"), LEFT)
    assert project.spans("b") == []
    key(qtbot, window, KEY.Key_F, MOD.ControlModifier)
    assert bar.label_combo.currentText() == "event"
    qtbot.keyClicks(bar.edit, "macron")
    # The bar's own choice is what gets applied (and becomes the current label).
    bar.label_combo.setFocus()
    qtbot.waitUntil(bar.label_combo.hasFocus)
    qtbot.keyClick(bar.label_combo, KEY.Key_Down)
    assert bar.label_combo.currentText() == "prediction"
    assert window.tag_panel.current_label() == "prediction"
    qtbot.mouseClick(bar.label_all_button, LEFT)
    assert sorted((s.start, s.end, s.label) for s in project.spans("b")) == [
        (0, 6, "prediction"),
        (28, 34, "prediction"),
    ]
