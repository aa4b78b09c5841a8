"""Agreement queries: who finished which documents, and the spans agreement compares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from belannot.core.store.connection import Connected

# (document id, annotator, label, start, end): a span reduced to what agreement needs.
Interval = tuple[str, str, str, int, int]


def _marks(values: Sequence[Any]) -> str:
    """Placeholders for ``IN (…)``; none is ``IN (NULL)``, true of no row (``IN ()`` is
    SQLite's alone)."""
    return ", ".join("?" for _ in values) or "NULL"


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

    def relation_match_counts(
        self, annotators: Sequence[str], symmetric: Sequence[str]
    ) -> list[tuple[Any, ...]]:
        """(type, made by the first annotator (0 or 1), by the second, …, relations) of the
        distinct relations of ``annotators`` in the documents all of them marked done: a
        relation is its document, type and ends (start, end, label each); for a type in
        ``symmetric`` the ends in one order, the smaller first."""
        if not annotators:
            return []
        done, params = self._done_by_all_sql(annotators)
        marks = ", ".join("?" for _ in annotators)
        sym = _marks(symmetric)
        made = [f"max(CASE WHEN who = ? THEN 1 ELSE 0 END) AS a{i}" for i in range(len(annotators))]
        flags = ", ".join(f"a{i}" for i in range(len(annotators)))
        ends = ", ".join(
            f"CASE WHEN flip THEN {tail} ELSE {head} END"
            for head, tail in (
                ("hs", "ts"),
                ("he", "te"),
                ("hl", "tl"),
                ("ts", "hs"),
                ("te", "he"),
                ("tl", "hl"),
            )
        )
        rows: list[tuple[Any, ...]] = self.db.execute(
            f"SELECT type, {flags}, count(*) FROM ("
            f"  SELECT type, {', '.join(made)} FROM ("
            "    SELECT r.document_id AS d, r.annotator AS who, r.type AS type,"
            '      h.start AS hs, h."end" AS he, h.label AS hl,'
            '      t.start AS ts, t."end" AS te, t.label AS tl,'
            f'      r.type IN ({sym}) AND (t.start, t."end", t.label) < '
            '        (h.start, h."end", h.label) AS flip'
            "    FROM relations r JOIN spans h ON h.id = r.head JOIN spans t ON t.id = r.tail"
            f"    WHERE r.annotator IN ({marks}) AND r.document_id IN ({done})"
            f"  ) AS pairs GROUP BY d, type, {ends}"
            f") AS made GROUP BY type, {flags}",
            [*annotators, *symmetric, *annotators, *params],
        ).fetchall()
        return rows

    def agreement_spans(
        self,
        annotators: Sequence[str],
        labels: Sequence[str],
        attribute_labels: Sequence[str],
        link_labels: Sequence[str],
    ) -> list[tuple[str, str, str, int, int, str | None, str | None]]:
        """(document, annotator, label, start, end, attributes JSON, link) of the annotators'
        own spans of ``labels`` (not reviewer corrections) in the documents all of them
        marked done, grouped by document, earliest made first. The attributes only for
        ``attribute_labels`` and only when some are set, the link (actor id or NIL marker)
        only for ``link_labels``: None otherwise."""
        if not annotators or not labels:
            return []
        done, params = self._done_by_all_sql(annotators)

        marks = _marks
        rows: list[tuple[str, str, str, int, int, str | None, str | None]] = self.db.execute(
            'SELECT s.document_id, s.annotator, s.label, s.start, s."end", '
            f"CASE WHEN s.label IN ({marks(attribute_labels)}) "
            "THEN nullif(s.attributes, '{}') END, coalesce(l.actor, l.nil) "
            "FROM spans s LEFT JOIN actor_links l "
            f"ON l.id = s.id AND s.label IN ({marks(link_labels)}) "
            f"WHERE s.corrects IS NULL AND s.annotator IN ({marks(annotators)}) "
            f"AND s.label IN ({marks(labels)}) AND s.document_id IN ({done}) "
            "ORDER BY s.document_id, s.created, s.id",
            [*attribute_labels, *link_labels, *annotators, *labels, *params],
        ).fetchall()
        return rows
