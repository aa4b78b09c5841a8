"""The first backups hold the work: taken after the bundled corpus is added, and after the
first edit of a session when the newest backup is empty."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from click.testing import CliRunner
from PySide6.QtCore import Qt

from belannot.app import create_window
from belannot.cli import cli
from belannot.core import backup
from belannot.core.model import Document, DocumentMeta
from belannot.core.project import default_project_path
from belannot.core.store import Store
from belannot.ui.settings import Settings


def counts(path):
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    try:
        return tuple(
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("documents", "spans")
        )
    finally:
        connection.close()


def test_the_first_launch_backs_up_the_bundled_corpus(qapp, tmp_path):
    shot = tmp_path / "shot.png"
    result = CliRunner().invoke(cli, ["--user", "alice", "gui", "--screenshot", str(shot)])
    assert result.exit_code == 0, result.output
    found = backup.list_backups(default_project_path())
    assert found and counts(found[-1].path)[0] == 5


def test_the_first_edit_of_a_session_is_backed_up_when_the_newest_backup_is_empty(qtbot, tmp_path):
    store = Store.open(tmp_path / "p.belannot")
    backup.maybe_daily_backup(store)  # as opening the new, empty project did
    store.add_document(Document("a", "Angela Merkel met Macron.", DocumentMeta(title="A")))
    window = create_window(store, store.ensure_user("alice"), Settings(tmp_path / "s.ini"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view = window.article_view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    assert view.document_id() == "a"
    viewport = view.viewport()
    start, end = view.viewport_point_for(0), view.viewport_point_for(12)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert store.span_count() == 1
    # The backup runs in the background: wait for the one of today that holds the span.
    qtbot.waitUntil(lambda: counts(backup.list_backups(store.path)[-1].path) == (1, 1))
    newest = backup.list_backups(store.path)[-1]
    assert newest.taken.date() == datetime.now(UTC).date()
    assert counts(newest.path) == (1, 1)
    window.close()
    store.close()


def test_the_first_edit_does_not_wait_for_its_backup(qtbot, tmp_path, monkeypatch):
    """The backup after the first edit blocked the window for most of a second on a big
    project: it runs in a pool thread, on its own connection."""
    import threading

    store = Store.open(tmp_path / "p.belannot")
    store.add_document(Document("a", "Angela Merkel met Macron.", DocumentMeta(title="A")))
    ran_in: list[tuple[threading.Thread, Store]] = []
    monkeypatch.setattr(
        backup,
        "maybe_daily_backup",
        lambda own, **_: ran_in.append((threading.current_thread(), own)),
    )
    window = create_window(store, store.ensure_user("alice"), Settings(tmp_path / "s.ini"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    view = window.article_view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    view.select_range(0, 6)
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert store.span_count() == 1
    qtbot.waitUntil(lambda: len(ran_in) == 1)
    thread, own = ran_in[0]
    assert thread is not threading.main_thread() and own is not store
    window.close()
    store.close()
