"""CrashHandler: an unexpected exception is logged and shown, and the window keeps running.

Exceptions raised in Qt slots and in threads end up in ``sys.excepthook`` and
``threading.excepthook``; both are routed here. The full traceback goes to a
rotating log file in the user log folder; the person sees a plain-text dialog
with the message and where the log is. Data stays consistent because every
edit is one transaction: an exception inside it rolls it back.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

import platformdirs
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from belannot.core.errors import BelannotError
from belannot.core.store import translate_error

APP_NAME = "belannot"
LOG_FILE = "belannot.log"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 3

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def show_error(parent: QWidget | None, title: str, text: str, details: str) -> None:
    """The dialog; tests replace this function. Plain text: messages may quote user data."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.setDetailedText(details)
    box.exec()


class CrashHandler(QObject):
    """Installs itself as the global exception hook; ``uninstall`` restores the old hooks."""

    # Carries (text, details) from any thread to the GUI thread, where the dialog opens.
    reported = Signal(str, str)

    def __init__(
        self,
        folder: Path | None = None,
        parent_widget: QWidget | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.log_path = (folder or log_dir()) / LOG_FILE
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.parent_widget = parent_widget
        self.logger = logging.getLogger(f"belannot.crash.{id(self)}")
        self.logger.propagate = False
        self.logger.setLevel(logging.INFO)
        # The log file opens at the first error: logging.handlers (with pickle, queue and
        # socket) is ~1.5 MB the window's start would otherwise carry.
        self._handler: logging.Handler | None = None
        self._showing = False
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def uninstall(self) -> None:
        if sys.excepthook == self.handle:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self._handle_thread:
            threading.excepthook = self._previous_thread_hook
        if self._handler is not None:
            self.logger.removeHandler(self._handler)
            self._handler.close()
            self._handler = None

    def _log(self, details: str) -> None:
        if self._handler is None:
            from logging.handlers import RotatingFileHandler

            handler = RotatingFileHandler(
                self.log_path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
            )
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
            self.logger.addHandler(handler)
            self._handler = handler
        self.logger.error("unexpected error\n%s", details)

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(
        self,
        exc_type: type[BaseException],
        exc_value: BaseException,
        exc_traceback: TracebackType | None,
    ) -> None:
        """Log the exception and queue the dialog; never raises itself."""
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_hook(exc_type, exc_value, exc_traceback)
            return
        details = "".join(traceback.format_exception(exc_type, exc_value, exc_traceback))
        try:
            self._log(details)
        except Exception:  # noqa: BLE001 - a full disk must not turn one error into two
            sys.stderr.write(details)
        self.reported.emit(self.message(exc_value), details)

    def message(self, error: BaseException) -> str:
        translated = translate_error(error, None)
        if isinstance(translated, BelannotError):
            return str(translated)
        if isinstance(error, BelannotError):
            return str(error)
        return (
            f"Something went wrong: {type(error).__name__}: {error}\n\n"
            "Your work up to the last change is saved; the change in progress was not "
            f"applied. Details are in {self.log_path}."
        )

    def _show(self, text: str, details: str) -> None:
        if self._showing or not isinstance(QApplication.instance(), QApplication):
            return  # one dialog at a time; the log has every error
        self._showing = True
        try:
            show_error(self.parent_widget, "belannot: unexpected error", text, details)
        finally:
            self._showing = False
