"""A project made from the corpus, and the spoilings both refused-file test files apply to it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from belannot.core.importing.pipeline import import_files
from belannot.core.store import Store


def make_project(path: Path, user, corpus) -> Path:
    store = Store.open(path)
    import_files(store, [corpus], user=user)
    store.close()
    return path


def truncated_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def newer_schema(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.commit()
    connection.close()
