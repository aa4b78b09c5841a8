"""Relations and relation types: reads, and the writes of relation edits and type edits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from belannot.core.changes import Edit
from belannot.core.relations import Relation, RelationType, relation_order
from belannot.core.store.connection import Connected
from belannot.core.store.rows import (
    INSERT_RELATION,
    INSERT_RELATION_TYPE,
    SELECT_RELATION_TYPES,
    SELECT_RELATIONS,
    UPDATE_RELATION_TYPE,
    insert_sql,
    relation_from_row,
    relation_from_tuple,
    relation_to_row,
    relation_type_from_row,
    relation_type_values,
    relation_values,
    upsert_sql,
)


class RelationQueries(Connected):
    """The relations and relation_types tables."""

    def _relations_where(self, where: str, params: Iterable[Any]) -> list[Relation]:
        cursor = self.db.execute(f"{SELECT_RELATIONS} WHERE {where}", list(params))
        return sorted((relation_from_tuple(row) for row in cursor), key=relation_order)

    def relation(self, relation_id: str) -> Relation | None:
        found = self._relations_where("id = ?", [relation_id])
        return found[0] if found else None

    def relations(self, document_id: str, annotator: str | None = None) -> list[Relation]:
        """A document's relations (of one annotator if given), by type, head and tail."""
        if annotator is None:
            return self._relations_where("document_id = ?", [document_id])
        return self._relations_where("document_id = ? AND annotator = ?", [document_id, annotator])

    def gold_relations(self, document_id: str) -> list[Relation]:
        """The document's approved relations whose both ends are approved spans."""
        return self._relations_where(
            "document_id = ? AND status = 'approved' AND head IN (SELECT id FROM spans"
            " WHERE document_id = ? AND status = 'approved') AND tail IN (SELECT id FROM spans"
            " WHERE document_id = ? AND status = 'approved')",
            [document_id, document_id, document_id],
        )

    def span_relations(self, span_id: str) -> list[Relation]:
        """The relations with this span at either end."""
        return self._relations_where("head = ? OR tail = ?", [span_id, span_id])

    def relation_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM relations").fetchone()[0])

    def insert_relations(self, relations: Iterable[Relation]) -> int:
        rows = [relation_values(relation) for relation in relations]
        if rows:
            self.db.conn.executemany(INSERT_RELATION, rows)
        return len(rows)

    def relation_row(self, row: dict[str, Any]) -> dict[str, Any] | None:
        relation = self.relation(row["id"])
        return relation_to_row(relation) if relation else None

    def relation_rows(self, relation_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        return self._rows_by_id(
            SELECT_RELATIONS, relation_ids, lambda t: relation_to_row(relation_from_tuple(t))
        )

    def write_relation_edit(self, edit: Edit) -> None:
        """Write a relation edit already checked against the current row."""
        if edit.after is None:
            self.db.execute("DELETE FROM relations WHERE id = ?", [edit.row["id"]])
            return
        row = relation_to_row(relation_from_row(edit.after))
        sql = insert_sql("relations", tuple(row)) if edit.before is None else upsert_sql(
            "relations", tuple(row), ("id",)
        )
        self.db.execute(sql, list(row.values()))

    # -- relation types --------------------------------------------------------------

    def relation_types(self) -> list[RelationType]:
        return self._ordered(SELECT_RELATION_TYPES, relation_type_from_row)

    def relation_type(self, name: str) -> RelationType | None:
        return self._named(SELECT_RELATION_TYPES, name, relation_type_from_row)

    def add_relation_type(self, relation_type: RelationType) -> RelationType:
        self.db.execute(INSERT_RELATION_TYPE, relation_type_values(relation_type))
        return relation_type

    def update_relation_type(self, name: str, relation_type: RelationType) -> None:
        """Overwrite the type called ``name``; relations follow a rename (ON UPDATE CASCADE)."""
        self.db.execute(UPDATE_RELATION_TYPE, [*relation_type_values(relation_type), name])

    def delete_relation_type(self, name: str) -> None:
        self.db.execute("DELETE FROM relation_types WHERE name = ?", [name])

    def relation_type_count(self, name: str) -> int:
        """How many relations have this type."""
        return int(
            self.db.execute("SELECT count(*) FROM relations WHERE type = ?", [name]).fetchone()[0]
        )

    def relations_of_type(self, name: str) -> list[Relation]:
        return self._relations_where("type = ?", [name])

    def rename_label_in_relation_types(self, old: str, new: str) -> None:
        """A renamed label stays allowed where it was (types keep label names as JSON)."""
        for relation_type in self.relation_types():
            renamed = relation_type.with_changes(
                head_labels=tuple(new if n == old else n for n in relation_type.head_labels),
                tail_labels=tuple(new if n == old else n for n in relation_type.tail_labels),
            )
            if renamed != relation_type:
                self.update_relation_type(relation_type.name, renamed)
