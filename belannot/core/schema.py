"""The project file's schema, as its whole numbered history of migrations.

Each migration is ``m<NNN>_<what>``; the file records how many have run in
``PRAGMA user_version`` (and sqlite-utils' ``_sqlite_migrations`` table), so a
file written by a newer belannot can be recognised and refused untouched.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

# 'BELA' — marks a SQLite file as a belannot project.
APPLICATION_ID = 0x42454C41

migrations = Migrations("belannot")


@migrations()
def m001_initial(db: Database) -> None:
    # executescript() would COMMIT the migration's transaction: run statements one by one.
    for statement in (
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            position INTEGER NOT NULL UNIQUE,
            title TEXT NOT NULL DEFAULT '',
            source TEXT,
            url TEXT,
            author TEXT,
            published TEXT,
            content_hash TEXT NOT NULL UNIQUE,
            char_count INTEGER NOT NULL,
            meta TEXT NOT NULL DEFAULT '{}',
            created TEXT NOT NULL
        )
        """,
        # The text lives apart so that listing documents never reads it.
        """
        CREATE TABLE document_texts (
            document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            text TEXT NOT NULL
        )
        """,
        """
        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, tokenize = 'unicode61 remove_diacritics 2'
        )
        """,
        """
        CREATE TABLE labels (
            name TEXT PRIMARY KEY,
            color TEXT NOT NULL,
            hotkey TEXT UNIQUE,
            description TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('annotator', 'reviewer')),
            created TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE spans (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
            annotator TEXT NOT NULL REFERENCES users(name) ON UPDATE CASCADE,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'approved', 'rejected')),
            reviewer TEXT REFERENCES users(name) ON UPDATE CASCADE,
            reviewed_at TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            attributes TEXT NOT NULL DEFAULT '{}',
            corrects TEXT
        )
        """,
        """
        CREATE INDEX spans_by_document ON spans (document_id, start, "end")
        """,
        """
        CREATE INDEX spans_by_annotator ON spans (annotator, document_id)
        """,
        """
        CREATE TABLE document_states (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES users(name) ON UPDATE CASCADE,
            state TEXT NOT NULL CHECK (state IN ('new', 'in_progress', 'done')),
            updated TEXT NOT NULL,
            PRIMARY KEY (document_id, annotator)
        )
        """,
        # Every change anyone made, never updated or deleted.
        """
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            document_id TEXT,
            before TEXT,
            after TEXT
        )
        """,
        """
        CREATE INDEX audit_by_document ON audit (document_id, id)
        """,
        """
        CREATE INDEX audit_by_user ON audit (user, id)
        """,
        """
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
        """,
        """
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
        """,
        # Undo history, per user, kept in the file so it survives restarts.
        """
        CREATE TABLE history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user TEXT NOT NULL,
            description TEXT NOT NULL,
            edits TEXT NOT NULL,
            undone INTEGER NOT NULL DEFAULT 0,
            at TEXT NOT NULL
        )
        """,
        """
        CREATE INDEX history_by_user ON history (user, undone, id)
        """,
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """,
    ):
        db.execute(statement)


@migrations()
def m002_label_guidelines(db: Database) -> None:
    # The guideline text and examples of a label, as JSON ({"text": …, "examples": […]}),
    # kept in the project so that each project can adapt its manual.
    db.execute("ALTER TABLE labels ADD COLUMN guidelines TEXT NOT NULL DEFAULT '{}'")
    seed_default_guidelines(db)


def seed_default_guidelines(db: Any) -> None:
    """Projects made before the manual existed get it for the default labels they still have."""
    from belannot.core.model import DEFAULT_LABELS

    for label in DEFAULT_LABELS:
        db.execute(
            "UPDATE labels SET guidelines = ? WHERE name = ? AND guidelines = '{}'",
            [orjson.dumps(label.guidelines.to_json()).decode("utf-8"), label.name],
        )


@migrations()
def m003_relations(db: Database) -> None:
    # Relation types next to the labels; allowed labels as JSON lists (labels may be renamed
    # or deleted without touching them: the commands check them when a relation is made).
    db.execute(
        """
        CREATE TABLE relation_types (
            name TEXT PRIMARY KEY,
            head_labels TEXT NOT NULL,
            tail_labels TEXT NOT NULL,
            directed INTEGER NOT NULL DEFAULT 1 CHECK (directed IN (0, 1)),
            color TEXT NOT NULL,
            hotkey TEXT UNIQUE,
            description TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL
        )
        """
    )
    # No cascade from spans: commands delete a span's relations themselves, in the same
    # step, so that undo brings them back; and a span written back with INSERT OR REPLACE
    # (every span edit) would take its relations with it.
    db.execute(
        """
        CREATE TABLE relations (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            type TEXT NOT NULL REFERENCES relation_types(name) ON UPDATE CASCADE,
            head TEXT NOT NULL REFERENCES spans(id),
            tail TEXT NOT NULL REFERENCES spans(id),
            annotator TEXT NOT NULL REFERENCES users(name) ON UPDATE CASCADE,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'approved', 'rejected')),
            reviewer TEXT REFERENCES users(name) ON UPDATE CASCADE,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            CHECK (head != tail)
        )
        """
    )
    db.execute("CREATE INDEX relations_by_document ON relations (document_id, annotator)")
    db.execute("CREATE INDEX relations_by_head ON relations (head)")
    db.execute("CREATE INDEX relations_by_tail ON relations (tail)")
    db.execute("CREATE INDEX relations_by_type ON relations (type)")
    seed_default_relation_types(db)


def seed_default_relation_types(db: Any) -> None:
    """New and existing projects alike start with the default relation types."""
    from belannot.core.relations import DEFAULT_RELATION_TYPES

    for relation_type in DEFAULT_RELATION_TYPES:
        db.execute(
            "INSERT INTO relation_types VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                relation_type.name,
                orjson.dumps(relation_type.head_labels).decode("utf-8"),
                orjson.dumps(relation_type.tail_labels).decode("utf-8"),
                int(relation_type.directed),
                relation_type.color,
                relation_type.hotkey,
                relation_type.description,
                relation_type.position,
            ],
        )


@migrations()
def m004_label_attributes(db: Database) -> None:
    # A label's typed attribute definitions, as a JSON list of AttributeDef.to_json().
    # Independent of m003 (relations): it touches only the labels table.
    db.execute("ALTER TABLE labels ADD COLUMN attributes TEXT NOT NULL DEFAULT '[]'")
    seed_default_attributes(db)


def seed_default_attributes(db: Any) -> None:
    """Projects made before attributes existed get them for the default labels they still have."""
    from belannot.core.model import DEFAULT_LABELS

    for label in DEFAULT_LABELS:
        if label.attributes:
            db.execute(
                "UPDATE labels SET attributes = ? WHERE name = ? AND attributes = '[]'",
                [orjson.dumps([d.to_json() for d in label.attributes]).decode("utf-8"), label.name],
            )


@migrations()
def m005_actors(db: Database) -> None:
    # The actor registry; aliases as a JSON list (an actor is one row, edited and undone
    # whole; completion reads them all into memory anyway).
    db.execute(
        """
        CREATE TABLE actors (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL
                CHECK (kind IN ('person', 'state', 'organisation', 'group', 'other')),
            aliases TEXT NOT NULL DEFAULT '[]',
            description TEXT NOT NULL DEFAULT '',
            ref TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )
        """
    )
    # A span's link, keyed by the span's id (one link a span). Beside the spans table rather
    # than a column of it: span rows, their history and every exporter's tuples stay as
    # they were. No cascade from spans, as for relations: commands delete a span's link in
    # the same step, so undo brings it back. Either an actor or a NIL marker, never both.
    db.execute(
        """
        CREATE TABLE actor_links (
            id TEXT PRIMARY KEY REFERENCES spans(id),
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            actor TEXT REFERENCES actors(id),
            nil TEXT CHECK (nil IN ('NIL', 'NIL:ambiguous')),
            CHECK ((actor IS NULL) != (nil IS NULL))
        )
        """
    )
    # By actor, then document: an actor's mentions are read in the spans' own order.
    db.execute("CREATE INDEX actor_links_by_actor ON actor_links (actor, document_id, id)")
    db.execute("CREATE INDEX actor_links_by_document ON actor_links (document_id)")
    # The labels whose spans may be linked; a renamed label stays linkable, a deleted one goes.
    db.execute(
        """
        CREATE TABLE actor_labels (
            label TEXT PRIMARY KEY
                REFERENCES labels(name) ON UPDATE CASCADE ON DELETE CASCADE
        )
        """
    )
    db.execute("INSERT INTO actor_labels SELECT name FROM labels WHERE name = 'actor'")


@migrations()
def m006_suggestions(db: Database) -> None:
    # Suggestions themselves are computed, never stored: only what people decided about them.
    # A rejected suggestion, remembered per document and annotator so it is not offered again
    # there; the same (start, end, label) from any recommender counts as the same suggestion.
    db.execute(
        """
        CREATE TABLE suggestion_rejections (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            -- A renamed label's rejections follow it; a deleted one's go.
            label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE ON DELETE CASCADE,
            recommender TEXT NOT NULL,
            score REAL NOT NULL,
            created TEXT NOT NULL,
            UNIQUE (document_id, annotator, start, "end", label)
        )
        """
    )
    # Where an accepted span came from, keyed by the span's id as actor_links are: span rows
    # and every exporter stay as they were, and typed attribute checks never see it. No
    # foreign key: a span deleted later keeps its origin, so undoing the delete needs nothing.
    db.execute(
        """
        CREATE TABLE span_provenance (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            origin TEXT NOT NULL,
            score REAL NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX span_provenance_by_origin ON span_provenance (origin)")
    seed_default_rules(db)


def seed_default_rules(db: Any) -> None:
    """The editable rules of the rules recommender, seeded for new and old projects alike."""
    from belannot.core.recommenders.rules import DEFAULT_RULES, RULES_SETTING, rules_to_json

    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [RULES_SETTING, orjson.dumps(rules_to_json(DEFAULT_RULES)).decode("utf-8")],
    )


SCHEMA_VERSION = len(migrations._migrations)


def migrate(db: Database) -> None:
    """Bring ``db`` to SCHEMA_VERSION and record it."""
    migrations.apply(db)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
