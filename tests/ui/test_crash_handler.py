"""CrashHandler: unexpected exceptions are logged and shown; the window and the data carry on."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from belannot.core.commands import AddSpan
from belannot.core.importing.pipeline import import_files
from belannot.ui import crash_handler
from belannot.ui.crash_handler import CrashHandler
from belannot.ui.session import Session
from tests.store_helpers import integrity_check
from tests.ui.raising_command import Raising

pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def shown(monkeypatch):
    dialogs: list[tuple[str, str]] = []
    monkeypatch.setattr(
        crash_handler,
        "show_error",
        lambda parent, title, text, details: dialogs.append((text, details)),
    )
    return dialogs


@pytest.fixture
def handler(qapp, tmp_path):
    installed = CrashHandler(tmp_path / "logs")
    installed.install()
    yield installed
    installed.uninstall()


def explode() -> None:
    raise RuntimeError("boom <b>not bold</b>")


def test_an_exception_in_a_slot_is_logged_shown_and_the_app_keeps_running(qtbot, handler, shown):
    QTimer.singleShot(0, explode)
    qtbot.waitUntil(lambda: len(shown) == 1)
    text, details = shown[0]
    assert "RuntimeError: boom <b>not bold</b>" in text
    assert str(handler.log_path) in text
    assert "Traceback" in details and "explode" in details
    log = handler.log_path.read_text(encoding="utf-8")
    assert "RuntimeError: boom" in log and "explode" in log
    # The event loop still runs.
    later = []
    QTimer.singleShot(0, lambda: later.append(True))
    qtbot.waitUntil(lambda: later == [True])


def test_an_exception_in_a_thread_is_shown_in_the_gui_thread(qtbot, handler, shown):
    worker = threading.Thread(target=explode)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert "boom" in shown[0][0]
    assert "boom" in handler.log_path.read_text(encoding="utf-8")


def test_a_buggy_command_leaves_the_data_consistent(
    qtbot, handler, shown, store, alice, corpus_copy
):
    import_files(store, [corpus_copy], user=alice)
    session = Session(store, alice)
    document = store.document_ids()[0]
    audit_before = len(store.audit_log())
    QTimer.singleShot(0, lambda: session.run(Raising(KeyError("a bug"), document)))
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert "KeyError" in shown[0][0]
    assert store.span_count() == 0 and len(store.audit_log()) == audit_before
    assert integrity_check(store) == "ok"
    assert session.run(AddSpan(document, 0, 4, "actor"))
    assert store.span_count() == 1


def test_a_storage_error_is_shown_in_plain_words(qtbot, handler, shown):
    import sqlite3  # noqa: TID251 - the error type the store translates

    def fill_disk():
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorname = "SQLITE_FULL"
        raise error

    QTimer.singleShot(0, fill_disk)
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert "disk" in shown[0][0] and "full" in shown[0][0]
    assert "Something went wrong" not in shown[0][0]


def test_one_dialog_at_a_time_every_error_logged(qtbot, handler, monkeypatch):
    opened = []

    def nested_show(parent, title, text, details):
        opened.append(text)
        if len(opened) == 1:
            # While this dialog is open another error comes: logged, and its dialog
            # waits for this one to close instead of stacking on top of it.
            handler._show("nested", "")
            handler.handle(ValueError, ValueError("second"), None)

    monkeypatch.setattr(crash_handler, "show_error", nested_show)
    handler.handle(ValueError, ValueError("first"), None)
    qtbot.waitUntil(lambda: len(opened) == 2)
    assert "first" in opened[0] and "second" in opened[1]
    assert "second" in handler.log_path.read_text(encoding="utf-8")


def test_uninstall_restores_the_previous_hooks(qapp, tmp_path):
    import sys

    before = (sys.excepthook, threading.excepthook)
    installed = CrashHandler(tmp_path)
    installed.install()
    assert sys.excepthook == installed.handle
    installed.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_the_log_rotates(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(crash_handler, "LOG_BYTES", 2000)
    installed = CrashHandler(tmp_path)
    for number in range(20):
        installed.handle(RuntimeError, RuntimeError(f"error {number} " + "x" * 200), None)
    installed.uninstall()
    logs = sorted(p.name for p in tmp_path.iterdir())
    assert logs[:2] == ["belannot.log", "belannot.log.1"]
    assert len(logs) <= 1 + crash_handler.LOG_BACKUPS


def test_the_dialog_shows_text_literally(qapp, monkeypatch):
    boxes = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box) or 0)
    hostile = '<img src=x> <a href="https://example.invalid">click</a>'
    crash_handler.show_error(None, "title", hostile, "details")
    box = boxes[0]
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.text() == hostile
