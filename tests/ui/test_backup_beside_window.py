"""The daily backup of the launch runs beside the window: the window paints first."""

from __future__ import annotations

import threading

from click.testing import CliRunner
from PySide6.QtCore import QEvent, QObject

from belannot.cli import cli
from belannot.core import backup
from belannot.core.model import Document, DocumentMeta
from belannot.core.store import Store, project_file

# Long enough for a window to paint; the old, blocking backup waited this out.
PATIENCE = 5.0


class PaintSeen(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted = threading.Event()

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.painted.set()
        return False


def test_the_window_paints_before_the_daily_backup_of_its_launch_ends(
    qapp, tmp_path, monkeypatch
):
    path = tmp_path / "p.belannot"
    seeded = Store.open(path)
    seeded.add_document(Document("a", "Angela Merkel met Macron.", DocumentMeta(title="A")))
    seeded.close()
    seen = PaintSeen()
    result: dict[str, bool] = {}
    real_copy = project_file.copy_through_sqlite

    def slow_copy(origin, target):
        result["painted first"] = seen.painted.wait(PATIENCE)
        return real_copy(origin, target)

    monkeypatch.setattr(project_file, "copy_through_sqlite", slow_copy)
    monkeypatch.setattr("belannot.core.store.copy_through_sqlite", slow_copy)
    qapp.installEventFilter(seen)
    try:
        shot = tmp_path / "shot.png"
        run = CliRunner().invoke(
            cli, ["--db", str(path), "--user", "alice", "gui", "--screenshot", str(shot)]
        )
    finally:
        qapp.removeEventFilter(seen)
    assert run.exit_code == 0, run.output
    assert shot.exists()
    assert result["painted first"] is True
    # The command waited for its backup before it ended.
    assert [b.reason for b in backup.list_backups(path)] == ["daily"]


def test_the_window_starts_the_daily_backup_once_it_has_painted(
    qapp, qtbot, tmp_path, monkeypatch, store, alice
):
    """The real event loop of run_window: the backup waits for the first paint, then
    runs on its own connection while the window stays responsive."""
    import gc
    import sys

    from PySide6.QtCore import QTimer

    from belannot.app import run_window
    from belannot.ui.settings import Settings

    seen = PaintSeen()
    copying = threading.Event()
    result: dict[str, object] = {}
    real_copy = project_file.copy_through_sqlite

    def slow_copy(origin, target):
        result["painted first"] = seen.painted.is_set()
        result["thread"] = threading.current_thread()
        copying.set()
        return real_copy(origin, target)

    monkeypatch.setattr(project_file, "copy_through_sqlite", slow_copy)
    settings = Settings(tmp_path / "s.ini")
    settings.set_welcome_dismissed()
    ticks = QTimer()
    ticks.setInterval(5)

    def close_once_copying():
        if copying.is_set():
            ticks.stop()
            for widget in qapp.topLevelWidgets():
                widget.close()

    def give_up():
        for widget in qapp.topLevelWidgets():
            widget.close()

    ticks.timeout.connect(close_once_copying)
    ticks.start()
    # No backup came: fail, don't hang (tied to `ticks`, so it dies with this test).
    QTimer.singleShot(int(PATIENCE * 1000), ticks, give_up)
    qapp.installEventFilter(seen)
    hooks = (sys.excepthook, threading.excepthook)
    thresholds = gc.get_threshold()  # run_window freezes the collector after the paint
    try:
        assert run_window(store, alice, settings=settings) == 0
    finally:
        qapp.removeEventFilter(seen)
        ticks.stop()
        ticks.deleteLater()
        sys.excepthook, threading.excepthook = hooks
        gc.unfreeze()
        gc.set_threshold(*thresholds)
    assert result.get("painted first") is True
    assert result["thread"] is not threading.main_thread()
    qtbot.waitUntil(lambda: [b.reason for b in backup.list_backups(store.path)] == ["daily"])
