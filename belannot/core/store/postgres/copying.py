"""A whole-project copy's PostgreSQL parts: rows in by COPY, out by a server-side cursor, and
the identity counters moved past the copied ids."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, cast

from belannot.core.store.copying import COPY_BATCH, READ_ORDER, CopyTables
from belannot.core.store.postgres.database import PostgresDatabase
from belannot.core.store.rows import quoted

# The identity columns (audit.id, history.id), whose counters a copy moves past its rows.
IDENTITY_COLUMNS = (
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
    "current_schema() AND is_identity = 'YES' ORDER BY table_name"
)


class PostgresCopyTables(CopyTables):
    @property
    def _pg(self) -> PostgresDatabase:
        return cast(PostgresDatabase, self.db)

    def iter_copy_rows(
        self, name: str, columns: Sequence[str], batch: int = COPY_BATCH
    ) -> Iterator[list[tuple[Any, ...]]]:
        self._check_table(name)
        order = READ_ORDER.get(name, quoted(columns[:1]))
        yield from self._pg.streamed(
            f'SELECT {quoted(columns)} FROM "{name}" ORDER BY {order}', batch
        )

    def write_copy_rows(
        self, name: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
    ) -> None:
        self._pg.load(name, columns, rows)

    def finish_copy(self) -> None:
        super().finish_copy()
        # Rows written with their ids leave the counter where it was: the next new row
        # would take an id a copied row has.
        for table, column in self.db.execute(IDENTITY_COLUMNS).fetchall():
            self.db.execute(
                f'SELECT setval(pg_get_serial_sequence(?, ?), max("{column}")) FROM "{table}"',
                [table, column],
            )
