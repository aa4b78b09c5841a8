"""The current suggestion's keys in the status bar fit beside its permanent fields, at
1024 pixels too: whole parts, the least needed dropped first, never a cut word."""

from __future__ import annotations

import pytest
from test_suggestions_window import next_document_with_suggestions
from window_fixtures import KEY, key, open_window, string_matcher_project


def room_for_the_message(window) -> int:
    bar = window.statusBar()
    # The message is drawn left of the leftmost widget (the permanent fields, the grip).
    lefts = [w.geometry().left() for w in bar.children() if _is_visible_widget(w)]
    return min(lefts, default=bar.width())


def _is_visible_widget(child) -> bool:
    from PySide6.QtWidgets import QWidget

    return isinstance(child, QWidget) and child.isVisible() and child.width() > 0


@pytest.mark.parametrize("width", [1024, 1920])
def test_the_suggestion_keys_fit_the_status_bar(qtbot, store, settings, width):
    project = string_matcher_project(store)
    window = open_window(qtbot, project, "alice", settings, size=(width, 700))
    next_document_with_suggestions(qtbot, window, project)
    key(qtbot, window, KEY.Key_S)
    message = window.statusBar().currentMessage()
    metrics = window.statusBar().fontMetrics()
    assert metrics.horizontalAdvance(message) <= room_for_the_message(window)
    # The keys that decide come first and stay; nothing is cut mid-word.
    assert "Y accept" in message and "X reject" in message and "S next" in message
    assert not message.endswith("…")
    if width == 1920:
        assert "label key: as that label" in message
