"""Write transactions: the lock is taken up front; full disks, read-only files, busy projects."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from belannot.core.commands import AddSpan, Batch
from belannot.core.errors import ProjectBusyError, StorageError
from belannot.core.history import History
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.store import Store, project_file
from belannot.core.store import connection as store_connection
from tests.store_helpers import integrity_check

# Most of these are about the project file (backups, its disk, SQLite's locks); savepoints
# and constraint errors that stay constraint errors hold on a team project too.


def dump(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table (FTS shadow tables included), in a stable order."""
    return {
        name: sorted(tuple(map(repr, row)) for row in store.table_rows(name))
        for name in store.table_names()
    }


@pytest.fixture
def project(store, alice, corpus_copy):
    import_files(store, [corpus_copy], user=alice)
    return store


@pytest.mark.file_project
def test_deferred_transactions_fail_at_once_when_upgrading_after_a_commit(tmp_path):
    """Why Store.transaction says BEGIN IMMEDIATE: SQLite's hazard, shown with plain sqlite3."""
    path = tmp_path / "p.db"
    first = sqlite3.connect(path, timeout=5, isolation_level=None)
    first.execute("PRAGMA journal_mode = WAL")
    first.execute("CREATE TABLE t (x)")
    second = sqlite3.connect(path, timeout=5, isolation_level=None)
    first.execute("BEGIN")
    first.execute("SELECT count(*) FROM t").fetchone()
    second.execute("INSERT INTO t VALUES (1)")  # commits behind first's snapshot
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        first.execute("INSERT INTO t VALUES (2)")  # no waiting helps: the snapshot is stale
    first.execute("ROLLBACK")


@pytest.mark.file_project
def test_a_store_transaction_holds_the_write_lock_from_its_start(project):
    other = sqlite3.connect(project.path, timeout=0, isolation_level=None)
    with project.transaction():
        project.labels()  # only a read so far
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()


def test_nested_transactions_are_savepoints(project, alice):
    with project.transaction():
        project.add_user(User("carol"))
        with pytest.raises(RuntimeError), project.transaction():
            project.add_user(User("dave"))
            raise RuntimeError("inner fails")
    assert project.user("carol") is not None and project.user("dave") is None


@pytest.mark.file_project
def test_a_project_locked_too_long_gives_a_clear_error(project, alice, monkeypatch):
    monkeypatch.setattr(store_connection, "BEGIN_ATTEMPTS", 2)
    project.db.execute("PRAGMA busy_timeout = 20")
    holder = sqlite3.connect(project.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ProjectBusyError, match="busy") as caught:
            History(project).do(AddSpan(project.document_ids()[0], 0, 4, "actor"), alice)
        assert "database is locked" not in str(caught.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    History(project).do(AddSpan(project.document_ids()[0], 0, 4, "actor"), alice)
    assert project.span_count() == 1


def fill_disk(store: Store) -> None:
    """Cap the file at its current size: the next page it needs is 'disk full'."""
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")


def free_disk(store: Store) -> None:
    store.db.execute("PRAGMA max_page_count = 1073741823")


@pytest.mark.file_project
def test_disk_full_during_edits_keeps_the_project_intact_and_usable(project, alice):
    history = History(project)
    document = project.document_ids()[0]
    history.do(AddSpan(document, 0, 4, "actor"), alice)
    fill_disk(project)
    before = dump(project)
    big = Batch(
        "Label many",
        [AddSpan(document, i, i + 3, "actor", {"note": "x" * 500}) for i in range(200)],
    )
    with pytest.raises(StorageError, match="full") as caught:
        history.do(big, alice)
    assert "not saved" in str(caught.value)
    assert dump(project) == before
    assert integrity_check(project) == "ok"
    free_disk(project)
    history.do(big, alice)
    assert project.span_count() == 201
    assert history.undo_description(alice) == "Label many"


@pytest.mark.file_project
def test_disk_full_during_an_import_leaves_the_project_as_it_was(project, alice, tmp_path):
    fill_disk(project)
    before = dump(project)
    folder = tmp_path / "more"
    folder.mkdir()
    for number in range(30):
        (folder / f"{number}.txt").write_text(f"Article {number}. " + "words " * 2000)
    with pytest.raises(StorageError, match="full"):
        import_files(project, [folder], user=alice)
    assert dump(project) == before
    free_disk(project)
    report = import_files(project, [folder], user=alice)
    assert report.documents_added == 30
    assert integrity_check(project) == "ok"


@pytest.mark.file_project
def test_disk_full_during_a_backup_leaves_no_partial_copy(project, tmp_path):
    target_folder = tmp_path / "copies"
    target_folder.mkdir()
    real_connect = sqlite3.connect

    def connect_to_a_full_disk(*args, **kwargs):
        # The copy's connection, on a disk with room for two pages only.
        connection = real_connect(*args, **kwargs)
        connection.execute("PRAGMA max_page_count = 2")
        return connection

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(project_file.sqlite3, "connect", connect_to_a_full_disk)
        with pytest.raises(StorageError):
            project.backup_to(target_folder / "copy.belannot")
    assert list(target_folder.iterdir()) == []


@pytest.mark.file_project
def test_a_read_only_connection_refuses_edits_with_a_clear_message(project, alice):
    path = project.path
    reader = Store(Database(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)), path)
    before = dump(project)
    with pytest.raises(StorageError, match="read-only") as caught:
        History(reader).do(AddSpan(project.document_ids()[0], 0, 4, "actor"), alice)
    assert str(path) in str(caught.value)
    reader.close()
    assert dump(project) == before


def test_constraint_errors_are_not_disguised_as_storage_errors(project):
    with pytest.raises(sqlite3.IntegrityError), project.transaction():
        project.db.execute("INSERT INTO users (name, role, created) VALUES ('x', 'boss', '')")


@pytest.mark.file_project
def test_opening_a_project_needs_no_write_lock(project, monkeypatch):
    """A second window opens while a long import holds the lock in another process."""
    monkeypatch.setattr(store_connection, "BUSY_TIMEOUT_SECONDS", 0.05)
    monkeypatch.setattr(store_connection, "BEGIN_ATTEMPTS", 1)
    holder = sqlite3.connect(project.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        second = Store.open(project.path)
        assert second.document_count() == 5
        with pytest.raises(ProjectBusyError):
            second.add_user(User("carol"))
        second.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
