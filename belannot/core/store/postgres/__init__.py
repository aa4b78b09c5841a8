"""Team projects: the same store on a PostgreSQL server, through psycopg 3.

:class:`PostgresStore` is :class:`~belannot.core.store.Store` with the backend's
own connection, transactions, schema history, dialect and the two export streams
whose JSON SQLite writes itself; every query and every write is the shared one.

Writers queue as on SQLite: a write transaction first takes one advisory lock per
project (SQLite's BEGIN IMMEDIATE), so the checks an operation makes before it
writes still hold when it commits. Each commit notifies the project's channel,
which other clients listen on: :meth:`PostgresStore.data_version` changes when
another client committed, as SQLite's ``PRAGMA data_version`` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

import psycopg

from belannot.core.errors import PermissionDeniedError, ProjectFileError, StorageError
from belannot.core.model import DEFAULT_LABELS, Role
from belannot.core.store import Store
from belannot.core.store.postgres import roles, schema
from belannot.core.store.postgres.copying import PostgresCopyTables
from belannot.core.store.postgres.database import PostgresDatabase
from belannot.core.store.postgres.dialect import PostgresDialect
from belannot.core.store.postgres.exports import PostgresExportStreams
from belannot.core.store.postgres.imports import PostgresImportWrites

# Every client of every team project queues on this key (one project per database).
_WRITE_LOCK = 0x42454C41
CHANNEL = "belannot_changes"


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc}"))


class PostgresStore(PostgresExportStreams, PostgresCopyTables, PostgresImportWrites, Store):
    """A team project on a PostgreSQL server."""

    dialect = PostgresDialect

    def __init__(self, db: PostgresDatabase, url: str) -> None:
        super().__init__(cast(Any, db), None)
        self.url = url
        self._changes_seen = 0
        self._login: str | None = None
        # The migrations this open ran (none on the usual open).
        self.migrated: list[str] = []

    @property
    def pg(self) -> PostgresDatabase:
        return cast(PostgresDatabase, self.db)

    @classmethod
    def open(cls, path: Path | str, *, seed_labels: bool = True) -> PostgresStore:
        url = str(path)
        try:
            connection = psycopg.connect(url, autocommit=True)
        except psycopg.OperationalError as error:
            raise ProjectFileError(
                f"cannot reach the team project {shown_url(url)}: "
                f"{str(error).strip().splitlines()[-1]}"
            ) from error
        store = cls(PostgresDatabase(connection), url)
        try:
            connection.execute(f"LISTEN {CHANNEL}")
            store._migrate(seed_labels)
        except PermissionDeniedError as error:
            # Refused its first read: say why when the login is no member of the team.
            outsider = not roles.is_member(store.pg)
            login = store.login
            connection.close()
            if outsider:
                raise roles.not_a_member(login) from error
            raise
        except BaseException:
            connection.close()
            raise
        return store

    @classmethod
    def memory(cls, *, seed_labels: bool = True) -> Store:
        raise StorageError("a team project lives on its server, never in memory")

    @property
    def where(self) -> str:
        return shown_url(self.url)

    @property
    def location(self) -> str:
        return self.url

    @property
    def login(self) -> str:
        # Fixed for the connection's life: asked of the server once, not at every use.
        if self._login is None:
            row = self.pg.execute("SELECT session_user").fetchone()
            self._login = str(row[0]) if row else ""
        return self._login

    def set_up_roles(self) -> list[str]:
        """The team's group roles, grants, row-level security and review trigger, made or
        re-applied in one transaction; one line per thing made (none when all was in place)."""
        with self.transaction():
            made = roles.make_groups(self.pg)
            if roles.apply_policies(self.pg):
                made.append(
                    "made grants, row-level security and the review trigger on "
                    f"{len(roles.TABLES)} tables"
                )
        return made

    def grant_login(self, name: str, role: Role, password: str | None) -> list[str]:
        """Make ``name`` a login of ``role``'s group (inside the caller's transaction)."""
        return roles.add_login(self.pg, name, role, password)

    def logins(self) -> list[tuple[str, str]]:
        """(login, role) of the team's members as the server knows them."""
        return roles.logins(self.pg)

    def _configure(self, *, wal: bool) -> None:
        """Nothing to set: the server's defaults are what the store expects."""

    def _migrate(self, seed_labels: bool) -> None:
        if not schema.pending(self.pg):
            return  # the usual open: no write lock needed
        with self.transaction():
            fresh = not schema.applied(self.pg)
            self.migrated = schema.pending(self.pg)
            if self.migrated:
                schema.migrate(self.pg)
            if fresh and seed_labels and not self.labels():
                for label in DEFAULT_LABELS:
                    self.add_label(label)
                from belannot.core.actors import DEFAULT_ACTOR_LABEL

                self.seed_actor_labels(DEFAULT_ACTOR_LABEL)

    def _begin_immediate(self) -> None:
        # Read committed whatever the server's default: under repeatable read the snapshot
        # would be taken as the lock is asked for, before the writer ahead commits, and
        # the checks would read rows it has since changed.
        self.pg.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
        self.pg.execute("SELECT pg_advisory_xact_lock(?)", [_WRITE_LOCK])

    def _commit(self) -> None:
        # Delivered to the listeners only if the transaction commits.
        self.pg.execute("SELECT pg_notify(?, ?)", [CHANNEL, str(self.pg.pg.info.backend_pid)])
        self.pg.execute("COMMIT")

    def data_version(self) -> int:
        """Changes when another client committed (their notifications, read without waiting)."""
        own = str(self.pg.pg.info.backend_pid)
        for notice in self.pg.pg.notifies(timeout=0):
            if notice.payload != own:
                self._changes_seen += 1
        return self._changes_seen

    def backup_to(self, target: Path | str) -> Path:
        raise StorageError(
            f"{self.where} is a team project: back it up with `belannot project copy "
            f"{self.where} FILE` or the server's pg_dump"
        )

    def restore_from(self, source: Path | str) -> None:
        raise StorageError(
            f"{self.where} is a team project: restore a copy with `belannot project copy`"
        )

    def close(self) -> None:
        self.pg.close()

