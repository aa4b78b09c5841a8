"""The journal: the audit log, and the persistent undo history's rows."""

from __future__ import annotations

from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from belannot.core.changes import Edit, Entity
from belannot.core.model import now_iso
from belannot.core.store.connection import Connected
from belannot.core.store.rows import INSERT_AUDIT, SELECT_AUDIT, AuditEntry, audit_from_row, dumps


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    id: int
    user: str
    description: str
    edits: tuple[Edit, ...]
    undone: bool


class JournalQueries(Connected):
    """Audit rows and history rows."""

    def append_audit(
        self,
        *,
        user: str,
        action: str,
        entity: str,
        entity_id: str,
        document_id: str | None = None,
        before: Any = None,
        after: Any = None,
    ) -> None:
        self.db.execute(
            INSERT_AUDIT,
            [
                now_iso(),
                user,
                action,
                entity,
                entity_id,
                document_id,
                None if before is None else dumps(before),
                None if after is None else dumps(after),
            ],
        )

    def audit_edits(self, user: str, action: str, edits: Iterable[Edit]) -> None:
        for edit in edits:
            row = edit.row
            entity_id = row["annotator"] if edit.entity is Entity.DOCUMENT_STATE else row["id"]
            self.append_audit(
                user=user,
                action=action,
                entity=edit.entity.value,
                entity_id=entity_id,
                document_id=row.get("document_id"),
                before=edit.before,
                after=edit.after,
            )

    def audit_log(
        self,
        *,
        document_id: str | None = None,
        user: str | None = None,
        limit: int | None = None,
    ) -> list[AuditEntry]:
        clauses, params = ["TRUE"], []
        if document_id is not None:
            clauses.append("document_id = ?")
            params.append(document_id)
        if user is not None:
            clauses.append('"user" = ?')
            params.append(user)
        sql = f"{SELECT_AUDIT} WHERE {' AND '.join(clauses)} ORDER BY id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(str(limit))
        return [audit_from_row(row) for row in self.db.execute(sql, params)]

    def deleted_by(self, entity: Entity, entity_id: str) -> str | None:
        """Who removed the row ``entity_id`` of ``entity``, if its newest audit entry is
        its removal (asked only when a row is missing, so a scan of the audit is fine)."""
        row = self.db.execute(
            'SELECT "user", after FROM audit WHERE entity = ? AND entity_id = ? '
            "ORDER BY id DESC LIMIT 1",
            [entity.value, entity_id],
        ).fetchone()
        return str(row[0]) if row is not None and row[1] is None else None

    def push_history(self, user: str, description: str, edits: Sequence[Edit]) -> int:
        # A new edit ends the redo branch, as in every editor.
        self.db.execute('DELETE FROM history WHERE "user" = ? AND undone = 1', [user])
        cursor = self.db.execute(
            'INSERT INTO history ("user", description, edits, undone, at) VALUES (?, ?, ?, 0, ?) '
            "RETURNING id",
            [user, description, dumps([e.to_json() for e in edits]), now_iso()],
        )
        return int(cursor.fetchone()[0])

    def history_entries(
        self, user: str, *, undone: bool
    ) -> Generator[HistoryEntry, None, None]:
        """The user's undoable entries newest first (undone=False), or redoable ones
        oldest first, read lazily: undo passes over those others made stale."""
        order = "ASC" if undone else "DESC"
        cursor = self.db.execute(
            'SELECT id, "user", description, edits, undone FROM history '
            f'WHERE "user" = ? AND undone = ? ORDER BY id {order}',
            [user, int(undone)],
        )
        for row in cursor:
            edits = tuple(Edit.from_json(e) for e in orjson.loads(row[3]))
            yield HistoryEntry(row[0], row[1], row[2], edits, bool(row[4]))

    def history_entry(self, user: str, *, undone: bool) -> HistoryEntry | None:
        """The newest undoable (undone=False) or oldest-undone redoable entry."""
        return next(iter(self.history_entries(user, undone=undone)), None)

    def drop_history(self, entry_ids: Iterable[int]) -> None:
        """Forget undo steps that can no longer be taken."""
        for entry_id in entry_ids:
            self.db.execute("DELETE FROM history WHERE id = ?", [entry_id])

    def mark_history(self, entry_id: int, *, undone: bool) -> None:
        self.db.execute("UPDATE history SET undone = ? WHERE id = ?", [int(undone), entry_id])

    def rename_label_in_history(self, old: str, new: str) -> None:
        """Rewrite stored undo steps so that undoing an edit made before a rename still works."""
        self.rename_in_history(Entity.SPAN, "label", old, new)

    def rename_in_history(self, entity: Entity, field: str, old: str, new: str) -> None:
        """Rewrite ``field`` from ``old`` to ``new`` in the stored rows of ``entity``'s edits."""
        # Every entry is read: a name's JSON escaping makes a LIKE prefilter unreliable.
        rows = self.db.execute("SELECT id, edits FROM history").fetchall()
        for entry_id, edits_json in rows:
            edits = orjson.loads(edits_json)
            changed = False
            for edit in edits:
                if edit["entity"] != entity.value:
                    continue
                for side in ("before", "after"):
                    row = edit[side]
                    if row is not None and row.get(field) == old:
                        row[field] = new
                        changed = True
            if changed:
                self.db.execute(
                    "UPDATE history SET edits = ? WHERE id = ?", [dumps(edits), entry_id]
                )
