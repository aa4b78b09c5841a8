"""Session.run shows a user's mistake in the status bar and lets a bug reach the crash handler."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer

from belannot.core.importing.pipeline import import_files
from belannot.core.model import ValidationError
from belannot.ui import crash_handler
from belannot.ui.crash_handler import CrashHandler
from belannot.ui.session import Session
from tests.ui.raising_command import Raising

pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def shown(monkeypatch, qapp, tmp_path):
    dialogs: list[str] = []
    monkeypatch.setattr(
        crash_handler, "show_error", lambda parent, title, text, details: dialogs.append(text)
    )
    installed = CrashHandler(tmp_path / "logs")
    installed.install()
    yield dialogs
    installed.uninstall()


def test_a_plain_value_error_is_a_bug_and_reaches_the_crash_handler(
    qtbot, shown, store, alice, corpus_copy
):
    import_files(store, [corpus_copy], user=alice)
    session = Session(store, alice)
    messages: list[str] = []
    session.failed.connect(messages.append)
    QTimer.singleShot(0, lambda: session.run(Raising(ValueError("a bug"))))
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert "ValueError: a bug" in shown[0]
    assert messages == []


def test_a_validation_error_is_a_status_bar_message(qtbot, shown, store, alice):
    session = Session(store, alice)
    with qtbot.waitSignal(session.failed, timeout=2000) as failed:
        assert session.run(Raising(ValidationError("end 9 is past the end"))) is None
    assert failed.args == ["end 9 is past the end"]
    assert shown == []
    assert not issubclass(ValidationError, ValueError)
