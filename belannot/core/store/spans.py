"""Spans: the span filter, reads, inserts, and applying edits (the only span and state writes)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from belannot.core.changes import Edit, Entity
from belannot.core.errors import ConflictError
from belannot.core.model import Span, SpanStatus
from belannot.core.store.actors import ActorQueries
from belannot.core.store.documents import DocumentQueries
from belannot.core.store.relations import RelationQueries
from belannot.core.store.rows import (
    DOCUMENT_SPAN_ORDER,
    INSERT_SPAN,
    SELECT_DOCUMENT_SPANS,
    SELECT_SPANS,
    document_span_from_tuple,
    insert_sql,
    span_from_tuple,
    span_row_values,
    span_to_row,
    span_values,
    upsert_sql,
)
from belannot.core.store.settings import SettingsQueries
from belannot.core.store.suggestions import SUGGESTION_ENTITIES, SuggestionQueries

_ACTOR_ENTITIES = (Entity.ACTOR, Entity.ACTOR_LINK)


@dataclass(frozen=True, slots=True)
class SpanFilter:
    """Which spans an export or a count takes. Empty tuples mean 'all'."""

    annotators: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    statuses: tuple[SpanStatus, ...] = ()

    @classmethod
    def approved_only(cls) -> SpanFilter:
        return cls(statuses=(SpanStatus.APPROVED,))

    def sql(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for column, values in (
            ("annotator", self.annotators),
            ("label", self.labels),
            ("status", tuple(s.value for s in self.statuses)),
        ):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params.extend(values)
        return (" AND ".join(clauses) or "TRUE"), params

    def accepts(self, span: Span) -> bool:
        return (
            (not self.annotators or span.annotator in self.annotators)
            and (not self.labels or span.label in self.labels)
            and (not self.statuses or span.status in self.statuses)
        )


class SpanQueries(
    DocumentQueries, RelationQueries, ActorQueries, SuggestionQueries, SettingsQueries
):
    """The spans table (and, through the others, the relations and actor links of spans)."""

    def _spans_where(self, where: str, params: Sequence[Any]) -> list[Span]:
        cursor = self.db.execute(f"{SELECT_SPANS} WHERE {where}", list(params))
        return [span_from_tuple(row) for row in cursor]

    def span(self, span_id: str) -> Span | None:
        found = self._spans_where("id = ?", [span_id])
        return found[0] if found else None

    def spans(self, document_id: str, span_filter: SpanFilter | None = None) -> list[Span]:
        """The spans of a document, sorted by (start, end, label, annotator)."""
        condition, params = (span_filter or SpanFilter()).sql()
        # The index hands rows over by (start, end); Python breaks the few ties faster than
        # SQLite's temporary B-tree over all 10,000 rows of a long document.
        rows = self.db.execute(
            f'{SELECT_DOCUMENT_SPANS} WHERE document_id = ? AND {condition} ORDER BY start, "end"',
            [document_id, *params],
        ).fetchall()
        rows.sort(key=DOCUMENT_SPAN_ORDER)
        return [document_span_from_tuple(row, document_id) for row in rows]

    def attributed_span_count(self) -> int:
        """How many spans carry at least one attribute value."""
        return int(
            self.db.execute(
                "SELECT count(*) FROM spans WHERE attributes IS NOT NULL"
                " AND attributes NOT IN ('', '{}')"
            ).fetchone()[0]
        )

    def span_count(self, span_filter: SpanFilter | None = None) -> int:
        condition, params = (span_filter or SpanFilter()).sql()
        return int(
            self.db.execute(f"SELECT count(*) FROM spans WHERE {condition}", params).fetchone()[0]
        )

    def has_span_attributes(self) -> bool:
        """Whether any span carries an attribute value (exports choose their form by it)."""
        row = self.db.execute("SELECT 1 FROM spans WHERE attributes != '{}' LIMIT 1").fetchone()
        return row is not None

    def insert_span(self, span: Span) -> None:
        self.db.execute(INSERT_SPAN, span_values(span))

    def insert_spans(self, spans: Iterable[Span]) -> int:
        """Insert new spans in one statement (imports); an id already used is a ConflictError."""
        spans = list(spans)
        if not spans:
            return 0
        try:
            self.db.conn.executemany(INSERT_SPAN, [span_values(span) for span in spans])
        except sqlite3.IntegrityError as error:
            # A reused span id, or a span naming a document or user that is not stored.
            raise ConflictError(f"the spans conflict with the project: {error}") from error
        return len(spans)

    def _write_span(self, row: dict[str, Any], *, insert: bool) -> None:
        # The row's own fields, in its own order: a history row is written back as it was kept.
        columns = tuple(row)
        sql = insert_sql("spans", columns) if insert else upsert_sql("spans", columns, ("id",))
        self.db.execute(sql, span_row_values(row))

    def span_rows(self, span_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The current rows (as :func:`span_to_row`) of these spans; absent ones left out.

        One statement for a whole undo step: checking a 5,000-span step one span at a
        time took 0.2 s, and the Undo menu text is checked after every change."""
        return self._rows_by_id(SELECT_SPANS, span_ids, lambda t: span_to_row(span_from_tuple(t)))

    def current_row(self, entity: Entity, row: dict[str, Any]) -> dict[str, Any] | None:
        if entity is Entity.SPAN:
            span = self.span(row["id"])
            return span_to_row(span) if span else None
        if entity is Entity.RELATION:
            return self.relation_row(row)
        if entity in _ACTOR_ENTITIES:
            return self.actor_current_row(entity, row)
        if entity in SUGGESTION_ENTITIES:
            return self.suggestion_current_row(entity, row)
        if entity is Entity.SETTING:
            return self.setting_row(row["id"])
        return self.document_state_row(row["document_id"], row["annotator"])

    def apply_edit(self, edit: Edit) -> None:
        """Write ``edit.after`` in place of ``edit.before``, checking nothing moved since."""
        current = self.current_row(edit.entity, edit.row)
        if current != edit.before:
            raise ConflictError(
                f"the {edit.entity.value} changed since this edit was prepared; reload and retry"
            )
        if edit.entity is Entity.SPAN:
            if edit.after is None:
                if self.span_relations(edit.row["id"]):
                    # Its relations must go in the same step, before it (DeleteSpan does
                    # so); an older step that would drop them unseen is stale.
                    raise ConflictError("the span has relations since this edit was prepared")
                if self.span_actor(edit.row["id"]) is not None:
                    raise ConflictError("the span was linked since this edit was prepared")
                self.db.execute("DELETE FROM spans WHERE id = ?", [edit.row["id"]])
            else:
                self._write_span(edit.after, insert=edit.before is None)
        elif edit.entity is Entity.RELATION:
            self.write_relation_edit(edit)
        elif edit.entity in _ACTOR_ENTITIES:
            self.write_actor_edit(edit)
        elif edit.entity in SUGGESTION_ENTITIES:
            self.write_suggestion_edit(edit)
        elif edit.entity is Entity.SETTING:
            self.write_setting_edit(edit)
        elif edit.after is None:
            self.db.execute(
                "DELETE FROM document_states WHERE document_id = ? AND annotator = ?",
                [edit.row["document_id"], edit.row["annotator"]],
            )
        else:
            self.write_document_state(edit.after)
