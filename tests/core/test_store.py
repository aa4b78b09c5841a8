"""The project file: opening, migrations, version refusal, FTS, audit log."""

from __future__ import annotations

import sqlite3

import pytest

from belannot.core import schema
from belannot.core.errors import NewerProjectError, ProjectFileError
from belannot.core.model import DEFAULT_LABELS, Document, DocumentMeta, Role, User
from belannot.core.store import Store, open_store
from tests.store_helpers import schema_version


def test_new_project_is_wal_with_foreign_keys_and_version(tmp_path):
    store = Store.open(tmp_path / "p.belannot")
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert schema_version(store) == schema.SCHEMA_VERSION
    assert [m.name for m in schema.migrations.applied(store.db)] == [
        m.name for m in schema.migrations._migrations
    ]
    store.close()


def test_default_labels_are_seeded_once(store):
    store.close()
    store = open_store(store.location)
    assert [(lb.name, lb.hotkey) for lb in store.labels()] == [
        ("actor", "1"),
        ("event", "2"),
        ("prediction", "3"),
        ("quote", "4"),
    ]
    assert len({lb.color for lb in store.labels()}) == len(DEFAULT_LABELS)
    store.close()


def test_upgrade_applies_only_pending_migrations(tmp_path, monkeypatch):
    path = tmp_path / "p.belannot"
    store = Store.open(path)
    store.add_document(Document("d1", "kept text"))
    store.close()
    calls = []

    @schema.migrations(name="m999_test_only")
    def m999(db):
        calls.append(1)
        db.execute("CREATE TABLE extra (x)")

    try:
        monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
        upgraded = Store.open(path)
        assert calls == [1]
        assert schema_version(upgraded) == schema.SCHEMA_VERSION
        assert upgraded.document_text("d1") == "kept text"
        upgraded.close()
        Store.open(path).close()
        assert calls == [1], "an applied migration never runs twice"
    finally:
        schema.migrations._migrations.pop()


def test_a_newer_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "p.belannot"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerProjectError, match="newer belannot"):
        Store.open(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "content, message",
    [
        (b"hello, I am a text file", "not an SQLite database"),
        (b"SQLite format 3\x00" + b"\x01" * 200, "cannot be read"),
    ],
)
def test_non_project_files_are_refused(tmp_path, content, message):
    path = tmp_path / "p.belannot"
    path.write_bytes(content)
    with pytest.raises(ProjectFileError, match=message):
        Store.open(path)
    assert path.read_bytes() == content


def test_another_apps_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectFileError, match="not a belannot project"):
        Store.open(path)


@pytest.mark.file_project
def test_texts_live_apart_from_the_document_list(store):
    store.add_document(Document("d1", "Lukashenko met Putin.", DocumentMeta(title="Meeting")))
    columns = {c.name for c in store.db.table("documents").columns}
    assert "text" not in columns
    [row] = store.document_list_rows("alice", store.document_list_positions("alice"))
    assert (row.id, row.title, row.char_count) == ("d1", "Meeting", 21)


def test_same_text_is_stored_once(store):
    assert store.add_document(Document("a", "same")) == ("a", True)
    assert store.add_document(Document("b", "same")) == ("a", False)
    assert store.document_count() == 1


def test_full_text_search_finds_prefixes_and_ignores_operators(store):
    store.add_document(Document("d1", "Belarusian troops near Kobryn", DocumentMeta(title="One")))
    store.add_document(Document("d2", "Talks in Minsk", DocumentMeta(title="Two")))

    def found(search):
        positions = store.document_list_positions("alice", search=search)
        return [row.id for row in store.document_list_rows("alice", positions)]

    assert found("belarus") == ["d1"]
    assert found("MINSK") == ["d2"]
    assert found('AND OR "(') == []


def test_document_pages_are_keyed_by_position(store):
    for i in range(5):
        store.add_document(Document(f"d{i}", f"text {i}"))
    positions = store.document_list_positions("alice")
    page = store.document_list_rows("alice", positions[2:4])
    assert [row.id for row in page] == ["d2", "d3"]


def test_audit_log_is_append_only(store):
    store.add_user(User("rita", Role.REVIEWER))
    assert store.audit_log()[-1].action == "add user"
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("UPDATE audit SET \"user\" = 'mallory'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("DELETE FROM audit")
