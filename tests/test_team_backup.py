"""Backups of a team project: belannot's own (a whole project file, one snapshot, written
whole or not at all, restored only into an empty database) and the server's pg_dump."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from belannot.core import team_backup
from belannot.core.model import Document
from belannot.core.project_copy import copy_locations
from belannot.core.store import Store, open_store
from tests.core.test_project_copy import build, exports, rows_of
from tests.postgres_server import drop_database, fresh_database
from tests.team_fixtures import run_belannot

pytestmark = pytest.mark.postgres


@pytest.fixture
def team_url(tmp_path, postgres_database) -> str:
    """A team project with a bit of everything (copied in from a file built by commands)."""
    source = tmp_path / "built.belannot"
    build(Store.open(source)).close()
    copy_locations(source, postgres_database)
    return postgres_database


def _server_rows(url: str) -> dict[str, list[tuple]]:
    store = open_store(url)
    try:
        return {k: v for k, v in rows_of(store).items() if k[0] != "("}
    finally:
        store.close()


def _file_rows(path: Path) -> dict[str, list[tuple]]:
    store = Store.open(path)
    try:
        return {k: v for k, v in rows_of(store).items() if k[0] != "("}
    finally:
        store.close()


def _files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_backup_writes_the_whole_team_project_into_its_backup_folder(team_url, tmp_path):
    output = run_belannot("--db", team_url, "backup").output
    assert output.startswith("backed up ") and output.count("\n") == 1
    written = Path(output.rstrip("\n").rsplit(" to ", 1)[1])
    assert written.is_file() and written.name.endswith("-manual.belannot")
    assert written.parent == team_backup.backup_dir_for_team(team_url)
    # Nothing beside it: no scratch file, no -wal.
    assert _files_in(written.parent) == [written.name]
    assert _file_rows(written) == _server_rows(team_url)
    server, copy = open_store(team_url), Store.open(written)
    try:
        assert exports(copy, tmp_path / "copy") == exports(server, tmp_path / "server")
    finally:
        server.close()
        copy.close()
    listed = run_belannot("--db", team_url, "backups").output.splitlines()
    assert len(listed) == 1 and "manual" in listed[0] and str(written) in listed[0]
    assert "documents" in listed[0]


def test_every_login_of_a_team_lists_the_same_backups_and_a_target_file_works(team_url, tmp_path):
    target = tmp_path / "snapshot.belannot"
    run_belannot("--db", team_url, "backup", str(target))
    assert _file_rows(target) == _server_rows(team_url)
    refused = run_belannot("--db", team_url, "backup", str(target), ok=False).output
    assert "exists; use --force" in refused
    run_belannot("--db", team_url, "backup", str(target), "--force")
    # The backups folder is the database's, whoever connects (the URL's login aside).
    other = team_url.replace("postgres@", "someone@", 1)
    assert team_backup.backup_dir_for_team(other) == team_backup.backup_dir_for_team(team_url)


def test_a_backup_is_one_snapshot_while_others_commit(team_url):
    before = _server_rows(team_url)
    writer = open_store(team_url)
    server = open_store(team_url)
    calls = []

    def meanwhile(done: int, total: int) -> None:
        # Another client commits while the backup reads: its rows are not in the backup.
        if not calls:
            writer.add_document(Document("late", "A document added during the backup."))
        calls.append(done)

    try:
        written = team_backup.backup_team(server, progress=meanwhile)
    finally:
        server.close()
        writer.close()
    assert len(calls) > 1
    assert _file_rows(written) == before
    assert _server_rows(team_url) != before


def test_a_failed_backup_leaves_no_file(team_url):
    server = open_store(team_url)
    calls = []

    def fail(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")

    try:
        with pytest.raises(OSError):
            team_backup.backup_team(server, progress=fail)
        folder = team_backup.backup_dir_for_team(team_url)
        assert _files_in(folder) == []
    finally:
        server.close()


KILLED = """
import os, signal, sys
from belannot.core import team_backup
from belannot.core.store import open_store
store = open_store(sys.argv[1])
def die(done, total):
    if done:
        os.kill(os.getpid(), signal.SIGKILL)
team_backup.backup_team(store, progress=die)
"""


def test_a_killed_backup_leaves_no_file_under_a_backup_name_and_the_next_clears_it(team_url):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", KILLED, team_url], env=env, timeout=120)
    assert done.returncode == -signal.SIGKILL
    folder = team_backup.backup_dir_for_team(team_url)
    left = _files_in(folder)
    assert left and all(name.startswith(".") and ".part" in name for name in left)
    assert run_belannot("--db", team_url, "backups").output == ""
    output = run_belannot("--db", team_url, "backup").output
    written = Path(output.rstrip("\n").rsplit(" to ", 1)[1])
    assert _files_in(folder) == [written.name]


def test_restore_puts_a_backup_into_an_empty_team_database_only(
    team_url, postgres_admin_url, tmp_path
):
    output = run_belannot("--db", team_url, "backup").output
    written = output.rstrip("\n").rsplit(" to ", 1)[1]
    empty = fresh_database(postgres_admin_url)
    try:
        restored = run_belannot("--db", empty, "restore", written).output
        assert restored.startswith(f"restored {empty} from {written} (")
        assert _server_rows(empty) == _server_rows(team_url)
        # A second restore would overwrite work: refused in one line naming it.
        before = _server_rows(empty)
        refused = run_belannot("--db", empty, "restore", written, ok=False).output
        assert refused.count("\n") == 1 and empty in refused and "not empty" in refused
        assert _server_rows(empty) == before
    finally:
        drop_database(postgres_admin_url, empty)


def test_restore_refuses_what_is_no_belannot_project(team_url, tmp_path):
    junk = tmp_path / "junk.belannot"
    junk.write_bytes(b"not a database at all")
    before = _server_rows(team_url)
    refused = run_belannot("--db", team_url, "restore", str(junk), ok=False).output
    assert refused.count("\n") == 1 and str(junk) in refused
    assert _server_rows(team_url) == before
