"""Opening what is not a healthy belannot project: a clear message, the file untouched."""

from __future__ import annotations

import hashlib
import random
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core import backup, restoring
from belannot.core.errors import (
    DamagedProjectError,
    NewerProjectError,
    ProjectFileError,
    StorageError,
)
from belannot.core.store import Store, project_file
from tests.core.spoiled_projects import make_project, newer_schema, truncated_half
from tests.fs_fixtures import read_only_view
from tests.store_helpers import integrity_check


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"


def truncated_to_header(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:100])


def truncated_mid_page(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: 4096 * 3 + 1234])


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(1).randbytes(50_000))


def sqlite_header_then_garbage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + random.Random(2).randbytes(20_000))


def damaged_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    noise = random.Random(3).randbytes(4096 * 4)
    data[4096 * 3 : 4096 * 7] = noise
    path.write_bytes(bytes(data))


def another_apps_database(path: Path) -> None:
    path.unlink()
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, file TEXT)")
    connection.execute("INSERT INTO photos (file) VALUES ('cat.jpg')")
    connection.commit()
    connection.close()


def a_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def empty_text_file(path: Path) -> None:
    path.write_text("just some notes, not a project\n")


DAMAGES = [
    (truncated_half, DamagedProjectError, "cannot be read"),
    (truncated_to_header, DamagedProjectError, "cannot be read"),
    (truncated_mid_page, DamagedProjectError, "cannot be read"),
    (random_bytes, DamagedProjectError, "not an SQLite database"),
    (sqlite_header_then_garbage, DamagedProjectError, "cannot be read"),
    (damaged_pages, DamagedProjectError, "malformed"),
    (another_apps_database, ProjectFileError, "not a belannot project"),
    (newer_schema, NewerProjectError, "newer belannot"),
    (a_folder, ProjectFileError, "is a folder"),
    (empty_text_file, ProjectFileError, "not an SQLite database"),
]


@pytest.fixture
def damaged(request, tmp_path, alice, corpus_copy):
    damage, error, words = request.param
    path = make_project(tmp_path / "work.belannot", alice, corpus_copy)
    damage(path)
    return path, error, words


@pytest.mark.parametrize("damaged", DAMAGES, indirect=True, ids=lambda d: d[0].__name__)
def test_store_refuses_with_a_clear_message_and_changes_nothing(damaged):
    path, error, words = damaged
    before = digest(path)
    before_names = [p.name for p in path.parent.iterdir()]
    with pytest.raises(error) as caught:
        Store.open(path)
    message = str(caught.value)
    assert str(path) in message and words in message
    assert digest(path) == before
    # The look is read-only and immutable: nothing is created beside the file.
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(before_names)


@pytest.mark.parametrize("damaged", DAMAGES, indirect=True, ids=lambda d: d[0].__name__)
def test_cli_says_what_is_wrong_without_a_traceback(damaged):
    path, _, words = damaged
    before = digest(path)
    result = CliRunner().invoke(cli, ["--db", str(path), "stats"])
    # 2: click itself refuses a folder for --db, as a usage error.
    assert result.exit_code == (2 if path.is_dir() else 1)
    assert "Error: " in result.output
    assert words in result.output or "is a directory" in result.output
    assert "Traceback" not in result.output
    assert digest(path) == before


@pytest.mark.parametrize("damaged", DAMAGES[:6], indirect=True, ids=lambda d: d[0].__name__)
def test_a_damaged_project_can_be_restored_from_its_newest_backup(damaged, tmp_path, monkeypatch):
    path, _, _ = damaged
    # A backup taken before the damage (here: a healthy project with the same name).
    healthy_path = tmp_path / "healthy" / path.name
    healthy = Store.open(healthy_path)
    monkeypatch.setattr(backup, "backup_dir_for", lambda project: tmp_path / "backups")
    saved = backup.backup_project(healthy)
    healthy.close()
    assert backup.newest_backup_for(path) == saved
    restoring.restore(path, saved)
    store = Store.open(path)
    assert integrity_check(store) == "ok"
    store.close()


def test_damage_found_after_opening_is_a_message_not_a_traceback(tmp_path, alice, corpus_copy):
    path = make_project(tmp_path / "work.belannot", alice, corpus_copy)
    damaged_pages(path)
    # As for a file too big to check on open: the damage shows up on a later read.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(project_file, "QUICK_CHECK_LIMIT_BYTES", 0)
        result = CliRunner().invoke(
            cli, ["--db", str(path), "export", "-o", str(tmp_path / "out.jsonl")]
        )
    assert result.exit_code == 1, result.output
    assert "damaged" in result.output or "cannot be" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.jsonl").exists()


def test_a_read_only_project_is_refused_untouched_and_usable_once_writable(
    tmp_path, alice, corpus_copy
):
    path = make_project(tmp_path / "work.belannot", alice, corpus_copy)
    before = digest(path)
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        with pytest.raises(StorageError, match="read-only"):
            Store.open(path)
        result = CliRunner().invoke(cli, ["--db", str(path), "stats"])
        assert result.exit_code == 1 and "read-only" in result.output
        assert "Traceback" not in result.output
        assert digest(path) == before
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    store = Store.open(path)
    assert store.document_count() == 5
    store.close()


# As root the folder is a read-only mount: mode bits do not stop root, a mount does.
def test_a_project_in_a_read_only_folder_is_refused(tmp_path, alice, corpus_copy):
    folder = tmp_path / "locked"
    folder.mkdir()
    make_project(folder / "work.belannot", alice, corpus_copy)
    with read_only_view(folder) as locked:
        with pytest.raises(StorageError, match="read-only"):
            Store.open(locked / "work.belannot")
        assert sorted(p.name for p in locked.iterdir()) == ["work.belannot"]


def test_a_zero_byte_file_becomes_a_new_project(tmp_path):
    path = tmp_path / "empty.belannot"
    path.write_bytes(b"")
    store = Store.open(path)
    assert store.labels()
    store.close()
