"""The composition root: builds the Store, Session and MainWindow and runs Qt."""

from __future__ import annotations

import sys
from pathlib import Path

from belannot.core.model import User
from belannot.core.store import Store


def run_window(
    store: Store,
    user: User,
    *,
    screenshot: Path | None = None,
    document_id: str | None = None,
) -> int:
    """Show the main window on ``store`` as ``user``; with ``screenshot``, render and exit."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from belannot.core.backup import maybe_daily_backup
    from belannot.ui.crash_handler import CrashHandler
    from belannot.ui.main_window import MainWindow
    from belannot.ui.session import Session

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("belannot")
    app.setOrganizationName("belannot")
    crash_handler = CrashHandler(parent=app)
    crash_handler.install()
    app.aboutToQuit.connect(crash_handler.uninstall)
    session = Session(store, user)
    window = MainWindow(session)
    crash_handler.parent_widget = window
    # 'At most once a day while working': the check is cheap, so look every hour.
    backup_timer = QTimer(window)
    backup_timer.timeout.connect(lambda: maybe_daily_backup(store))
    backup_timer.start(60 * 60 * 1000)
    window.resize(1280, 800)
    ids = store.document_ids()
    if document_id is not None or ids:
        window.open_document(document_id or ids[0])
    if screenshot is not None:
        window.show()
        app.processEvents()
        ok = window.grab().save(str(screenshot))
        window.close()
        return 0 if ok else 1
    window.show()
    return app.exec()


def main() -> None:
    """Entry point of the belannot-gui script: the CLI with no command opens the window."""
    from belannot.cli import main as cli_main

    cli_main()
