"""The connection: setup pragmas, BEGIN IMMEDIATE transactions, SQLite errors made clear."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database
from sqlite_utils.db import Table

from belannot.core.errors import (
    BelannotError,
    DamagedProjectError,
    ProjectBusyError,
    StorageError,
)
from belannot.core.store.dialect import SqliteDialect
from belannot.core.store.rows import dumps

BUSY_TIMEOUT_SECONDS = 30.0
# BEGIN IMMEDIATE waits BUSY_TIMEOUT_SECONDS per attempt before giving up.
BEGIN_ATTEMPTS = 3
# Less free space than this, with an I/O error, is a full disk (SQLite reports some
# failed writes, such as growing the -shm, as I/O errors).
DISK_FULL_BYTES = 1024 * 1024


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the project file at ``path`` that waits for a busy lock."""
    return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)


def configure(conn: sqlite3.Connection, *, wal: bool) -> None:
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed edit survives power loss, not only a process crash.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")


@contextlib.contextmanager
def refused_as(kind: type[Exception], message: str) -> Iterator[None]:
    """A constraint failure inside, raised as ``kind``."""
    try:
        yield
    except sqlite3.IntegrityError as error:
        raise kind(f"{message}: {error}") from error


def _disk_is_full(path: Path | None) -> bool:
    """Whether the disk holding ``path`` has (next to) no room left."""
    if path is None:
        return False
    folder = path if path.is_dir() else path.parent
    try:
        found = os.statvfs(folder)
    except (OSError, AttributeError):
        return False
    return found.f_bavail * found.f_frsize < DISK_FULL_BYTES


def translate_error(
    error: BaseException, path: Path | None, *, opening: bool = False
) -> BaseException:
    """A clear BelannotError for an SQLite failure people can act on; else ``error``.

    ``opening``: the failure came while opening the project, before any change.
    """
    if not isinstance(error, sqlite3.DatabaseError) or isinstance(error, sqlite3.IntegrityError):
        return error
    name = getattr(error, "sqlite_errorname", "") or ""
    where = str(path) if path is not None else "the project"
    lost = (
        "belannot could not open it; the file has not been changed"
        if opening
        else "the last change was not saved; everything before it is safe"
    )
    translated: BelannotError
    io_error = name.startswith("SQLITE_IOERR") or "disk I/O error" in str(error)
    if name == "SQLITE_FULL" or "disk is full" in str(error) or (io_error and _disk_is_full(path)):
        translated = StorageError(
            f"no space left on the disk holding {where} (the disk is full): {lost}. Free "
            "some space and try again."
        )
    elif name.startswith("SQLITE_READONLY") or "readonly" in str(error):
        translated = StorageError(
            f"{where} cannot be written (read-only): {lost}. Make the file and its folder "
            "writable and try again."
        )
    elif io_error:
        translated = StorageError(
            f"the disk holding {where} reported an error: {lost}. Check the disk (or "
            "network share) and try again."
        )
    elif name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(error):
        translated = ProjectBusyError(
            f"{where} is busy: another program has kept it locked for too long. Close other "
            "belannot windows or imports on this project and try again."
        )
    elif name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in str(error):
        translated = DamagedProjectError(
            f"{where} is damaged ({error}). `belannot restore BACKUP` puts a backup in its "
            "place; `belannot backups` lists them."
        )
    else:
        return error
    translated.__cause__ = error
    return translated


_T = TypeVar("_T")


class Connected:
    """One project's connection and its transactions: what every part of the store shares."""

    # The statements this backend spells its own way.
    dialect: type[SqliteDialect] = SqliteDialect

    def __init__(self, db: Database, path: Path | None) -> None:
        self.db = db
        self.path = path

    def table_names(self) -> list[str]:
        """Every table of the project, by name: what a whole-project comparison reads."""
        return [row[0] for row in self.db.execute(self.dialect.TABLE_NAMES)]

    def table_rows(self, name: str) -> list[tuple[Any, ...]]:
        """Every row of one of :meth:`table_names`, in no promised order."""
        if name not in self.table_names():
            raise ValueError(f"no table {name!r}")
        return [tuple(row) for row in self.db.execute(f'SELECT * FROM "{name}"')]

    def search_index_rows(self) -> list[tuple[Any, ...]]:
        """What the search index holds for each document, in document order."""
        return [tuple(row) for row in self.db.execute(self.dialect.SEARCH_ROWS)]

    def _table(self, name: str) -> Table:
        return self.db.table(name)

    def _ordered(self, select: str, convert: Callable[[Any], _T]) -> list[_T]:
        """A schema table (labels, relation types) in its users' order."""
        rows = self.db.execute(f"{select} ORDER BY position, name").fetchall()
        return [convert(row) for row in rows]

    def _named(self, select: str, name: str, convert: Callable[[Any], _T]) -> _T | None:
        row = self.db.execute(f"{select} WHERE name = ?", [name]).fetchone()
        return convert(row) if row else None

    def _rows_by_id(
        self, select: str, ids: Iterable[str], to_row: Callable[[Any], dict[str, Any]]
    ) -> dict[str, dict[str, Any]]:
        """The rows of these ids in one statement (absent ones left out), keyed by id."""
        wanted = list(ids)
        if not wanted:
            return {}
        cursor = self.db.conn.execute(
            f"{select} WHERE id IN ({self.dialect.JSON_VALUES})", [dumps(wanted)]
        )
        return {row["id"]: row for row in (to_row(t) for t in cursor)}

    def _transaction_begun(self) -> None:
        """Hook: the first work of every outermost write transaction."""

    def _transaction_committed(self) -> None:
        """Hook: after an outermost write transaction committed."""

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen together or not at all.

        The outermost transaction is BEGIN IMMEDIATE: it takes the write lock at
        once, so concurrent writers queue on the busy timeout. sqlite-utils'
        atomic() uses a deferred BEGIN, which in WAL mode fails at once with
        'database is locked' (SQLITE_BUSY_SNAPSHOT) when a transaction that has
        read tries to write after another connection committed. A nested block
        is a savepoint: when it fails, only its own writes are undone.
        """
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield
            return
        try:
            self._begin_immediate()
            try:
                self._transaction_begun()
                yield
            except BaseException:
                self.db.rollback()
                raise
            try:
                self._commit()
            except BaseException:
                self.db.rollback()
                raise
            self._transaction_committed()
        except sqlite3.DatabaseError as error:
            translated = translate_error(error, self.path)
            if translated is error:
                raise
            raise translated from error

    def _commit(self) -> None:
        self.db.conn.execute("COMMIT")

    def _begin_immediate(self) -> None:
        for attempt in range(1, BEGIN_ATTEMPTS + 1):
            try:
                self.db.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                busy = (getattr(error, "sqlite_errorname", "") or "").startswith("SQLITE_BUSY")
                if not busy or attempt == BEGIN_ATTEMPTS:
                    raise

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Join the caller's transaction, or open one: for writes done once per document
        of an import, where a savepoint pair per document would cost a tenth of the time."""
        if self.db.conn.in_transaction:
            yield
        else:
            with self.transaction():
                yield

    def data_version(self) -> int:
        """Changes when another connection commits: lets a window notice other writers."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])
