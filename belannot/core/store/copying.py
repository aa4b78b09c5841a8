"""Whole-project copies: each table's columns and rows, read in a stable order, written in bulk."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from belannot.core.store.connection import Connected
from belannot.core.store.rows import quoted

# Parents before children, so that every foreign key finds its row; a table not named
# here (a later migration's) comes after these, by name.
COPY_ORDER = (
    "users",
    "labels",
    "relation_types",
    "actor_labels",
    "actors",
    "settings",
    "documents",
    "document_texts",
    "spans",
    "relations",
    "actor_links",
    "document_states",
    "suggestion_rejections",
    "span_provenance",
    "audit",
    "history",
)
# What a new project holds before anyone works in it: a copy replaces these.
SEED_TABLES = frozenset({"labels", "relation_types", "actor_labels", "settings"})
# The order rows are read in where the first column is not the natural one.
READ_ORDER = {"documents": "position"}
COPY_BATCH = 2000


class CopyTables(Connected):
    """What a whole-project copy reads from its source and writes into its destination."""

    def copy_table_names(self) -> list[str]:
        """The project's own tables (not the search index, nor the backend's bookkeeping),
        in the order a copy writes them."""
        internal = self.dialect.INTERNAL_TABLES
        names = [
            name
            for name in self.table_names()
            if name not in internal and not name.startswith(self.dialect.INTERNAL_PREFIXES)
        ]
        known = {name: place for place, name in enumerate(COPY_ORDER)}
        return sorted(names, key=lambda name: (known.get(name, len(known)), name))

    def table_columns(self, name: str) -> list[str]:
        """The columns of one table, in the schema's order."""
        return [str(row[0]) for row in self.db.execute(self.dialect.TABLE_COLUMNS, [name])]

    def table_row_count(self, name: str) -> int:
        self._check_table(name)
        return int(self.db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])

    def holds_work(self) -> bool:
        """Whether anything beyond a new project's seeds is stored."""
        for name in self.copy_table_names():
            if name in SEED_TABLES:
                continue
            if self.db.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone() is not None:
                return True
        return False

    @contextlib.contextmanager
    def reading_snapshot(self) -> Iterator[None]:
        """Every read inside sees the project as it was at one moment."""
        self.db.execute(self.dialect.READ_SNAPSHOT)
        try:
            yield
        finally:
            self.db.execute("ROLLBACK")

    def iter_copy_rows(
        self, name: str, columns: Sequence[str], batch: int = COPY_BATCH
    ) -> Iterator[list[tuple[Any, ...]]]:
        """The rows of one table, ``columns`` only, in a stable order, a batch at a time."""
        self._check_table(name)
        order = READ_ORDER.get(name, quoted(columns[:1]))
        cursor = self.db.execute(f'SELECT {quoted(columns)} FROM "{name}" ORDER BY {order}')
        while rows := cursor.fetchmany(batch):
            yield [tuple(row) for row in rows]

    def clear_seeds(self) -> None:
        """Empty the seed tables (children first), inside the copy's transaction."""
        for name in reversed(self.copy_table_names()):
            if name in SEED_TABLES:
                self.db.execute(f'DELETE FROM "{name}"')

    def write_copy_rows(
        self, name: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
    ) -> None:
        """Insert rows, ids and all, into one table."""
        marks = ", ".join("?" for _ in columns)
        self.db.conn.executemany(f'INSERT INTO "{name}" ({quoted(columns)}) VALUES ({marks})', rows)

    def finish_copy(self) -> None:
        """After every row is in: the search index rebuilt from the copied documents."""
        self.db.execute(self.dialect.SEARCH_CLEAR)
        first, last = self.db.execute(
            "SELECT min(position), max(position) FROM documents"
        ).fetchone()
        if first is not None:
            self.db.execute(self.dialect.SEARCH_INDEX, [first, last])

    def _check_table(self, name: str) -> None:
        if name not in self.table_names():
            raise ValueError(f"no table {name!r}")
