"""Agreement queries: who finished which documents, and the spans agreement compares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from belannot.core.store.connection import Connected

# (document id, annotator, label, start, end): a span reduced to what agreement needs.
Interval = tuple[str, str, str, int, int]
# (document, annotator, type, head start, end, label, tail start, end, label).
RelationRow = tuple[str, str, str, int, int, str, int, int, str]


class AgreementQueries(Connected):
    """Done documents and annotators' own spans, for inter-annotator agreement."""

    def annotators_with_done_documents(self) -> list[str]:
        """Users in the annotator role who marked at least one document done."""
        return [
            row[0]
            for row in self.db.execute(
                "SELECT DISTINCT ds.annotator FROM document_states ds "
                "JOIN users u ON u.name = ds.annotator "
                "WHERE ds.state = 'done' AND u.role = 'annotator' ORDER BY ds.annotator"
            )
        ]

    @staticmethod
    def _done_by_all_sql(annotators: Sequence[str]) -> tuple[str, list[Any]]:
        marks = ", ".join("?" for _ in annotators)
        sql = (
            "SELECT document_id FROM document_states "
            f"WHERE state = 'done' AND annotator IN ({marks}) "
            "GROUP BY document_id HAVING count(DISTINCT annotator) = ?"
        )
        return sql, [*annotators, len(set(annotators))]

    def documents_done_by_all(self, annotators: Sequence[str]) -> list[tuple[str, int]]:
        """(id, length in characters) of the documents every one of ``annotators`` marked done."""
        if not annotators:
            return []
        done, params = self._done_by_all_sql(annotators)
        return [
            (row[0], row[1])
            for row in self.db.execute(
                f"SELECT id, char_count FROM documents WHERE id IN ({done}) ORDER BY position",
                params,
            )
        ]

    def annotation_intervals(
        self, annotators: Sequence[str]
    ) -> list[tuple[str, str, str, int, int]]:
        """(document, annotator, label, start, end) of the annotators' own spans (not reviewer
        corrections) in the documents all of them marked done, grouped by document."""
        if not annotators:
            return []
        done, params = self._done_by_all_sql(annotators)
        marks = ", ".join("?" for _ in annotators)
        rows: list[Interval] = self.db.execute(
            'SELECT document_id, annotator, label, start, "end" FROM spans '
            f"WHERE corrects IS NULL AND annotator IN ({marks}) "
            f"AND document_id IN ({done}) ORDER BY document_id",
            [*annotators, *params],
        ).fetchall()
        return rows

    def relation_items(self, annotators: Sequence[str]) -> list[RelationRow]:
        """(document, annotator, type, head start, end, label, tail start, end, label) of the
        annotators' own relations in the documents all of them marked done."""
        if not annotators:
            return []
        done, params = self._done_by_all_sql(annotators)
        marks = ", ".join("?" for _ in annotators)
        rows: list[RelationRow] = self.db.execute(
            'SELECT r.document_id, r.annotator, r.type, h.start, h."end", h.label, '
            't.start, t."end", t.label FROM relations r '
            "JOIN spans h ON h.id = r.head JOIN spans t ON t.id = r.tail "
            f"WHERE r.annotator IN ({marks}) AND r.document_id IN ({done})",
            [*annotators, *params],
        ).fetchall()
        return rows

    def attribute_items(
        self, annotators: Sequence[str], labels: Sequence[str]
    ) -> list[tuple[str, str, str, int, int, str]]:
        """(document, annotator, label, start, end, attributes JSON) of the annotators' own
        spans of ``labels`` in the documents all of them marked done, earliest made first."""
        if not annotators or not labels:
            return []
        done, params = self._done_by_all_sql(annotators)
        marks = ", ".join("?" for _ in annotators)
        label_marks = ", ".join("?" for _ in labels)
        rows: list[tuple[str, str, str, int, int, str]] = self.db.execute(
            'SELECT document_id, annotator, label, start, "end", attributes FROM spans '
            f"WHERE corrects IS NULL AND annotator IN ({marks}) AND label IN ({label_marks}) "
            f"AND document_id IN ({done}) ORDER BY document_id, created, id",
            [*annotators, *labels, *params],
        ).fetchall()
        return rows
