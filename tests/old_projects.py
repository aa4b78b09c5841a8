"""Project files as an older belannot left them: the migrations before one, and labels."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from sqlite_utils import Database

from belannot.core import schema
from belannot.core.model import DEFAULT_LABELS, Label


def old_project(path: Path, before: str, labels: Sequence[Label] = DEFAULT_LABELS) -> None:
    """A project with every migration before ``before`` run, and ``labels``."""
    conn = sqlite3.connect(path)
    db = Database(conn)
    schema.migrations.apply(db, stop_before=before)
    names = [migration.name for migration in schema.migrations._migrations]
    db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {names.index(before)}")
    for label in labels:
        db.execute(
            "INSERT INTO labels (name, color, hotkey, description, position) "
            "VALUES (?, ?, ?, ?, ?)",
            [label.name, label.color, label.hotkey, label.description, label.position],
        )
    conn.commit()
    conn.close()
