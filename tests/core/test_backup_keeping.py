"""Which backups are kept: what a restore set aside, the newest one with documents, and no
scratch left by killed backups."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from belannot.core import backup, restoring
from belannot.core.errors import ProjectBusyError
from belannot.core.fileio import scratch_prefix
from belannot.core.importing.pipeline import import_files
from belannot.core.store import Store

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

# About the project file: backups, its disk, SQLite's locks.
pytestmark = pytest.mark.file_project


@pytest.fixture
def project(store, alice, corpus_copy):
    import_files(store, [corpus_copy], user=alice)
    return store


def reasons(path: Path) -> list[str]:
    return [found.reason for found in backup.list_backups(path)]


def test_the_copy_a_restore_set_aside_is_never_rotated_away(project, tmp_path):
    saved = backup.backup_project(project, now=T0)
    path = project.path
    project.close()
    path.write_bytes(b"damage " * 1000)
    damaged = restoring.restore(path, saved)
    assert damaged is not None and "damaged" in damaged.name
    restored = Store.open(path)
    pre_restore = restoring.restore(path, saved)  # over a healthy project: a pre-restore copy
    later = datetime.now(UTC)  # after the set-aside copies, named by the real time
    for hour in range(1, 13):
        backup.backup_project(restored, now=later + timedelta(hours=hour), keep=10)
    kept = {found.path for found in backup.list_backups(path)}
    assert damaged in kept and pre_restore in kept
    assert damaged.read_bytes() == b"damage " * 1000
    assert reasons(path).count("manual") == 10
    restored.close()


def empty_backups_after(project: Store, tmp_path: Path, count: int) -> None:
    """``count`` backups of an empty project, newer than the ones ``project`` has."""
    empty = Store.open(tmp_path / "empty" / "x.belannot")
    for hour in range(1, count + 1):
        empty.backup_to(
            backup.backup_path_for(project.path, backup.DAILY, T0 + timedelta(hours=hour))
        )
    empty.close()


def test_rotation_keeps_the_newest_backup_with_documents(project, tmp_path):
    filled = backup.backup_project(project, now=T0)
    empty_backups_after(project, tmp_path, 12)
    backup.rotate(project.path, keep=10)
    assert filled.exists()
    assert backup.newest_backup_for(project.path) == filled


def test_an_empty_newest_backup_counts_as_none(tmp_path, alice, corpus_copy):
    store = Store.open(tmp_path / "new.belannot")
    first = backup.maybe_daily_backup(store, now=T0)
    assert first is not None and Store.contents(first).documents == 0
    import_files(store, [corpus_copy], user=alice)
    second = backup.maybe_daily_backup(store, now=T0 + timedelta(hours=1))
    assert second is not None and Store.contents(second).documents == 5
    # Once a backup holds the work, the daily rule is back: no more today.
    assert backup.maybe_daily_backup(store, now=T0 + timedelta(hours=2)) is None
    store.close()


def test_the_cli_backs_up_after_seeding_the_default_project(alice):
    from click.testing import CliRunner

    from belannot.cli import cli
    from belannot.core.project import default_project_path

    result = CliRunner().invoke(cli, ["--user", "alice", "stats"])
    assert result.exit_code == 0, result.output
    newest = backup.newest_backup_for(default_project_path())
    assert newest is not None and Store.contents(newest).documents == 5


# Starts a real backup into the project's backup folder and stops just before the
# scratch copy would be renamed into place, until it is killed.
KILLED_BACKUP = textwrap.dedent(
    """
    import os, sys
    from belannot.core import backup, restoring
    from belannot.core.store import Store

    def stop(*args):
        print("copying", flush=True)
        sys.stdin.readline()

    store = Store.open(sys.argv[1])
    os.replace = stop
    backup.backup_project(store)
    """
)

# A scratch copy being written by SQLite (its -journal beside it), held until killed.
COPY_IN_PROGRESS = textwrap.dedent(
    """
    import sqlite3, sys
    from pathlib import Path
    from belannot.core.fileio import scratch_prefix

    target = Path(sys.argv[1])
    part = target.with_name(scratch_prefix(target) + "k1ll3d00.part")
    copy = sqlite3.connect(part, isolation_level=None)
    copy.execute("CREATE TABLE t (x)")
    copy.execute("BEGIN IMMEDIATE")
    copy.execute("INSERT INTO t VALUES (zeroblob(100000))")
    print("copying", flush=True)
    sys.stdin.readline()
    """
)


def start(script: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    worker = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        env=env,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert worker.stdout.readline().strip() == "copying"
    return worker


def kill(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=60)


def test_scratch_left_by_killed_backups_is_cleared_whatever_its_name(project):
    folder = backup.backup_dir_for(project.path)
    folder.mkdir(parents=True, exist_ok=True)
    kill(start(KILLED_BACKUP, str(project.path)))
    old_target = backup.backup_path_for(project.path, backup.PRE_MIGRATION, T0)
    kill(start(COPY_IN_PROGRESS, str(old_target)))
    left = sorted(p.name for p in folder.iterdir())
    assert any(name.endswith(".part") for name in left)
    assert any(name.endswith(".part-journal") for name in left)
    live = start(COPY_IN_PROGRESS, str(backup.backup_path_for(project.path, backup.DAILY, T0)))
    try:
        live_scratch = {p.name for p in folder.iterdir()} - set(left)
        assert live_scratch
        written = backup.backup_project(project)
        after = {p.name for p in folder.iterdir()}
        assert after == live_scratch | {written.name}
    finally:
        kill(live)
    assert scratch_prefix(written) not in " ".join(after)


def test_the_cli_says_what_each_backup_and_the_replaced_project_hold(project, alice):
    from click.testing import CliRunner

    from belannot.cli import cli

    saved = backup.backup_project(project, now=T0)
    runner = CliRunner()
    listed = runner.invoke(cli, ["--db", str(project.path), "backups"])
    assert listed.exit_code == 0 and "5 documents, 0 spans" in listed.output
    restored = runner.invoke(cli, ["--db", str(project.path), "restore", str(saved)])
    assert restored.exit_code == 0, restored.output
    assert restored.output.count("5 documents, 0 spans") == 2


# The hang is in SQLite's C code, where a signal cannot interrupt it: the thread method can.
@pytest.mark.timeout(20, method="thread")
def test_a_backup_in_the_middle_of_a_change_is_refused_not_waited_for(tmp_path):
    """SQLite's backup of a connection with its own write under way never finishes: the
    window's first-edit backup hung forever on such a project."""
    project = Store.open(tmp_path / "busy.belannot")
    project.db.conn.execute("INSERT INTO settings (key, value) VALUES ('k', '1')")
    assert project.db.conn.in_transaction
    with pytest.raises(ProjectBusyError, match="middle of a change"):
        project.backup_to(tmp_path / "copy.belannot")
    assert backup.maybe_daily_backup(project) is None
    assert not list(tmp_path.glob("copy*")) and backup.list_backups(project.path) == []
    project.db.conn.rollback()
    project.close()
