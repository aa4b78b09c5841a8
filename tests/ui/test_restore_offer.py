"""A project that will not open: the window offers its newest backup only when the file is
damaged, shows what each side holds, and never a traceback."""

from __future__ import annotations

import sqlite3
import stat

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from belannot.cli import cli
from belannot.core import backup, restoring
from belannot.core.importing.pipeline import import_files
from belannot.core.store import Store
from belannot.ui.dialogs.restore_dialog import RestoreDialog


@pytest.fixture
def healthy(tmp_path, corpus_copy, alice):
    path = tmp_path / "p.belannot"
    store = Store.open(path)
    import_files(store, [corpus_copy], user=alice)
    backup.backup_project(store)
    store.close()
    return path


@pytest.fixture
def damaged(healthy):
    healthy.write_bytes(b"this is no longer a database" * 100)
    return healthy


@pytest.fixture
def offers(monkeypatch):
    """Every offer the window would show, answered with ``offers.answer``."""

    class Recorded(list):
        answer = False

    asked = Recorded()

    def ask(cls, problem, offer, parent=None):
        asked.append((problem, offer))
        return asked.answer

    monkeypatch.setattr(RestoreDialog, "ask", classmethod(ask))
    return asked


def gui(path, tmp_path):
    shot = tmp_path / "shot.png"
    return CliRunner().invoke(
        cli, ["--db", str(path), "--user", "alice", "gui", "--screenshot", str(shot)]
    )


def test_accepting_the_offer_restores_and_opens(qapp, damaged, tmp_path, offers):
    offers.answer = True
    newest = backup.newest_backup_for(damaged)
    result = gui(damaged, tmp_path)
    assert result.exit_code == 0, result.output
    ((_, offer),) = offers
    assert offer.project == damaged and offer.backup.path == newest
    assert (tmp_path / "shot.png").exists()
    assert Store.open(damaged).document_count() == 5


def test_the_offer_says_what_the_backup_and_the_current_file_hold(qapp, damaged, tmp_path, offers):
    result = gui(damaged, tmp_path)
    assert result.exit_code == 1
    ((problem, offer),) = offers
    assert "not a belannot project" in problem
    assert (offer.held.documents, offer.held.spans) == (5, 0)
    assert offer.current.size == damaged.stat().st_size and offer.current.documents is None
    assert offer.backup.taken is not None


def test_declining_reports_the_problem_and_changes_nothing(qapp, damaged, tmp_path, offers):
    before = damaged.read_bytes()
    result = gui(damaged, tmp_path)
    assert result.exit_code == 1
    assert "not a belannot project" in result.output and "Traceback" not in result.output
    assert damaged.read_bytes() == before


def make_newer(path):
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.commit()
    connection.close()


def make_read_only(path):
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)


@pytest.mark.parametrize(
    ("spoil", "words"), [(make_newer, "Upgrade belannot"), (make_read_only, "read-only")]
)
def test_no_restore_is_offered_over_a_file_that_is_not_damaged(
    qapp, healthy, tmp_path, offers, spoil, words
):
    spoil(healthy)
    before = healthy.read_bytes()
    try:
        result = gui(healthy, tmp_path)
    finally:
        healthy.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert result.exit_code == 1
    assert offers == []
    assert words in result.output and "Traceback" not in result.output
    assert "restore " not in result.output
    assert healthy.read_bytes() == before


def test_the_dialog_shows_both_sides_and_enter_keeps_the_current_file(qapp, qtbot, damaged):
    offer = restoring.restore_offer(damaged)
    shown = []

    def press_enter():
        box = QApplication.activeModalWidget()
        shown.append(box.text())
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, press_enter)
    assert RestoreDialog.ask("the problem", offer) is False
    (text,) = shown
    assert "5 documents, 0 spans" in text
    assert f"{damaged.stat().st_size:,} bytes; its contents cannot be read" in text
    assert Store.check_backup(offer.backup.path) == 5
