"""At 1024 px the link mode's message fits the status bar beside the user, the project path
(elided in the middle, whole in its tooltip) and "All changes saved"."""

from __future__ import annotations

import pytest

from belannot.ui.project_place import display_path
from tests.ui.test_arc_routes import _select
from tests.ui.test_arc_routes import project as project  # noqa: F401 (the fixture)
from tests.ui.window_fixtures import KEY, key, open_window


def _message_room(window) -> int:
    """The width the status bar leaves its message: up to its first permanent widget."""
    bar = window.statusBar()
    permanent = (window.user_status, window.project_status, window.saved_status)
    return (
        min(widget.geometry().left() for widget in permanent)
        - bar.layout().contentsMargins().left()
    )


@pytest.mark.parametrize("size", [(1024, 700), (1920, 1080)])
def test_the_link_message_is_seen_whole(qtbot, project, settings, size):
    window = open_window(qtbot, project, "alice", settings, project.document_ids()[0], size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    _select(qtbot, window, "p1")
    key(qtbot, window, KEY.Key_L)
    bar = window.statusBar()
    message = bar.currentMessage()
    # What links to what first, then the keys.
    assert message.startswith("Link source: “could soon send")
    assert "→ “Russian Presid" in message  # the nearest actor
    assert "Enter" in message and "Esc" in message
    qtbot.waitUntil(lambda: _message_room(window) > 0)
    assert bar.fontMetrics().horizontalAdvance(message) <= _message_room(window), size
    for widget in (window.user_status, window.saved_status):
        assert widget.width() >= widget.sizeHint().width()
    whole = display_path(project.path)
    assert whole in window.project_status.toolTip()
    if size[0] >= 1920:
        assert window.project_status.text() == whole
    else:
        shown = window.project_status.text()
        assert shown.startswith(whole[:3]) and shown.endswith(whole[-3:]) and "…" in shown
