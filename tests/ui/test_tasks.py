"""Background tasks: results, errors and cancellation arrive as signals on the UI thread."""

from __future__ import annotations

import threading

import pytest

from belannot.core.errors import CancelledError, InputError
from belannot.core.formats.jsonl import export_jsonl
from belannot.core.importing.pipeline import import_files
from belannot.core.store import Store
from belannot.ui.tasks import Task, run_with_progress


@pytest.fixture
def project_path(tmp_path, corpus_copy, alice):
    path = tmp_path / "p.belannot"
    store = Store.open(path)
    import_files(store, [corpus_copy], user=alice)
    store.close()
    return path


def test_work_runs_off_the_ui_thread_and_reports_progress(qtbot, project_path, tmp_path):
    threads, progress = [], []

    def work(store, report, cancelled):
        threads.append(threading.current_thread())
        return export_jsonl(store, tmp_path / "out.jsonl", progress=report).documents

    task = Task(project_path, work)
    task.progressed.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(task.succeeded, timeout=10_000) as result:
        task.start()
    assert result.args == [5]
    assert threads and threads[0] is not threading.main_thread()
    qtbot.waitUntil(lambda: progress and progress[-1] == (5, 5))


def test_errors_arrive_as_messages(qtbot, project_path):
    def work(store, report, cancelled):
        raise InputError("broken", path="x.jsonl", line=3)

    task = Task(project_path, work)
    with qtbot.waitSignal(task.failed, timeout=10_000) as result:
        task.start()
    assert result.args == ["x.jsonl:3: broken"]


def test_cancel_stops_the_work(qtbot, project_path):
    started = threading.Event()

    def work(store, report, cancelled):
        started.set()
        wait_for_cancel(cancelled)

    task = Task(project_path, work)
    with qtbot.waitSignal(task.cancelled, timeout=10_000):
        task.start()
        assert started.wait(5)
        task.cancel()


def wait_for_cancel(cancelled):
    # Bounded, so a broken cancel fails the test instead of hanging the pool at exit.
    for _ in range(10_000):
        if cancelled():
            raise CancelledError("stopped")
        threading.Event().wait(0.001)


def test_progress_dialog_cancel_button_cancels(qtbot, project_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton, QWidget

    parent = QWidget()
    qtbot.addWidget(parent)

    def work(store, report, cancelled):
        report(1, 10)
        wait_for_cancel(cancelled)

    task = Task(project_path, work)
    with qtbot.waitSignal(task.cancelled, timeout=10_000):
        dialog = run_with_progress(task, parent, "Exporting")
        qtbot.waitUntil(lambda: dialog.maximum() == 10)
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
