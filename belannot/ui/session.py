"""Session: the window's one door to the core. Runs commands, announces what changed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from belannot.core.changes import Changes
from belannot.core.commands import Command
from belannot.core.errors import BelannotError
from belannot.core.history import History
from belannot.core.model import User
from belannot.core.store import Store
from belannot.ui.project_watcher import ProjectWatcher


class Session(QObject):
    """Owns the Store and History for one window and one user."""

    # (Changes, initiator): the widget that started an edit skips its own echo.
    changed = Signal(object, object)
    # A user-facing message for an edit the core refused.
    failed = Signal(str)

    def __init__(self, store: Store, user: User, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.user = user
        self.history = History(store)
        # Other writers' edits carry no Changes: a whole refresh is the honest answer.
        self._watcher = ProjectWatcher(store, parent=self)
        self._watcher.changed_elsewhere.connect(lambda: self.changed.emit(Changes.all(), None))

    def run(self, command: Command, initiator: object | None = None) -> Changes | None:
        """Apply ``command`` now (committed when this returns); None if refused."""
        try:
            changes = self.history.do(command, self.user)
        except BelannotError as error:
            self.failed.emit(str(error))
            return None
        except ValueError as error:  # ValidationError and friends from the model
            self.failed.emit(str(error))
            return None
        if changes:
            self.changed.emit(changes, initiator)
        return changes

    def undo(self) -> Changes | None:
        return self._step(self.history.undo)

    def redo(self) -> Changes | None:
        return self._step(self.history.redo)

    def _step(self, step: Callable[[User], Changes]) -> Changes | None:
        try:
            changes = step(self.user)
        except BelannotError as error:
            self.failed.emit(str(error))
            return None
        if changes:
            self.changed.emit(changes, None)
        return changes

    def undo_description(self) -> str | None:
        """What Undo would revert ('Add actor span'), for the menu; None if nothing."""
        return self.history.undo_description(self.user)

    def redo_description(self) -> str | None:
        return self.history.redo_description(self.user)

    def watch_other_writers(self, interval_ms: int = 2000) -> None:
        """Poll for commits by other processes (a CLI import, a second window)."""
        self._watcher.set_interval(interval_ms)
        self._watcher.start()

    def stop_watching(self) -> None:
        self._watcher.stop()

    def check_other_writers(self) -> bool:
        """Announce a whole-project change if another connection committed since last time."""
        return self._watcher.check()
