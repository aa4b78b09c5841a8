"""The daily backup runs beside a command, on its own thread and connection: the command
answers first, the process ends only once the backup is whole, and a kill halfway leaves
the project whole and no half backup counted."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.cli.context import Context
from belannot.core import backup
from belannot.core.model import Document, DocumentMeta
from belannot.core.store import Store, project_file
from tests.store_helpers import integrity_check

WORKER = Path(__file__).resolve().parents[1] / "workers" / "backup_worker.py"
# Long enough for any command here; the old, blocking backup waited this out.
PATIENCE = 5.0


@pytest.fixture
def path(tmp_path) -> Path:
    target = tmp_path / "p.belannot"
    store = Store.open(target)
    store.add_document(Document("a", "Angela Merkel met Macron.", DocumentMeta(title="A")))
    store.close()
    return target


def test_a_command_answers_before_its_daily_backup_ends(path, monkeypatch):
    answered = threading.Event()
    seen: dict[str, object] = {}
    real_copy = project_file.copy_through_sqlite

    def slow_copy(origin, target):
        seen["thread"] = threading.current_thread()
        seen["answered first"] = answered.wait(PATIENCE)
        return real_copy(origin, target)

    monkeypatch.setattr(project_file, "copy_through_sqlite", slow_copy)
    monkeypatch.setattr("belannot.core.store.copy_through_sqlite", slow_copy)
    real_close = Context.close

    def close(self):
        answered.set()  # the command has returned: its answer is out
        real_close(self)

    monkeypatch.setattr(Context, "close", close)
    result = CliRunner().invoke(cli, ["--db", str(path), "--user", "alice", "stats"])
    assert result.exit_code == 0, result.output
    assert "documents: 1" in result.output
    assert seen["answered first"] is True
    assert seen["thread"] is not threading.main_thread()
    # The process did not end before the backup was whole.
    assert [b.reason for b in backup.list_backups(path)] == ["daily"]


def test_a_failing_backup_does_not_fail_the_command(path, monkeypatch, caplog):
    def broken(origin, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(project_file, "copy_through_sqlite", broken)
    monkeypatch.setattr("belannot.core.store.copy_through_sqlite", broken)
    result = CliRunner().invoke(cli, ["--db", str(path), "--user", "alice", "stats"])
    assert result.exit_code == 0, result.output
    assert backup.list_backups(path) == []
    assert "daily backup" in caplog.text


def lines_of(stream, into: queue.Queue) -> None:
    for line in iter(stream.readline, b""):
        into.put(line.decode())


def next_line(lines: queue.Queue, starting: str) -> str:
    while True:
        line = lines.get(timeout=PATIENCE * 6)
        if line.startswith(starting):
            return line


def test_killed_during_its_background_backup_the_project_is_whole_and_no_half_backup_counts(
    path, tmp_path
):
    article = tmp_path / "new.txt"
    article.write_text("Olaf Scholz spoke in Berlin.\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(WORKER), str(path), "import", "--format", "txt", str(article)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, err = queue.Queue(), queue.Queue()
    for stream, into in ((process.stdout, out), (process.stderr, err)):
        threading.Thread(target=lines_of, args=(stream, into), daemon=True).start()
    try:
        # The command answers while its backup is stuck halfway...
        next_line(out, "1 file")
        scratch = Path(next_line(err, "STUCK ").split(" ", 1)[1].strip())
        assert scratch.exists() and scratch.stat().st_size > 0
        # ...and the process waits for the backup: it is still running.
        assert process.poll() is None
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert backup.list_backups(path) == []  # the half copy is not a backup
    store = Store.open(path)
    assert integrity_check(store) == "ok"
    assert store.document_count() == 2  # the import the command answered for is kept
    # The next backup clears what the killed one left and is whole.
    made = backup.maybe_daily_backup(store)
    store.close()
    assert made is not None and not scratch.exists()
    assert os.listdir(made.parent) == [made.name]
    assert Store.contents(made).documents == 2
