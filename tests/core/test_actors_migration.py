"""m005: a project made before the registry gets its tables, keeps its spans, and links."""

from __future__ import annotations

import sqlite3

import pytest

from belannot.core.actor_commands import AddActor, LinkSpan
from belannot.core.history import History
from belannot.core.model import Document, User
from belannot.core.store import open_store
from tests.core.old_project_fixtures import applied_migrations
from tests.core.old_project_fixtures import old_project_at as old_project_at  # noqa: F401


def test_m005_adds_the_registry_to_a_version_4_project_and_keeps_its_spans(old_project_at):
    rows = (
        "INSERT INTO documents (id, position, content_hash, char_count, created) "
        "VALUES ('d1', 0, 'h', 19, 'then')",
        "INSERT INTO document_texts VALUES ('d1', 'Lukashenko said no.')",
        "INSERT INTO users VALUES ('alice', 'annotator', 'then')",
        'INSERT INTO spans (id, document_id, start, "end", label, annotator, created, updated) '
        "VALUES ('s1', 'd1', 0, 10, 'actor', 'alice', 'then', 'then')",
    )
    store = open_store(old_project_at("m005_actors", rows=rows))
    try:
        assert "m005_actors" in applied_migrations(store)
        assert store.actor_labels() == ["actor"]
        assert store.actors() == []
        assert [(s.id, s.start, s.end, s.label) for s in store.spans("d1")] == [
            ("s1", 0, 10, "actor")
        ]
        alice = User("alice")
        history = History(store)
        history.do(AddActor("Alexander Lukashenko", actor_id="lukashenko"), alice)
        history.do(LinkSpan("s1", "lukashenko"), alice)
        assert store.span_actor("s1") == "lukashenko"
    finally:
        store.close()


def test_the_link_table_keeps_its_rules(store):
    store.add_document(Document("d1", "Lukashenko"))
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("INSERT INTO actor_links VALUES ('nope', 'd1', NULL, 'NIL')")
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("INSERT INTO actor_links VALUES ('nope', 'd1', NULL, NULL)")
