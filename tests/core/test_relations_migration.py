"""m003: a project made before relations gets the tables and the default relation types."""

from __future__ import annotations

import sqlite3

import pytest

from belannot.core.commands import AddSpan
from belannot.core.history import History
from belannot.core.model import Document, User
from belannot.core.relation_commands import AddRelation
from belannot.core.relations import DEFAULT_RELATION_TYPES
from belannot.core.store import open_store
from tests.core.old_project_fixtures import applied_migrations
from tests.core.old_project_fixtures import old_project_at as old_project_at  # noqa: F401


def test_m003_adds_relations_to_a_version_2_project(old_project_at):
    store = open_store(old_project_at("m003_relations"))
    try:
        assert "m003_relations" in applied_migrations(store)
        assert store.relation_types() == list(DEFAULT_RELATION_TYPES)
        store.add_document(Document("d1", "Lukashenko said “no”."))
        alice = User("alice")
        history = History(store)
        [actor] = history.do(AddSpan("d1", 0, 10, "actor"), alice).span_ids
        [quote] = history.do(AddSpan("d1", 16, 20, "quote"), alice).span_ids
        history.do(AddRelation(quote, actor, "speaker"), alice)
        assert [r.type for r in store.relations("d1")] == ["speaker"]
    finally:
        store.close()


def test_the_relations_tables_keep_their_rules(store):
    store.add_document(Document("d1", "Lukashenko"))
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            "INSERT INTO relations VALUES ('r', 'd1', 'speaker', 'nope', 'nope2', 'alice', "
            "'pending', NULL, 'now', 'now')"
        )
