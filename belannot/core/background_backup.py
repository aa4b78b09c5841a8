"""The daily backup off the caller's path: its own thread, its own connection to the project."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from belannot.core import backup
from belannot.core.errors import BelannotError
from belannot.core.store.project_file import BackupSource

log = logging.getLogger(__name__)


class BackgroundBackup:
    """Runs :func:`backup.maybe_daily_backup` of the project at ``path`` on a thread.

    The thread is not a daemon: the interpreter waits for it before the process ends, so
    a command answers at once and still never exits with its backup half-written (a
    killed process leaves only a scratch file, which is never counted as a backup and is
    cleared by the next backup). :meth:`wait` lets the owner wait for it sooner.
    A request made while a backup runs makes one more run after it, never two at once.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again = False
        self.written: list[Path] = []

    def request(self) -> None:
        """Back up if the daily rule asks for it, in the background; returns at once."""
        with self._lock:
            if self._thread is not None:
                self._again = True
                return
            self._thread = threading.Thread(
                target=self._run, name="belannot-backup", daemon=False
            )
            self._thread.start()

    def running(self) -> bool:
        with self._lock:
            return self._thread is not None

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the running backup (and the one asked for meanwhile); True if done."""
        with self._lock:
            thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def _run(self) -> None:
        while True:
            self._once()
            with self._lock:
                if not self._again:
                    self._thread = None
                    return
                self._again = False

    def _once(self) -> None:
        try:
            source = BackupSource(self.path)
        except BelannotError as error:
            log.warning("daily backup of %s failed: %s", self.path, error)
            return
        try:
            # Looked up at each run: the policy (and a test's stand-in) lives in backup.
            written = backup.maybe_daily_backup(source)
        except Exception:  # a backup must never take the process down with it
            log.exception("daily backup of %s failed", self.path)
            return
        finally:
            source.close()
        if written is not None:
            self.written.append(written)
