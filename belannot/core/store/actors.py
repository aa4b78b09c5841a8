"""The actor registry and span links: reads, and the writes of actor and link edits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from belannot.core.actors import NIL_MARKERS, Actor, Mention
from belannot.core.changes import Edit, Entity
from belannot.core.store.connection import Connected
from belannot.core.store.rows import dumps, insert_sql, loads, upsert_sql

ACTOR_FIELDS = ("id", "name", "kind", "aliases", "description", "ref", "created", "updated")
_SELECT_ACTORS = f"SELECT {', '.join(ACTOR_FIELDS)} FROM actors"
_INSERT_ACTOR = insert_sql("actors", ACTOR_FIELDS)
_SELECT_LINKS = "SELECT id, document_id, coalesce(actor, nil) FROM actor_links"
# Characters of text shown either side of a mention.
CONTEXT = 60


def _actor(row: Sequence[Any]) -> Actor:
    values = dict(zip(ACTOR_FIELDS, row, strict=True))
    values["aliases"] = loads(values["aliases"]) or []
    return Actor.from_row(values)


def _actor_values(row: dict[str, Any]) -> list[Any]:
    return [dumps(row[name]) if name == "aliases" else row[name] for name in ACTOR_FIELDS]


def link_row(span_id: str, document_id: str, target: str) -> dict[str, Any]:
    """A link as the JSON-able row the history and audit store: ``actor`` is an id or NIL."""
    return {"id": span_id, "document_id": document_id, "actor": target}


class ActorQueries(Connected):
    """The actors, actor_links and actor_labels tables."""

    # -- the registry --------------------------------------------------------------

    def actors(self) -> list[Actor]:
        """Every actor, by name."""
        return [_actor(row) for row in self.db.execute(f"{_SELECT_ACTORS} ORDER BY name, id")]

    def actor(self, actor_id: str) -> Actor | None:
        row = self.db.execute(f"{_SELECT_ACTORS} WHERE id = ?", [actor_id]).fetchone()
        return _actor(row) if row else None

    def actor_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM actors").fetchone()[0])

    def insert_actors(self, actors: Iterable[Actor]) -> int:
        """Insert new actors in one statement (the default registry, an import)."""
        values = [_actor_values(actor.to_row()) for actor in actors]
        self.db.conn.executemany(_INSERT_ACTOR, values)
        return len(values)

    # -- linkable labels -------------------------------------------------------------

    def actor_labels(self) -> list[str]:
        """The labels whose spans may be linked to actors."""
        return [row[0] for row in self.db.execute("SELECT label FROM actor_labels ORDER BY label")]

    def set_actor_labels(self, labels: Iterable[str]) -> None:
        self.db.execute("DELETE FROM actor_labels")
        self.db.conn.executemany(
            "INSERT INTO actor_labels (label) VALUES (?)", [(label,) for label in labels]
        )

    def seed_actor_labels(self, label: str) -> None:
        """A new project's linkable label, when it has one of that name."""
        self.db.execute(
            "INSERT INTO actor_labels SELECT name FROM labels WHERE name = ? "
            "ON CONFLICT DO NOTHING",
            [label],
        )

    # -- links -----------------------------------------------------------------------

    def span_actor(self, span_id: str) -> str | None:
        """The actor id (or NIL marker) the span is linked to; None when it is not."""
        row = self.db.execute(f"{_SELECT_LINKS} WHERE id = ?", [span_id]).fetchone()
        return row[2] if row else None

    def span_link_row(self, span_id: str) -> dict[str, Any] | None:
        row = self.db.execute(f"{_SELECT_LINKS} WHERE id = ?", [span_id]).fetchone()
        return link_row(*row) if row else None

    def document_links(self, document_id: str) -> dict[str, str]:
        """Span id → actor id or NIL marker, for the document's linked spans."""
        cursor = self.db.execute(f"{_SELECT_LINKS} WHERE document_id = ?", [document_id])
        return {row[0]: row[2] for row in cursor}

    def actor_link_rows(self, actor_id: str) -> list[dict[str, Any]]:
        cursor = self.db.execute(f"{_SELECT_LINKS} WHERE actor = ? ORDER BY id", [actor_id])
        return [link_row(*row) for row in cursor]

    def actor_link_counts(self) -> dict[str, int]:
        """How many spans link to each actor (that has any): completion's ranking."""
        cursor = self.db.execute(
            "SELECT actor, count(*) FROM actor_links WHERE actor IS NOT NULL GROUP BY actor"
        )
        return dict(cursor.fetchall())

    def link_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM actor_links").fetchone()[0])

    def actor_mentions(self, actor_id: str, context: int = CONTEXT) -> list[Mention]:
        """Every span linked to the actor, in document order, with some text either side."""
        # substr counts characters, that is code points, as offsets do; only the few
        # characters around each mention leave SQLite, not whole texts.
        cursor = self.db.execute(
            """
            SELECT s.id, s.document_id, s.start, s."end", s.annotator,
                   substr(t.text, s.start + 1, s."end" - s.start),
                   substr(t.text, CASE WHEN s.start > :context THEN s.start + 1 - :context
                                  ELSE 1 END,
                          s."end" - CASE WHEN s.start > :context THEN s.start - :context
                                         ELSE 0 END + :context)
            FROM actor_links l
            JOIN spans s ON s.id = l.id
            JOIN documents d ON d.id = s.document_id
            JOIN document_texts t ON t.document_id = s.document_id
            WHERE l.actor = :actor
            ORDER BY d.position, s.start, s."end", s.id
            """,
            {"actor": actor_id, "context": context},
        )
        return list(map(Mention._make, cursor))

    def documents_mentioning(self, actor_id: str) -> list[str]:
        cursor = self.db.execute(
            "SELECT DISTINCT l.document_id FROM actor_links l JOIN documents d "
            "ON d.id = l.document_id WHERE l.actor = ? ORDER BY d.position",
            [actor_id],
        )
        return [row[0] for row in cursor]

    def actor_document_positions(self, actor_id: str) -> list[int]:
        """The list positions of the documents with a span linked to the actor, in order
        (what the document list filters by)."""
        cursor = self.db.execute(
            "SELECT DISTINCT d.position FROM actor_links l JOIN documents d "
            "ON d.id = l.document_id WHERE l.actor = ? ORDER BY d.position",
            [actor_id],
        )
        return [row[0] for row in cursor]

    def insert_links(self, rows: Iterable[tuple[str, str, str]]) -> int:
        """Link spans (span id, document id, actor id or NIL marker) in one statement."""
        values = [
            (span_id, document_id, None if t in NIL_MARKERS else t, t if t in NIL_MARKERS else None)
            for span_id, document_id, t in rows
        ]
        self.db.conn.executemany(
            "INSERT INTO actor_links (id, document_id, actor, nil) VALUES (?, ?, ?, ?)", values
        )
        return len(values)

    # -- edits (History checks each against the current row first) ----------------

    def actor_current_row(self, entity: Entity, row: dict[str, Any]) -> dict[str, Any] | None:
        if entity is Entity.ACTOR:
            actor = self.actor(row["id"])
            return actor.to_row() if actor else None
        return self.span_link_row(row["id"])

    def write_actor_edit(self, edit: Edit) -> None:
        """Write an actor or link edit already checked against the current row."""
        table = "actors" if edit.entity is Entity.ACTOR else "actor_links"
        if edit.after is None:
            self.db.execute(f"DELETE FROM {table} WHERE id = ?", [edit.row["id"]])
            return
        after = edit.after
        if edit.entity is Entity.ACTOR:
            # An update in place, not a replace: the links that point at the actor stay.
            if edit.before is None:
                self.db.execute(_INSERT_ACTOR, _actor_values(after))
            else:
                sets = ", ".join(f"{name} = ?" for name in ACTOR_FIELDS[1:])
                values = _actor_values(after)
                self.db.execute(f"UPDATE actors SET {sets} WHERE id = ?", [*values[1:], values[0]])
            return
        target = after["actor"]
        nil = target if target in NIL_MARKERS else None
        self.db.execute(
            upsert_sql("actor_links", ("id", "document_id", "actor", "nil"), ("id",)),
            [after["id"], after["document_id"], None if nil else target, nil],
        )
