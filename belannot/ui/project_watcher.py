"""ProjectWatcher: notices when another process (window, CLI import) changed the project."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from belannot.core.errors import BelannotError
from belannot.core.store import Store

DEFAULT_INTERVAL_MS = 1000
# A window's: another annotator's commit shows within a second (the check reads a
# counter, SQLite's data_version or the notifications a team project's server sent).
LIVE_INTERVAL_MS = 400


class ProjectWatcher(QObject):
    """Polls ``Store.data_version()``, which moves only when another connection commits.

    Our own edits do not move it, so ``changed_elsewhere`` means exactly "someone
    else wrote": the window then refreshes what it shows (other writers' edits
    carry no Changes, so a full refresh is the honest answer).
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

    def set_interval(self, interval_ms: int) -> None:
        self._timer.setInterval(interval_ms)

    def interval(self) -> int:
        return self._timer.interval()

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def is_active(self) -> bool:
        return self._timer.isActive()

    def check(self) -> bool:
        """Emit ``changed_elsewhere`` if another connection committed since the last check."""
        try:
            version = self.store.data_version()
        except BelannotError:
            return False  # the file went away or broke: the next edit reports it plainly
        if version == self._version:
            return False
        self._version = version
        self.changed_elsewhere.emit()
        return True
