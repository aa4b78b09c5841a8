"""A project that will not open: the window offers its newest backup, never a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core import backup
from belannot.core.importer import import_files
from belannot.core.store import Store
from belannot.ui.dialogs.restore_dialog import RestoreDialog


@pytest.fixture
def damaged(tmp_path, corpus_copy, alice):
    path = tmp_path / "p.belannot"
    store = Store.open(path)
    import_files(store, [corpus_copy], user=alice)
    backup.backup_project(store)
    store.close()
    path.write_bytes(b"this is no longer a database" * 100)
    return path


def test_accepting_the_offer_restores_and_opens(qapp, damaged, tmp_path, monkeypatch):
    asked = []

    def accept(cls, project, problem, newest, parent=None):
        asked.append((project, newest))
        return True

    monkeypatch.setattr(RestoreDialog, "ask", classmethod(accept))
    newest = backup.newest_backup_for(damaged)
    shot = tmp_path / "shot.png"
    result = CliRunner().invoke(
        cli, ["--db", str(damaged), "--user", "alice", "gui", "--screenshot", str(shot)]
    )
    assert result.exit_code == 0, result.output
    assert asked == [(damaged, newest)] and newest is not None
    assert shot.exists()
    assert Store.open(damaged).document_count() == 5


def test_declining_reports_the_problem_and_changes_nothing(qapp, damaged, monkeypatch):
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda *a, **k: False))
    before = damaged.read_bytes()
    result = CliRunner().invoke(cli, ["--db", str(damaged), "gui", "--screenshot", "x.png"])
    assert result.exit_code == 1
    assert "not a belannot project" in result.output and "Traceback" not in result.output
    assert damaged.read_bytes() == before
