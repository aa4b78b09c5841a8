"""ProjectWatcher: notices when another process (window, CLI import) changed the project."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractEventDispatcher,
    QElapsedTimer,
    QObject,
    QSocketNotifier,
    QTimer,
    Signal,
)

from belannot.core.errors import BelannotError
from belannot.core.store import Store

DEFAULT_INTERVAL_MS = 1000
# A window's on a project file: another writer's commit shows within a second (the check
# reads SQLite's data_version, which nothing announces).
LIVE_INTERVAL_MS = 400
# A window's on a team project, which the server's notification wakes: the poll only
# catches one it somehow missed.
SAFETY_INTERVAL_MS = 5000
# Between two refreshes for others' commits: a busy team gets a rest between repaints.
SETTLE_MS = 50


class ProjectWatcher(QObject):
    """Emits ``changed_elsewhere`` when ``Store.data_version()`` moved, which happens only
    when another connection commits.

    Our own edits do not move it, so ``changed_elsewhere`` means exactly "someone
    else wrote": the window then refreshes what it shows (other writers' edits
    carry no Changes, so a full refresh is the honest answer). A store with a
    ``change_descriptor`` (a team project's socket) wakes the watcher as soon as the
    server's notification arrives; otherwise it polls.
    """

    changed_elsewhere = Signal()

    def __init__(
        self, store: Store, interval_ms: int = DEFAULT_INTERVAL_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._version = store.data_version()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        # A change taken in is reported by this timer's check, outside the socket's or the
        # event loop's callback.
        self._due = QTimer(self)
        self._due.setSingleShot(True)
        self._due.timeout.connect(self.check)
        self._since_emit = QElapsedTimer()
        self._idle_hooked = False
        self._notifier: QSocketNotifier | None = None
        descriptor = store.change_descriptor()
        if descriptor is not None:
            self._notifier = QSocketNotifier(descriptor, QSocketNotifier.Type.Read, self)
            self._notifier.setEnabled(False)
            self._notifier.activated.connect(self._take)

    def listens(self) -> bool:
        """True when the store's notifications wake the watcher (a team project)."""
        return self._notifier is not None

    def is_listening(self) -> bool:
        """True while a notification would wake the watcher now."""
        return self._notifier is not None and self._notifier.isEnabled()

    def set_interval(self, interval_ms: int) -> None:
        self._timer.setInterval(interval_ms)

    def interval(self) -> int:
        return self._timer.interval()

    def start(self) -> None:
        self._timer.start()
        if self._notifier is not None:
            self._notifier.setEnabled(True)
            # Any query of ours may read a notification off the socket, where the notifier
            # never sees it: take what the store holds each time the window goes idle.
            dispatcher = QAbstractEventDispatcher.instance(self.thread())
            if dispatcher is not None and not self._idle_hooked:
                dispatcher.aboutToBlock.connect(self._take)
                self._idle_hooked = True

    def stop(self) -> None:
        self._timer.stop()
        self._due.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        dispatcher = QAbstractEventDispatcher.instance(self.thread())
        if dispatcher is not None and self._idle_hooked:
            dispatcher.aboutToBlock.disconnect(self._take)
            self._idle_hooked = False

    def is_active(self) -> bool:
        return self._timer.isActive()

    def _take(self) -> None:
        """Take in what the store has (on the socket, or already read off it): the data is
        read either way, so the notifier does not fire again at once."""
        if not self.is_listening():
            return
        try:
            version = self.store.data_version()
        except BelannotError:
            self._lost()
            return
        if version != self._version and not self._due.isActive():
            rested = self._since_emit.elapsed() if self._since_emit.isValid() else SETTLE_MS
            self._due.start(max(0, SETTLE_MS - rested))

    def _lost(self) -> None:
        # The connection broke: its socket stays readable, so stop listening to it (the
        # poll goes on; the next edit reports the trouble plainly).
        if self._notifier is not None:
            self._notifier.setEnabled(False)

    def check(self) -> bool:
        """Emit ``changed_elsewhere`` if another connection committed since the last check."""
        try:
            version = self.store.data_version()
        except BelannotError:
            self._lost()
            return False  # the file went away or broke: the next edit reports it plainly
        if version == self._version:
            return False
        self._version = version
        self._since_emit.start()
        self.changed_elsewhere.emit()
        return True
