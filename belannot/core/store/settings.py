"""Project settings: one JSON value per key."""

from __future__ import annotations

from typing import Any

import orjson

from belannot.core.changes import Edit
from belannot.core.store.connection import Connected
from belannot.core.store.rows import dumps


class SettingsQueries(Connected):
    """The settings table."""

    def setting(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return orjson.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        self.db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, dumps(value)],
        )

    def setting_row(self, key: str) -> dict[str, Any] | None:
        """A setting as an undoable edit's row: ``{"id": key, "value": value}``."""
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return {"id": key, "value": orjson.loads(row[0])} if row else None

    def write_setting_edit(self, edit: Edit) -> None:
        if edit.after is None:
            self.db.execute("DELETE FROM settings WHERE key = ?", [edit.row["id"]])
        else:
            self.set_setting(edit.after["id"], edit.after["value"])
