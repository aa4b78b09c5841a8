"""What people decided about suggestions: rejections per document, accepted spans' provenance."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any

from belannot.core.changes import Edit, Entity
from belannot.core.store.connection import Connected
from belannot.core.store.rows import quoted, upsert_sql

SUGGESTION_ENTITIES = (Entity.PROVENANCE, Entity.SUGGESTION_REJECTION)
REJECTION_FIELDS = (
    "id",
    "document_id",
    "annotator",
    "start",
    "end",
    "label",
    "recommender",
    "score",
    "created",
)
PROVENANCE_FIELDS = ("id", "document_id", "origin", "score")
_COLUMNS = {
    Entity.SUGGESTION_REJECTION: ("suggestion_rejections", REJECTION_FIELDS),
    Entity.PROVENANCE: ("span_provenance", PROVENANCE_FIELDS),
}


def _select(entity: Entity) -> str:
    table, fields = _COLUMNS[entity]
    return f"SELECT {quoted(fields)} FROM {table}"


class SuggestionQueries(Connected):
    """The suggestion_rejections and span_provenance tables, and the span strings matched."""

    def span_strings(self) -> list[tuple[str, str, str, int]]:
        """(document id, text, label, count) of every span not rejected: what the string
        matcher projects. Spans are grouped by range in SQL and each document's text is
        read once and cut here: joining the text to every span kept a copy of the whole
        text per span in SQLite's sorter (10 GB for one 1 MB document of 10,000 spans)."""
        ranges = self.db.execute(
            'SELECT document_id, start, "end", label, count(*) FROM spans '
            "WHERE status != 'rejected' GROUP BY document_id, start, \"end\", label "
            "ORDER BY document_id"
        ).fetchall()
        counts: dict[tuple[str, str, str], int] = {}
        for document_id, rows in groupby(ranges, itemgetter(0)):
            text = self.db.execute(
                "SELECT text FROM document_texts WHERE document_id = ?", [document_id]
            ).fetchone()[0]
            for _, start, end, label, count in rows:
                key = (document_id, text[start:end], label)
                counts[key] = counts.get(key, 0) + count
        return [(*key, count) for key, count in counts.items()]

    def rejected_suggestions(self, document_id: str, annotator: str) -> set[tuple[int, int, str]]:
        """(start, end, label) of the suggestions ``annotator`` rejected in the document."""
        cursor = self.db.execute(
            'SELECT start, "end", label FROM suggestion_rejections'
            " WHERE document_id = ? AND annotator = ?",
            [document_id, annotator],
        )
        return {(row[0], row[1], row[2]) for row in cursor}

    def rejection_row(
        self, document_id: str, annotator: str, start: int, end: int, label: str
    ) -> dict[str, Any] | None:
        row = self.db.execute(
            f"{_select(Entity.SUGGESTION_REJECTION)} WHERE document_id = ? AND annotator = ?"
            ' AND start = ? AND "end" = ? AND label = ?',
            [document_id, annotator, start, end, label],
        ).fetchone()
        return dict(zip(REJECTION_FIELDS, row, strict=True)) if row else None

    def span_provenance(self, span_id: str) -> tuple[str, float] | None:
        """(recommender, score) of a span accepted from a suggestion; None for a hand-made one."""
        row = self.db.execute(
            "SELECT origin, score FROM span_provenance WHERE id = ?", [span_id]
        ).fetchone()
        return (row[0], row[1]) if row else None

    def suggestion_decisions(self) -> dict[str, tuple[int, int]]:
        """Recommender → (accepted spans still in the project, rejected suggestions)."""
        counts: dict[str, list[int]] = {}
        for origin, count in self.db.execute(
            "SELECT p.origin, count(*) FROM span_provenance p JOIN spans s ON s.id = p.id"
            " GROUP BY p.origin"
        ):
            counts.setdefault(origin, [0, 0])[0] = count
        for origin, count in self.db.execute(
            "SELECT recommender, count(*) FROM suggestion_rejections GROUP BY recommender"
        ):
            counts.setdefault(origin, [0, 0])[1] = count
        return {name: (pair[0], pair[1]) for name, pair in counts.items()}

    # -- edits (History checks each against the current row first) ----------------

    def suggestion_current_row(self, entity: Entity, row: dict[str, Any]) -> dict[str, Any] | None:
        _table, fields = _COLUMNS[entity]
        found = self.db.execute(f"{_select(entity)} WHERE id = ?", [row["id"]]).fetchone()
        return dict(zip(fields, found, strict=True)) if found else None

    def write_suggestion_edit(self, edit: Edit) -> None:
        """Write a provenance or rejection edit already checked against the current row."""
        table, fields = _COLUMNS[edit.entity]
        if edit.after is None:
            self.db.execute(f"DELETE FROM {table} WHERE id = ?", [edit.row["id"]])
            return
        self.db.execute(
            upsert_sql(table, fields, ("id",)), [edit.after[name] for name in fields]
        )

    def iter_document_texts(
        self, document_ids: list[str] | None = None
    ) -> Iterator[tuple[str, str]]:
        """(id, text) of the documents (all, in order, unless named), streamed."""
        if document_ids is None:
            cursor = self.db.execute(
                "SELECT d.id, t.text FROM documents d JOIN document_texts t"
                " ON t.document_id = d.id ORDER BY d.position"
            )
            yield from ((row[0], row[1]) for row in cursor)
            return
        for document_id in document_ids:
            row = self.db.execute(
                "SELECT document_id, text FROM document_texts WHERE document_id = ?",
                [document_id],
            ).fetchone()
            if row is not None:
                yield row[0], row[1]
