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
