"""Every row of every table of a project file, to show that something changed nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def every_row(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, read through SQLite on a read-only connection."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            table: db.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall() for table in tables
        }
    finally:
        db.close()
