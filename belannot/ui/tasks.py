"""Background work off the UI thread: progress, cancel, and a result or an error as signals.

A task's work opens its own Store on the project (a file's path or a team project's
URL), because a connection belongs to the thread that opened it (STYLE.md, rule 4).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from belannot.core.errors import BelannotError, CancelledError
from belannot.core.store import Store, open_store

# work(store, progress, cancelled) -> result
Work = Callable[[Store, Callable[[int, int], None], Callable[[], bool]], Any]


class Task(QObject):
    """One piece of background work on the project at ``location`` (see ``Store.location``)."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    # Emitted last, whatever the outcome.
    finished = Signal()

    def __init__(self, location: Path | str, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.location = location
        self.work = work
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def start(self, pool: QThreadPool | None = None) -> None:
        (pool or QThreadPool.globalInstance()).start(_Runner(self))

    def _emit(self, signal: Any, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:
            # The task's owner (a window closed meanwhile) deleted it: nobody is listening.
            self._cancel.set()

    def _run(self) -> None:
        # Runs in a pool thread: touch no widget here, only emit signals.
        try:
            store = open_store(self.location)
            try:
                result = self.work(
                    store,
                    lambda done, total: self._emit(self.progressed, done, total),
                    self.is_cancelled,
                )
            finally:
                store.close()
        except CancelledError:
            self._emit(self.cancelled)
        except BelannotError as error:
            self._emit(self.failed, str(error))
        except Exception as error:  # noqa: BLE001 - reported to the user, not swallowed
            self._emit(self.failed, f"{type(error).__name__}: {error}\n\n{traceback.format_exc()}")
        else:
            if self.is_cancelled():
                self._emit(self.cancelled)
            else:
                self._emit(self.succeeded, result)
        self._emit(self.finished)


class _Runner(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task

    def run(self) -> None:
        self.task._run()


def run_with_progress(task: Task, parent: QWidget, title: str) -> QProgressDialog:
    """Start ``task`` with a progress dialog that appears only if it takes over ~0.5 s."""
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(500)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def show_progress(done: int, total: int) -> None:
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))

    task.progressed.connect(show_progress)
    dialog.canceled.connect(task.cancel)
    task.finished.connect(dialog.close)
    task.start()
    return dialog
