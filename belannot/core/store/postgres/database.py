"""One psycopg connection dressed as the part of sqlite-utils' Database the store uses.

The store's statements are written once, with SQLite's ``?`` and ``:name``
placeholders; here they become psycopg's ``%s`` and ``%(name)s`` (a literal ``%``
doubled), once per distinct statement. A broken constraint is raised as the DB-API
``IntegrityError`` the store already handles, so that no store module needs to know
which backend refused the row; a write the server's roles forbid is a
:class:`~belannot.core.errors.PermissionDeniedError` saying so in one sentence.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, cast

import psycopg
from psycopg import pq, sql

from belannot.core.errors import PermissionDeniedError, ValidationError

_Params = Sequence[Any] | Mapping[str, Any] | None

# Rows a server-side cursor sends at a time: few enough to hold, enough to keep round trips
# (one per fetch) a small part of the read.
STREAM_ROWS = 1000


def paramstyle(sql: str) -> str:
    """``sql`` with SQLite placeholders as psycopg's, quoted text and identifiers untouched."""
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        char = sql[i]
        if char in "'\"":
            end = sql.index(char, i + 1)
            while end + 1 < n and sql[end + 1] == char:  # a doubled quote inside
                end = sql.index(char, end + 2)
            piece = sql[i : end + 1]
            out.append(piece.replace("%", "%%"))
            i = end + 1
            continue
        if char == "?":
            out.append("%s")
        elif char == "%":
            out.append("%%")
        elif char == ":" and i + 1 < n and sql[i + 1] == ":":
            out.append("::")
            i += 2
            continue
        elif char == ":" and i + 1 < n and (sql[i + 1].isalpha() or sql[i + 1] == "_"):
            end = i + 1
            while end < n and (sql[end].isalnum() or sql[end] == "_"):
                end += 1
            out.append(f"%({sql[i + 1 : end]})s")
            i = end
            continue
        else:
            out.append(char)
        i += 1
    return "".join(out)


class _Table:
    def __init__(self, database: PostgresDatabase, name: str) -> None:
        self._database, self.name = database, name

    def exists(self) -> bool:
        cursor = self._database.execute("SELECT to_regclass(?) IS NOT NULL", [self.name])
        return bool(cursor.fetchone()[0])  # type: ignore[index]  # one row, always


class PostgresDatabase:
    """The store's view of a PostgreSQL database: execute, transactions, savepoints."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self.pg = connection
        self._statements: dict[str, str] = {}
        self._savepoints = itertools.count(1)

    @property
    def conn(self) -> PostgresDatabase:
        # Store code reaches for ``db.conn.execute`` where sqlite-utils' wrapper is in the
        # way; here there is no wrapper, so the connection is the database itself.
        return self

    @property
    def in_transaction(self) -> bool:
        return self.pg.info.transaction_status != pq.TransactionStatus.IDLE

    def _sql(self, sql: str) -> str:
        found = self._statements.get(sql)
        if found is None:
            found = self._statements[sql] = paramstyle(sql)
        return found

    def execute(self, sql: str, parameters: _Params = None) -> psycopg.Cursor[Any]:
        with as_dbapi_errors():
            return self.pg.execute(self._sql(sql), _listed(parameters))

    def run(
        self, statement: sql.Composable | str, parameters: _Params = None
    ) -> psycopg.Cursor[Any]:
        """A statement in psycopg's own placeholders or composed with ``psycopg.sql``
        (role and grant statements take no parameters), errors translated as execute's."""
        with as_dbapi_errors():
            return self.pg.execute(cast(Any, statement), _listed(parameters))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> psycopg.Cursor[Any]:
        cursor = self.pg.cursor()
        with as_dbapi_errors():
            cursor.executemany(self._sql(sql), list(rows))
        return cursor

    def load(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Rows into ``table``: sent with ``COPY … FROM STDIN``, the bulk path, many times
        faster than INSERTs; by INSERT where the table's row-level security applies to this
        login (a team member's), since the server refuses COPY there."""
        names = ", ".join(f'"{column}"' for column in columns)
        guarded = self.execute("SELECT row_security_active(?)", [table]).fetchone()
        if guarded is not None and guarded[0]:
            marks = ", ".join("?" for _ in columns)
            self.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
            return
        sql = f'COPY "{table}" ({names}) FROM STDIN'
        with self.pg.cursor() as cursor, as_dbapi_errors(), cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    def streamed(self, sql: str, batch: int) -> Iterator[list[tuple[Any, ...]]]:
        """A query's rows a batch at a time from a server-side cursor (inside a transaction),
        so that a big table never sits whole in this process."""
        with self.pg.cursor(name=f"belannot_stream_{next(self._savepoints)}") as cursor:
            cursor.itersize = batch
            cursor.execute(self._sql(sql))
            while rows := cursor.fetchmany(batch):
                yield [tuple(row) for row in rows]

    def rows(self, sql: str, parameters: _Params = None) -> Iterator[Any]:
        """A long read's rows, :data:`STREAM_ROWS` at a time from a server-side cursor, so that a
        result of a million rows never sits whole in this process (a plain cursor holds it).

        Outside a transaction the cursor is held past the statement's own commit (the server
        keeps the result); inside one it reads that transaction's snapshot."""
        hold = not self.in_transaction
        name = f"belannot_rows_{next(self._savepoints)}"
        with self.pg.cursor(name=name, withhold=hold) as cursor, as_dbapi_errors():
            cursor.execute(self._sql(sql), _listed(parameters))
            while chunk := cursor.fetchmany(STREAM_ROWS):
                yield from chunk

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """A savepoint inside the open transaction: on failure only its writes go."""
        name = f"belannot_{next(self._savepoints)}"
        self.pg.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.pg.execute(f"ROLLBACK TO SAVEPOINT {name}")
            self.pg.execute(f"RELEASE SAVEPOINT {name}")
            raise
        self.pg.execute(f"RELEASE SAVEPOINT {name}")

    def rollback(self) -> None:
        if self.in_transaction:
            self.pg.execute("ROLLBACK")

    def table(self, name: str) -> _Table:
        return _Table(self, name)

    def close(self) -> None:
        self.pg.close()


def _listed(parameters: _Params) -> Sequence[Any] | Mapping[str, Any] | None:
    if parameters is None or isinstance(parameters, Mapping):
        return parameters
    return list(parameters)


@contextlib.contextmanager
def as_dbapi_errors() -> Iterator[None]:
    try:
        yield
    except psycopg.errors.IntegrityError as error:
        raise sqlite3.IntegrityError(error.diag.message_primary or str(error)) from error
    except psycopg.DataError as error:
        if "NUL" not in str(error):
            raise
        # PostgreSQL's text type has no room for U+0000; a project file keeps it.
        raise ValidationError(
            "a team project cannot store the character U+0000 (NUL) in a text; remove it "
            "from the input, or keep this text in a project file"
        ) from error
    except psycopg.errors.InsufficientPrivilege as error:
        reason = error.diag.message_primary or str(error).strip().splitlines()[0]
        raise PermissionDeniedError(
            f"the team project's server refused this change: {reason}; nothing was changed"
        ) from error
