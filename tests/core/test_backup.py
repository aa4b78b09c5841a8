"""Backups: before migrations, daily, rotating; restore; the CLI's backup, restore and log."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta

import orjson
import pytest
from click.testing import CliRunner
from sqlite_utils.migrations import Migrations

from belannot.cli import cli
from belannot.core import backup, restoring, schema
from belannot.core.commands import AddSpan
from belannot.core.errors import BelannotError, ProjectFileError
from belannot.core.history import History
from belannot.core.importing.pipeline import import_files
from belannot.core.store import Store
from tests.store_helpers import integrity_check, schema_version

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def project(tmp_path, alice, corpus_copy):
    path = tmp_path / "work.belannot"
    store = Store.open(path)
    import_files(store, [corpus_copy], user=alice)
    yield store
    store.close()


def span_count(path):
    store = Store.open(path)
    try:
        return store.span_count()
    finally:
        store.close()


def test_backup_is_a_complete_consistent_project(project, alice):
    History(project).do(AddSpan(project.document_ids()[0], 0, 4, "actor"), alice)
    target = backup.backup_project(project)
    assert target.parent == backup.backup_dir_for(project.path)
    assert Store.check_backup(target) == project.document_count()
    assert span_count(target) == 1
    # One self-contained file: no write-ahead log left beside it.
    assert not target.with_name(target.name + "-wal").exists()
    assert not list(target.parent.glob("*.part"))


def test_rotation_keeps_the_newest(project):
    made = [backup.backup_project(project, keep=3, now=T0 + timedelta(hours=i)) for i in range(5)]
    kept = [b.path for b in backup.list_backups(project.path)]
    assert kept == made[-3:]
    assert backup.newest_backup_for(project.path) == made[-1]


def test_daily_backup_at_most_once_a_day(project):
    first = backup.maybe_daily_backup(project, now=T0)
    assert first is not None
    assert backup.maybe_daily_backup(project, now=T0 + timedelta(hours=23)) is None
    second = backup.maybe_daily_backup(project, now=T0 + timedelta(days=1, minutes=1))
    assert second is not None and second != first
    assert [b.reason for b in backup.list_backups(project.path)] == ["daily", "daily"]


def test_daily_backup_failure_does_not_stop_work(project, monkeypatch, caplog):
    def broken(target):
        raise OSError("no space left on device")

    monkeypatch.setattr(project, "backup_to", broken)
    assert backup.maybe_daily_backup(project, now=T0) is None
    assert "daily backup" in caplog.text


def test_in_memory_projects_have_no_backups():
    store = Store.memory()
    assert backup.maybe_daily_backup(store) is None
    with pytest.raises(BelannotError):
        backup.backup_project(store)


def test_backups_of_two_projects_do_not_mix(tmp_path):
    one = Store.open(tmp_path / "a" / "same.belannot")
    two = Store.open(tmp_path / "b" / "same.belannot")
    backup.backup_project(one)
    assert backup.newest_backup_for(two.path) is None
    one.close()
    two.close()


def test_a_migration_of_an_existing_file_is_backed_up_first(tmp_path, monkeypatch, alice):
    path = tmp_path / "old.belannot"
    Store.open(path).close()

    # A belannot from the future with one more migration.
    newer = Migrations("belannot")
    newer._migrations = list(schema.migrations._migrations)

    current = schema.SCHEMA_VERSION

    @newer()
    def m999_notes(db):
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")

    monkeypatch.setattr(schema, "migrations", newer)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)

    store = Store.open(path)
    assert schema_version(store) == current + 1
    assert store.db.table("notes").exists()
    store.close()
    found = backup.list_backups(path)
    assert [b.reason for b in found] == [backup.PRE_MIGRATION]
    copy = found[0].path
    # The copy is the file as it was before the migration.
    Store.check_backup(copy)
    connection = sqlite3.connect(copy)
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    connection.close()
    assert "notes" not in tables and version == current


def test_a_new_file_is_not_backed_up_before_its_first_migration(tmp_path):
    Store.open(tmp_path / "new.belannot").close()
    assert backup.list_backups(tmp_path / "new.belannot") == []


def test_restore_through_the_live_file_and_keeps_a_copy_of_the_current(project, alice):
    saved = backup.backup_project(project)
    History(project).do(AddSpan(project.document_ids()[0], 0, 4, "actor"), alice)
    path = project.path
    project.close()
    previous = restoring.restore(path, saved)
    assert span_count(path) == 0
    assert previous is not None and span_count(previous) == 1


def test_restore_refuses_what_is_not_a_belannot_project(tmp_path, project):
    other = tmp_path / "other.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    empty = tmp_path / "empty.belannot"
    empty.write_bytes(b"")
    before = project.path.read_bytes()
    for bad in (other, text, empty, tmp_path / "missing.belannot", tmp_path):
        with pytest.raises(ProjectFileError):
            restoring.restore(project.path, bad)
    assert project.path.read_bytes() == before
    assert backup.list_backups(project.path) == []


def test_restore_over_a_damaged_project_sets_the_damaged_file_aside(project, tmp_path):
    saved = backup.backup_project(project)
    path = project.path
    project.close()
    path.write_bytes(b"garbage " * 100)
    previous = restoring.restore(path, saved)
    assert previous is not None and previous.read_bytes() == b"garbage " * 100
    assert backup.newest_backup_for(path) == saved  # a damaged copy is never offered
    store = Store.open(path)
    assert integrity_check(store) == "ok" and store.document_count() == 5
    store.close()


def test_restore_into_a_missing_project(project, tmp_path):
    saved = backup.backup_project(project)
    target = tmp_path / "fresh" / "again.belannot"
    assert restoring.restore(target, saved) is None
    assert Store.check_backup(target) == 5


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_backup_restore_roundtrip(project, tmp_path, alice):
    path = str(project.path)
    project.close()
    target = tmp_path / "copy.belannot"
    result = invoke("--db", path, "backup", str(target))
    assert result.exit_code == 0, result.output
    assert Store.check_backup(target) == 5
    again = invoke("--db", path, "backup", str(target))
    assert again.exit_code == 1 and "--force" in again.output
    assert invoke("--db", path, "backup", str(target), "--force").exit_code == 0
    into_folder = invoke("--db", path, "backup")
    assert into_folder.exit_code == 0 and "manual" in into_folder.output

    store = Store.open(path)
    History(store).do(AddSpan(store.document_ids()[0], 0, 4, "actor"), alice)
    store.close()
    restored = invoke("--db", path, "restore", str(target))
    assert restored.exit_code == 0, restored.output
    assert "previous project was saved" in restored.output
    assert span_count(path) == 0
    listed = invoke("--db", path, "backups")
    assert "pre-restore" in listed.output


def test_cli_restore_refuses_a_foreign_file(project, tmp_path):
    path = str(project.path)
    project.close()
    foreign = tmp_path / "photo.jpg"
    foreign.write_bytes(b"\xff\xd8\xff\xe0" + bytes(300))
    before = project.path.read_bytes()
    result = invoke("--db", path, "restore", str(foreign))
    assert result.exit_code == 1
    assert "not a belannot project" in result.output
    assert "Traceback" not in result.output
    assert project.path.read_bytes() == before


def test_cli_backup_of_a_missing_project(tmp_path):
    result = invoke("--db", str(tmp_path / "none.belannot"), "backup")
    assert result.exit_code == 1 and "nothing to back up" in result.output


def test_opening_a_project_from_the_cli_makes_the_daily_backup(project):
    path = str(project.path)
    project.close()
    assert invoke("--db", path, "stats").exit_code == 0
    assert [b.reason for b in backup.list_backups(path)] == ["daily"]
    assert invoke("--db", path, "stats").exit_code == 0
    assert len(backup.list_backups(path)) == 1


def test_cli_log_filters_by_document_and_user(project, alice, bob):
    first, second = project.document_ids()[:2]
    History(project).do(AddSpan(first, 0, 4, "actor"), alice)
    History(project).do(AddSpan(second, 0, 4, "event"), bob)
    path = str(project.path)
    project.close()
    everything = invoke("--db", path, "log")
    assert everything.exit_code == 0
    assert "Add actor span" in everything.output and "Add event span" in everything.output
    by_bob = invoke("--db", path, "log", "--user", "bob", "--json")
    rows = [orjson.loads(line) for line in by_bob.output.splitlines()]
    assert rows and all(row["user"] == "bob" for row in rows)
    assert any(row["action"] == "Add event span" for row in rows)
    by_doc = invoke("--db", path, "log", "--doc", first, "--json")
    rows = [orjson.loads(line) for line in by_doc.output.splitlines()]
    assert rows and all(row["document_id"] == first for row in rows)
    assert not any(row["action"] == "Add event span" for row in rows)
    newest = invoke("--db", path, "log", "--limit", "1", "--json")
    assert len(newest.output.splitlines()) == 1


def test_copying_a_backup_by_hand_is_a_valid_project(project, tmp_path):
    saved = backup.backup_project(project)
    copy = tmp_path / "by-hand.belannot"
    shutil.copyfile(saved, copy)
    store = Store.open(copy)
    assert store.document_count() == 5
    store.close()


def test_opening_a_damaged_project_names_the_backup_to_restore(project):
    saved = backup.backup_project(project)
    path = project.path
    project.close()
    path.write_bytes(b"not a database any more " * 50)
    result = invoke("--db", str(path), "stats")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"restore {saved}" in result.output
    assert invoke("--db", str(path), "restore", str(saved)).exit_code == 0
    assert invoke("--db", str(path), "stats").exit_code == 0
