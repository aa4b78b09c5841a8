"""Store: the one package that speaks SQL; this facade opens, migrates and closes a project.

A project is one SQLite file opened through sqlite-utils, in WAL mode with
foreign keys on and a busy timeout, so that a second process waits for a
lock instead of failing. Each module of the package owns one part of it; the
:class:`Store` combines them, so every caller keeps calling ``store.method(...)``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from belannot.core import backup, schema
from belannot.core.actors import DEFAULT_ACTOR_LABEL
from belannot.core.errors import BelannotError, ProjectBusyError, ProjectFileError, StorageError
from belannot.core.model import DEFAULT_LABELS, SpanStatus
from belannot.core.store.agreement import AgreementQueries, Interval
from belannot.core.store.connection import configure, connect, translate_error
from belannot.core.store.copying import CopyTables
from belannot.core.store.dialect import fts_query
from belannot.core.store.documents import DocumentListRow
from belannot.core.store.exports import (
    AnnotatedDocument,
    AnnotatedJson,
    AnnotatedRows,
    AnnotatedTuples,
    ExportStreams,
    RelationJson,
    SpanJsonShape,
)
from belannot.core.store.imports import ImportWrites
from belannot.core.store.journal import HistoryEntry
from belannot.core.store.labels import LabelQueries
from belannot.core.store.layers import LayerQueries
from belannot.core.store.project_file import (
    ProjectContents,
    check_backup,
    check_project_file,
    check_writable,
    contents,
    copy_backup,
    copy_into,
    copy_through_sqlite,
)
from belannot.core.store.review import ReviewQueries
from belannot.core.store.rows import (
    AuditEntry,
    SpanRow,
    SpanTuple,
    span_from_row,
    span_to_row,
)
from belannot.core.store.settings import SettingsQueries
from belannot.core.store.spans import SpanFilter
from belannot.core.store.users import UserQueries

__all__ = [
    "AnnotatedDocument",
    "AnnotatedJson",
    "AnnotatedRows",
    "AnnotatedTuples",
    "AuditEntry",
    "DocumentListRow",
    "HistoryEntry",
    "Interval",
    "ProjectContents",
    "RelationJson",
    "SpanFilter",
    "SpanJsonShape",
    "SpanRow",
    "SpanTuple",
    "Store",
    "TEAM_SCHEMES",
    "fts_query",
    "is_team_location",
    "open_store",
    "span_from_row",
    "span_to_row",
    "translate_error",
]


# A team project's location: a PostgreSQL connection URL.
TEAM_SCHEMES = ("postgresql://", "postgres://")


def is_team_location(location: Path | str | None) -> bool:
    return isinstance(location, str) and location.startswith(TEAM_SCHEMES)


def open_store(location: Path | str, *, seed_labels: bool = True) -> Store:
    """The project at ``location``: a project file's path, or a team project's URL."""
    if is_team_location(location):
        # psycopg loads only for a team project: a file project's start never pays for it.
        from belannot.core.store.postgres import PostgresStore

        return PostgresStore.open(location, seed_labels=seed_labels)
    return Store.open(location, seed_labels=seed_labels)


class Store(
    LabelQueries,
    ReviewQueries,
    ExportStreams,
    ImportWrites,
    AgreementQueries,
    UserQueries,
    SettingsQueries,
    CopyTables,
    LayerQueries,
):
    """Typed access to one project file."""

    # The project file's copies, through SQLite: see project_file.
    copy_backup = staticmethod(copy_backup)
    check_backup = staticmethod(check_backup)
    contents = staticmethod(contents)

    @classmethod
    def open(cls, path: Path | str, *, seed_labels: bool = True) -> Store:
        """Open (creating if needed) the project at ``path`` and migrate it."""
        path = Path(path)
        check_project_file(path)
        check_writable(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        conn: sqlite3.Connection | None = None
        try:
            conn = connect(path)
            # No sqlite-utils plugins: finding them reads every installed package's
            # metadata (tens of ms at each start), and a project must not depend on them.
            store = cls(Database(conn, execute_plugins=False), path)
            store._configure(wal=True)
            store._migrate(seed_labels)
        except BaseException as error:
            if conn is not None:
                conn.close()  # a refused project keeps no connection (nor locks) open
            if not isinstance(error, sqlite3.DatabaseError):
                raise
            translated = translate_error(error, path, opening=True)
            if isinstance(translated, BelannotError):
                raise translated from error
            raise ProjectFileError(f"{path} cannot be opened as a project: {error}") from error
        return store

    @classmethod
    def memory(cls, *, seed_labels: bool = True) -> Store:
        """A throwaway in-memory project (tests, previews)."""
        store = cls(Database(sqlite3.connect(":memory:"), execute_plugins=False), None)
        store._configure(wal=False)
        store._migrate(seed_labels)
        return store

    @property
    def location(self) -> Path | str | None:
        """What :func:`open_store` opens this project again from (None: in memory)."""
        return self.path

    @property
    def login(self) -> str | None:
        """The name the server authenticated this connection as; None for a project file,
        where who works is whoever says so."""
        return None

    def change_descriptor(self) -> int | None:
        """A descriptor that turns readable when another connection may have committed (then
        ask :meth:`data_version`); None: nothing announces it, poll ``data_version``."""
        return None

    def _configure(self, *, wal: bool) -> None:
        configure(self.db.conn, wal=wal)

    def _migrate(self, seed_labels: bool) -> None:
        fresh = not self._table("labels").exists()
        pending = bool(schema.migrations.pending(self.db))
        if not pending and not (fresh and seed_labels):
            return  # the usual open: no write lock needed
        if pending and not fresh and self.path is not None:
            # Never change the layout of someone's data without a copy to go back to.
            _back_up_before_migrating(self)
        # One write transaction: two processes creating the same new project queue
        # here, and the second finds the work done.
        with self.transaction():
            fresh = not self._table("labels").exists()
            if schema.migrations.pending(self.db):
                schema.migrate(self.db)
            if fresh and seed_labels and not self.labels():
                for label in DEFAULT_LABELS:
                    self.add_label(label)
                self.seed_actor_labels(DEFAULT_ACTOR_LABEL)

    def close(self) -> None:
        self.db.close()

    def backup_to(self, target: Path | str) -> Path:
        """Copy the whole project, consistently, to ``target`` (atomic, via SQLite's backup API)."""
        return copy_through_sqlite(self.db.conn, Path(target))

    def restore_from(self, source: Path | str) -> None:
        """Replace this project's whole content by the backup at ``source``."""
        source = Path(source)
        self.check_backup(source)
        if self.db.conn.in_transaction:
            raise ProjectBusyError("cannot restore in the middle of a change")
        try:
            copy_into(source, self.db.conn)
            self._configure(wal=self.path is not None)
            self._migrate(seed_labels=False)
        except sqlite3.DatabaseError as error:
            translated = translate_error(error, self.path)
            if translated is error:
                raise StorageError(f"restore from {source} failed: {error}") from error
            raise translated from error

    def stats(self) -> dict[str, Any]:
        labels = {label.name: 0 for label in self.labels()}
        for name, count in self.db.execute("SELECT label, count(*) FROM spans GROUP BY label"):
            labels[name] = count
        statuses = {status.value: 0 for status in SpanStatus}
        for name, count in self.db.execute("SELECT status, count(*) FROM spans GROUP BY status"):
            statuses[name] = count
        annotators = dict(
            self.db.execute(
                "SELECT annotator, count(*) FROM spans GROUP BY annotator ORDER BY annotator"
            ).fetchall()
        )
        relation_types = {relation_type.name: 0 for relation_type in self.relation_types()}
        for name, count in self.db.execute("SELECT type, count(*) FROM relations GROUP BY type"):
            relation_types[name] = count
        return {
            "documents": self.document_count(),
            "spans": self.span_count(),
            "labels": labels,
            "statuses": statuses,
            "annotators": annotators,
            "users": len(self.users()),
            "relations": self.relation_count(),
            "relation_types": relation_types,
            "attributed_spans": self.attributed_span_count(),
        }


def _back_up_before_migrating(store: Store) -> None:
    backup.backup_project(store, reason=backup.PRE_MIGRATION)
