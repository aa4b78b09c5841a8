"""Session: the window's one door to the core. Runs operations, announces what changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from belannot.core import operations
from belannot.core.changes import Changes
from belannot.core.errors import BelannotError
from belannot.core.history import History, Redo, Undo
from belannot.core.model import User
from belannot.core.operations import Operation
from belannot.core.reader import ProjectReader
from belannot.core.store import Store
from belannot.ui.project_watcher import LIVE_INTERVAL_MS, SAFETY_INTERVAL_MS, ProjectWatcher


class Session(QObject):
    """Owns the Store and History for one window and one user."""

    # (Changes, initiator): the widget that started an edit skips its own echo.
    changed = Signal(object, object)
    # A user-facing message for an edit the core refused.
    failed = Signal(str)
    # A line about an edit done differently than asked (an undo that skipped a step).
    noticed = Signal(str)

    def __init__(self, store: Store, user: User, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # The ui reads through this; every write goes through run().
        self.store: ProjectReader = store
        self._store = store
        self.user = user
        self.history = History(store)
        # Other writers' edits carry no Changes: a whole refresh is the honest answer.
        self._watcher = ProjectWatcher(store, parent=self)
        self._watcher.changed_elsewhere.connect(lambda: self.changed.emit(Changes.all(), None))

    def run(self, operation: Operation, initiator: object | None = None) -> Changes | None:
        """Apply ``operation`` now (committed when this returns); None if refused.

        Only a user's mistake (a BelannotError) is a message; anything else is a bug
        and goes on to the crash handler."""
        try:
            changes = operations.run(self._store, operation, self.user)
        except BelannotError as error:
            self.failed.emit(str(error))
            return None
        if changes:
            self.changed.emit(changes, initiator)
        if changes.notice:
            self.noticed.emit(changes.notice)
        return changes

    def undo(self) -> Changes | None:
        return self.run(Undo())

    def redo(self) -> Changes | None:
        return self.run(Redo())

    def undo_description(self) -> str | None:
        """What Undo would revert ('Add actor span'), for the menu; None if nothing."""
        return self.history.undo_description(self.user)

    def redo_description(self) -> str | None:
        return self.history.redo_description(self.user)

    def watch_other_writers(self, interval_ms: int | None = None) -> None:
        """Watch for commits by other processes (a CLI import, a second window, another
        annotator of a team project): woken by the server's notification on a team project
        (``interval_ms`` is then a slow safety poll), polled every ``interval_ms`` otherwise."""
        if interval_ms is None:
            interval_ms = SAFETY_INTERVAL_MS if self._watcher.listens() else LIVE_INTERVAL_MS
        self._watcher.set_interval(interval_ms)
        self._watcher.start()

    def listens_for_other_writers(self) -> bool:
        """True on a team project: the server's notifications wake the window."""
        return self._watcher.listens()

    def watch_interval(self) -> int:
        return self._watcher.interval()

    def stop_watching(self) -> None:
        self._watcher.stop()

    def check_other_writers(self) -> bool:
        """Announce a whole-project change if another connection committed since last time."""
        return self._watcher.check()
