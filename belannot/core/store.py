"""Store: the one module that speaks SQL. Typed reads return model objects.

A project is one SQLite file opened through sqlite-utils, in WAL mode with
foreign keys on and a busy timeout, so that a second process waits for a
lock instead of failing.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlite_utils import Database
from sqlite_utils.db import Table

from belannot.core import backup, schema
from belannot.core.changes import Edit, Entity
from belannot.core.errors import (
    BelannotError,
    ConflictError,
    NewerProjectError,
    NotFoundError,
    ProjectBusyError,
    ProjectFileError,
    StorageError,
)
from belannot.core.model import (
    DEFAULT_LABELS,
    Document,
    DocumentMeta,
    DocumentState,
    DocumentSummary,
    Label,
    Role,
    Span,
    SpanStatus,
    User,
    now_iso,
)

BUSY_TIMEOUT_SECONDS = 30.0
# BEGIN IMMEDIATE waits BUSY_TIMEOUT_SECONDS per attempt before giving up.
BEGIN_ATTEMPTS = 3
# Files up to this size get a full quick_check on open, so damage is reported
# at once rather than halfway through someone's work.
QUICK_CHECK_LIMIT_BYTES = 64 * 1024 * 1024
_SQLITE_HEADER = b"SQLite format 3\x00"


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


def _loads(value: str | None) -> Any:
    return orjson.loads(value) if value else None


def span_to_row(span: Span) -> dict[str, Any]:
    """A span as the JSON-able row the history and audit store."""
    return {
        "id": span.id,
        "document_id": span.document_id,
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "annotator": span.annotator,
        "status": span.status.value,
        "reviewer": span.reviewer,
        "reviewed_at": span.reviewed_at,
        "created": span.created,
        "updated": span.updated,
        "attributes": dict(span.attributes),
        "corrects": span.corrects,
    }


def span_from_row(row: dict[str, Any]) -> Span:
    attributes = row["attributes"]
    if isinstance(attributes, str):
        attributes = orjson.loads(attributes)
    return Span(
        id=row["id"],
        document_id=row["document_id"],
        start=row["start"],
        end=row["end"],
        label=row["label"],
        annotator=row["annotator"],
        status=SpanStatus(row["status"]),
        reviewer=row["reviewer"],
        reviewed_at=row["reviewed_at"],
        created=row["created"],
        updated=row["updated"],
        attributes=attributes,
        corrects=row["corrects"],
    )


@dataclass(frozen=True, slots=True)
class SpanFilter:
    """Which spans an export or a count takes. Empty tuples mean 'all'."""

    annotators: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    statuses: tuple[SpanStatus, ...] = ()

    @classmethod
    def approved_only(cls) -> SpanFilter:
        return cls(statuses=(SpanStatus.APPROVED,))

    def sql(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for column, values in (
            ("annotator", self.annotators),
            ("label", self.labels),
            ("status", tuple(s.value for s in self.statuses)),
        ):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params.extend(values)
        return (" AND ".join(clauses) or "1"), params

    def accepts(self, span: Span) -> bool:
        return (
            (not self.annotators or span.annotator in self.annotators)
            and (not self.labels or span.label in self.labels)
            and (not self.statuses or span.status in self.statuses)
        )


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: str
    user: str
    action: str
    entity: str
    entity_id: str
    document_id: str | None
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    id: int
    user: str
    description: str
    edits: tuple[Edit, ...]
    undone: bool


def _check_project_file(path: Path) -> None:
    """Refuse, untouched, a file that is not a belannot project we can open."""
    if not path.exists():
        return
    if path.is_dir():
        raise ProjectFileError(f"{path} is a folder, not a project file")
    if path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(len(_SQLITE_HEADER))
    if header != _SQLITE_HEADER:
        raise ProjectFileError(f"{path} is not a belannot project (not an SQLite database)")
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            application_id = probe.execute("PRAGMA application_id").fetchone()[0]
            version = probe.execute("PRAGMA user_version").fetchone()[0]
            tables = probe.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if path.stat().st_size <= QUICK_CHECK_LIMIT_BYTES:
                verdict = probe.execute("PRAGMA quick_check(1)").fetchone()[0]
                if verdict != "ok":
                    raise sqlite3.DatabaseError(f"database disk image is malformed ({verdict})")
        finally:
            probe.close()
    except sqlite3.DatabaseError as error:
        raise ProjectFileError(
            f"{path} cannot be read as a project: {error}. The file has not been changed; "
            "`belannot restore BACKUP` puts a backup in its place."
        ) from error
    if tables and application_id != schema.APPLICATION_ID:
        raise ProjectFileError(f"{path} is an SQLite database but not a belannot project")
    if version > schema.SCHEMA_VERSION:
        raise NewerProjectError(
            f"{path} was written by a newer belannot (schema version {version}; this "
            f"belannot knows up to {schema.SCHEMA_VERSION}). Upgrade belannot to open it; "
            "the file has not been changed."
        )


def _check_writable(path: Path) -> None:
    """Refuse a project we could not save to, before anything is changed."""
    folder = path.parent if path.parent.exists() else None
    if path.exists():
        # The mode bits count even for root: a file made read-only was made so on purpose.
        if not os.access(path, os.W_OK) or not path.stat().st_mode & (
            stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
        ):
            raise StorageError(
                f"{path} is read-only. belannot saves every change at once, so it needs to "
                "write to the project file: make it writable, or copy it somewhere you can "
                "write, and open it again. The file has not been changed."
            )
    if folder is not None and not os.access(folder, os.W_OK):
        raise StorageError(
            f"the folder {folder} is read-only; belannot keeps its write-ahead log beside "
            "the project file. Move the project to a folder you can write to."
        )


def translate_error(error: BaseException, path: Path | None) -> BaseException:
    """A clear BelannotError for an SQLite failure people can act on; else ``error``."""
    if not isinstance(error, sqlite3.DatabaseError) or isinstance(error, sqlite3.IntegrityError):
        return error
    name = getattr(error, "sqlite_errorname", "") or ""
    where = str(path) if path is not None else "the project"
    translated: BelannotError
    if name == "SQLITE_FULL" or "disk is full" in str(error):
        translated = StorageError(
            f"the disk holding {where} is full: the last change was not saved; everything "
            "before it is safe. Free some space and try again."
        )
    elif name.startswith("SQLITE_READONLY") or "readonly" in str(error):
        translated = StorageError(
            f"{where} cannot be written (read-only): the last change was not saved; "
            "everything before it is safe. Make the file writable and try again."
        )
    elif name.startswith("SQLITE_IOERR") or "disk I/O error" in str(error):
        translated = StorageError(
            f"the disk holding {where} reported an error: the last change was not saved. "
            "Check the disk (or network share) and try again."
        )
    elif name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(error):
        translated = ProjectBusyError(
            f"{where} is busy: another program has kept it locked for too long. Close other "
            "belannot windows or imports on this project and try again."
        )
    elif name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in str(error):
        translated = ProjectFileError(
            f"{where} is damaged ({error}). `belannot restore BACKUP` puts a backup in its "
            "place; the newest backups are in the belannot data folder."
        )
    else:
        return error
    translated.__cause__ = error
    return translated


class Store:
    """Typed access to one project file."""

    def __init__(self, db: Database, path: Path | None) -> None:
        self.db = db
        self.path = path

    # -- opening -----------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, seed_labels: bool = True) -> Store:
        """Open (creating if needed) the project at ``path`` and migrate it."""
        path = Path(path)
        _check_project_file(path)
        _check_writable(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
            store = cls(Database(conn), path)
            store._configure(wal=True)
            store._migrate(seed_labels)
        except sqlite3.DatabaseError as error:
            translated = translate_error(error, path)
            if isinstance(translated, BelannotError):
                raise translated from error
            raise ProjectFileError(f"{path} cannot be opened as a project: {error}") from error
        return store

    @classmethod
    def memory(cls, *, seed_labels: bool = True) -> Store:
        """A throwaway in-memory project (tests, previews)."""
        store = cls(Database(sqlite3.connect(":memory:")), None)
        store._configure(wal=False)
        store._migrate(seed_labels)
        return store

    def _configure(self, *, wal: bool) -> None:
        conn = self.db.conn
        if wal:
            conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed edit survives power loss, not only a process crash.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")

    def _migrate(self, seed_labels: bool) -> None:
        fresh = not self._table("labels").exists()
        pending = bool(schema.migrations.pending(self.db))
        if not pending and not (fresh and seed_labels):
            return  # the usual open: no write lock needed
        if pending and not fresh and self.path is not None:
            # Never change the layout of someone's data without a copy to go back to.
            backup.backup_project(self, reason=backup.PRE_MIGRATION)
        # One write transaction: two processes creating the same new project queue
        # here, and the second finds the work done.
        with self.transaction():
            fresh = not self._table("labels").exists()
            if schema.migrations.pending(self.db):
                schema.migrate(self.db)
            if fresh and seed_labels and not self.labels():
                for label in DEFAULT_LABELS:
                    self.add_label(label)

    def close(self) -> None:
        self.db.close()

    def _table(self, name: str) -> Table:
        return self.db.table(name)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen together or not at all (nested: savepoint).

        The outermost transaction is BEGIN IMMEDIATE: it takes the write lock at
        once, so concurrent writers queue on the busy timeout. sqlite-utils'
        atomic() uses a deferred BEGIN, which in WAL mode fails at once with
        'database is locked' (SQLITE_BUSY_SNAPSHOT) when a transaction that has
        read tries to write after another connection committed.
        """
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield
            return
        try:
            self._begin_immediate()
            try:
                yield
            except BaseException:
                self.db.rollback()
                raise
            try:
                conn.execute("COMMIT")
            except BaseException:
                self.db.rollback()
                raise
        except sqlite3.DatabaseError as error:
            translated = translate_error(error, self.path)
            if translated is error:
                raise
            raise translated from error

    def _begin_immediate(self) -> None:
        for attempt in range(1, BEGIN_ATTEMPTS + 1):
            try:
                self.db.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                busy = (getattr(error, "sqlite_errorname", "") or "").startswith("SQLITE_BUSY")
                if not busy or attempt == BEGIN_ATTEMPTS:
                    raise

    # -- backups ------------------------------------------------------------------

    def backup_to(self, target: Path | str) -> Path:
        """Copy the whole project, consistently, to ``target`` (atomic, via SQLite's backup API)."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, part = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part"
        )
        os.close(handle)
        try:
            copy = sqlite3.connect(part)
            try:
                # pages=-1: one step, so the copy is one consistent snapshot.
                self.db.conn.backup(copy, pages=-1)
                # A backup is one self-contained file, without a -wal beside it.
                copy.execute("PRAGMA journal_mode = DELETE")
            finally:
                copy.close()
            with open(part, "rb") as written:
                os.fsync(written.fileno())
            os.replace(part, target)
        except sqlite3.DatabaseError as error:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(part)
            translated = translate_error(error, target)
            if translated is error:
                raise StorageError(f"backup to {target} failed: {error}") from error
            raise translated from error
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(part)
            raise
        return target

    @staticmethod
    def check_backup(path: Path | str) -> int:
        """Refuse anything but an intact belannot project; returns its document count."""
        path = Path(path)
        if not path.is_file():
            raise ProjectFileError(f"{path} does not exist or is not a file")
        _check_project_file(path)
        try:
            probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                version = probe.execute("PRAGMA user_version").fetchone()[0]
                verdict = probe.execute("PRAGMA integrity_check(1)").fetchone()[0]
                documents = (
                    probe.execute("SELECT count(*) FROM documents").fetchone()[0] if version else 0
                )
            finally:
                probe.close()
        except sqlite3.DatabaseError as error:
            raise ProjectFileError(f"{path} is not a usable belannot project: {error}") from error
        if not version:
            raise ProjectFileError(f"{path} is not a belannot project (no belannot tables)")
        if verdict != "ok":
            raise ProjectFileError(f"{path} is damaged: {verdict}")
        return int(documents)

    def restore_from(self, source: Path | str) -> None:
        """Replace this project's whole content by the backup at ``source``."""
        source = Path(source)
        self.check_backup(source)
        if self.db.conn.in_transaction:
            raise ProjectBusyError("cannot restore in the middle of a change")
        try:
            origin = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
            try:
                origin.backup(self.db.conn, pages=-1)
            finally:
                origin.close()
            self._configure(wal=self.path is not None)
            self._migrate(seed_labels=False)
        except sqlite3.DatabaseError as error:
            translated = translate_error(error, self.path)
            if translated is error:
                raise StorageError(f"restore from {source} failed: {error}") from error
            raise translated from error

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def integrity_check(self) -> str:
        return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])

    def data_version(self) -> int:
        """Changes when another connection commits: lets a window notice other writers."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    # -- settings ------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return orjson.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        self.db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, _dumps(value)],
        )

    # -- users ---------------------------------------------------------------

    def user(self, name: str) -> User | None:
        row = self.db.execute("SELECT name, role FROM users WHERE name = ?", [name]).fetchone()
        return User(row[0], Role(row[1])) if row else None

    def users(self) -> list[User]:
        rows = self.db.execute("SELECT name, role FROM users ORDER BY name").fetchall()
        return [User(name, Role(role)) for name, role in rows]

    def add_user(self, user: User) -> User:
        """Add ``user``, or change the role of an existing one."""
        with self.transaction():
            before = self.user(user.name)
            self.db.execute(
                "INSERT INTO users (name, role, created) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET role = excluded.role",
                [user.name, user.role.value, now_iso()],
            )
            if before != user:
                self.append_audit(
                    user=user.name,
                    action="add user" if before is None else "change role",
                    entity="user",
                    entity_id=user.name,
                    before=None if before is None else {"role": before.role.value},
                    after={"role": user.role.value},
                )
        return user

    def ensure_user(self, name: str, role: Role = Role.ANNOTATOR) -> User:
        """The user called ``name``, created with ``role`` if new."""
        existing = self.user(name)
        return existing if existing is not None else self.add_user(User(name, role))

    # -- labels ---------------------------------------------------------------

    def labels(self) -> list[Label]:
        rows = self.db.execute(
            "SELECT name, color, hotkey, description, position FROM labels ORDER BY position, name"
        ).fetchall()
        return [Label(*row) for row in rows]

    def label(self, name: str) -> Label | None:
        row = self.db.execute(
            "SELECT name, color, hotkey, description, position FROM labels WHERE name = ?", [name]
        ).fetchone()
        return Label(*row) if row else None

    def add_label(self, label: Label) -> Label:
        self.db.execute(
            "INSERT INTO labels (name, color, hotkey, description, position) "
            "VALUES (?, ?, ?, ?, ?)",
            [label.name, label.color, label.hotkey, label.description, label.position],
        )
        return label

    # -- documents --------------------------------------------------------------

    def document_id_for_hash(self, digest: str) -> str | None:
        row = self.db.execute(
            "SELECT id FROM documents WHERE content_hash = ?", [digest]
        ).fetchone()
        return row[0] if row else None

    def has_document(self, document_id: str) -> bool:
        return (
            self.db.execute("SELECT 1 FROM documents WHERE id = ?", [document_id]).fetchone()
            is not None
        )

    def add_document(self, document: Document, *, user: str = "") -> tuple[str, bool]:
        """Store ``document``; returns (id, created). A known text is not stored twice."""
        digest = document.content_hash
        existing = self.document_id_for_hash(digest)
        if existing is not None:
            return existing, False
        if self.has_document(document.id):
            raise ConflictError(
                f"document id {document.id!r} is already used by a document with other text"
            )
        meta = document.meta
        with self.transaction():
            position = self.db.execute(
                "SELECT coalesce(max(position), 0) + 1 FROM documents"
            ).fetchone()[0]
            cursor = self.db.execute(
                "INSERT INTO documents (id, position, title, source, url, author, published, "
                "content_hash, char_count, meta, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    document.id,
                    position,
                    meta.title,
                    meta.source,
                    meta.url,
                    meta.author,
                    meta.published,
                    digest,
                    len(document.text),
                    _dumps(dict(meta.extra)),
                    now_iso(),
                ],
            )
            rowid = cursor.lastrowid
            self.db.execute(
                "INSERT INTO document_texts (document_id, text) VALUES (?, ?)",
                [document.id, document.text],
            )
            self.db.execute(
                "INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)",
                [rowid, meta.title, document.text],
            )
            self.append_audit(
                user=user,
                action="add document",
                entity="document",
                entity_id=document.id,
                document_id=document.id,
                after={"title": meta.title, "content_hash": digest, "chars": len(document.text)},
            )
        return document.id, True

    def document(self, document_id: str) -> Document:
        row = self.db.execute(
            "SELECT d.id, t.text, d.title, d.source, d.url, d.author, d.published, d.meta "
            "FROM documents d JOIN document_texts t ON t.document_id = d.id WHERE d.id = ?",
            [document_id],
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no document {document_id!r}")
        return Document(
            id=row[0],
            text=row[1],
            meta=DocumentMeta(
                title=row[2],
                source=row[3],
                url=row[4],
                author=row[5],
                published=row[6],
                extra=orjson.loads(row[7]),
            ),
        )

    def document_text(self, document_id: str) -> str:
        row = self.db.execute(
            "SELECT text FROM document_texts WHERE document_id = ?", [document_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no document {document_id!r}")
        return str(row[0])

    def document_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def document_ids(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT id FROM documents ORDER BY position")]

    def document_summaries(
        self, *, after_position: int = 0, limit: int = 200, search: str | None = None
    ) -> list[DocumentSummary]:
        """One page of the document list, in import order, keyed by position (no OFFSET)."""
        params: list[Any] = [after_position]
        where = "d.position > ?"
        if search:
            where += " AND d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
            params.append(fts_query(search))
        params.append(limit)
        rows = self.db.execute(
            "SELECT d.id, d.title, d.source, d.published, d.char_count, "
            "(SELECT count(*) FROM spans s WHERE s.document_id = d.id), d.position "
            f"FROM documents d WHERE {where} ORDER BY d.position LIMIT ?",
            params,
        ).fetchall()
        return [DocumentSummary(*row) for row in rows]

    def iter_documents(self) -> Iterator[Document]:
        """Every document with its text, in import order, streamed."""
        cursor = self.db.execute(
            "SELECT d.id, t.text, d.title, d.source, d.url, d.author, d.published, d.meta "
            "FROM documents d JOIN document_texts t ON t.document_id = d.id ORDER BY d.position"
        )
        for row in cursor:
            yield Document(
                id=row[0],
                text=row[1],
                meta=DocumentMeta(
                    title=row[2],
                    source=row[3],
                    url=row[4],
                    author=row[5],
                    published=row[6],
                    extra=orjson.loads(row[7]),
                ),
            )

    # -- spans ---------------------------------------------------------------------

    _SPAN_COLUMNS = (
        'id, document_id, start, "end", label, annotator, status, reviewer, reviewed_at, '
        "created, updated, attributes, corrects"
    )

    def _spans_where(self, where: str, params: Sequence[Any]) -> list[Span]:
        cursor = self.db.execute(
            f"SELECT {self._SPAN_COLUMNS} FROM spans WHERE {where}", list(params)
        )
        names = [d[0] for d in cursor.description]
        return [span_from_row(dict(zip(names, row, strict=True))) for row in cursor]

    def span(self, span_id: str) -> Span | None:
        found = self._spans_where("id = ?", [span_id])
        return found[0] if found else None

    def spans(self, document_id: str, span_filter: SpanFilter | None = None) -> list[Span]:
        """The spans of a document, sorted by (start, end, label, annotator)."""
        condition, params = (span_filter or SpanFilter()).sql()
        return self._spans_where(
            f'document_id = ? AND {condition} ORDER BY start, "end", label, annotator, id',
            [document_id, *params],
        )

    def span_count(self, span_filter: SpanFilter | None = None) -> int:
        condition, params = (span_filter or SpanFilter()).sql()
        return int(
            self.db.execute(f"SELECT count(*) FROM spans WHERE {condition}", params).fetchone()[0]
        )

    def insert_span(self, span: Span) -> None:
        self._write_span(span_to_row(span), insert=True)

    def _write_span(self, row: dict[str, Any], *, insert: bool) -> None:
        values = dict(row)
        values["attributes"] = _dumps(values["attributes"])
        columns = list(values)
        quoted = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        verb = "INSERT" if insert else "INSERT OR REPLACE"
        self.db.execute(f"{verb} INTO spans ({quoted}) VALUES ({marks})", list(values.values()))

    # -- document states --------------------------------------------------------

    def document_state(self, document_id: str, annotator: str) -> DocumentState:
        row = self.db.execute(
            "SELECT state FROM document_states WHERE document_id = ? AND annotator = ?",
            [document_id, annotator],
        ).fetchone()
        return DocumentState(row[0]) if row else DocumentState.NEW

    def document_state_row(self, document_id: str, annotator: str) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT document_id, annotator, state, updated FROM document_states "
            "WHERE document_id = ? AND annotator = ?",
            [document_id, annotator],
        ).fetchone()
        if row is None:
            return None
        return {"document_id": row[0], "annotator": row[1], "state": row[2], "updated": row[3]}

    def document_states(self, document_id: str) -> dict[str, str]:
        """annotator → state, for the annotators who have started this document."""
        return dict(
            self.db.execute(
                "SELECT annotator, state FROM document_states WHERE document_id = ? "
                "ORDER BY annotator",
                [document_id],
            ).fetchall()
        )

    def done_documents(self, annotator: str) -> list[str]:
        return [
            row[0]
            for row in self.db.execute(
                "SELECT document_id FROM document_states WHERE annotator = ? AND state = 'done'",
                [annotator],
            )
        ]

    # -- applying edits (the only writes to spans and states) ---------------------

    def current_row(self, entity: Entity, row: dict[str, Any]) -> dict[str, Any] | None:
        if entity is Entity.SPAN:
            span = self.span(row["id"])
            return span_to_row(span) if span else None
        return self.document_state_row(row["document_id"], row["annotator"])

    def apply_edit(self, edit: Edit) -> None:
        """Write ``edit.after`` in place of ``edit.before``, checking nothing moved since."""
        current = self.current_row(edit.entity, edit.row)
        if current != edit.before:
            raise ConflictError(
                f"the {edit.entity.value} changed since this edit was prepared; reload and retry"
            )
        if edit.entity is Entity.SPAN:
            if edit.after is None:
                self.db.execute("DELETE FROM spans WHERE id = ?", [edit.row["id"]])
            else:
                self._write_span(edit.after, insert=edit.before is None)
        elif edit.after is None:
            self.db.execute(
                "DELETE FROM document_states WHERE document_id = ? AND annotator = ?",
                [edit.row["document_id"], edit.row["annotator"]],
            )
        else:
            self.write_document_state(edit.after)

    def write_document_state(self, row: dict[str, Any]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO document_states (document_id, annotator, state, updated) "
            "VALUES (?, ?, ?, ?)",
            [row["document_id"], row["annotator"], row["state"], row["updated"]],
        )

    # -- audit ----------------------------------------------------------------------

    def append_audit(
        self,
        *,
        user: str,
        action: str,
        entity: str,
        entity_id: str,
        document_id: str | None = None,
        before: Any = None,
        after: Any = None,
    ) -> None:
        self.db.execute(
            "INSERT INTO audit (at, user, action, entity, entity_id, document_id, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                now_iso(),
                user,
                action,
                entity,
                entity_id,
                document_id,
                None if before is None else _dumps(before),
                None if after is None else _dumps(after),
            ],
        )

    def audit_edits(self, user: str, action: str, edits: Iterable[Edit]) -> None:
        for edit in edits:
            row = edit.row
            entity_id = row["id"] if edit.entity is Entity.SPAN else row["annotator"]
            self.append_audit(
                user=user,
                action=action,
                entity=edit.entity.value,
                entity_id=entity_id,
                document_id=row["document_id"],
                before=edit.before,
                after=edit.after,
            )

    def audit_log(
        self,
        *,
        document_id: str | None = None,
        user: str | None = None,
        limit: int | None = None,
    ) -> list[AuditEntry]:
        clauses, params = ["1"], []
        if document_id is not None:
            clauses.append("document_id = ?")
            params.append(document_id)
        if user is not None:
            clauses.append("user = ?")
            params.append(user)
        sql = (
            "SELECT id, at, user, action, entity, entity_id, document_id, before, after "
            f"FROM audit WHERE {' AND '.join(clauses)} ORDER BY id"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(str(limit))
        return [
            AuditEntry(
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                row[5],
                row[6],
                _loads(row[7]),
                _loads(row[8]),
            )
            for row in self.db.execute(sql, params)
        ]

    # -- undo history -------------------------------------------------------------------

    def push_history(self, user: str, description: str, edits: Sequence[Edit]) -> int:
        # A new edit ends the redo branch, as in every editor.
        self.db.execute("DELETE FROM history WHERE user = ? AND undone = 1", [user])
        cursor = self.db.execute(
            "INSERT INTO history (user, description, edits, undone, at) VALUES (?, ?, ?, 0, ?)",
            [user, description, _dumps([e.to_json() for e in edits]), now_iso()],
        )
        return int(cursor.lastrowid or 0)

    def history_entry(self, user: str, *, undone: bool) -> HistoryEntry | None:
        """The newest undoable (undone=False) or oldest-undone redoable entry."""
        order = "ASC" if undone else "DESC"
        row = self.db.execute(
            "SELECT id, user, description, edits, undone FROM history "
            f"WHERE user = ? AND undone = ? ORDER BY id {order} LIMIT 1",
            [user, int(undone)],
        ).fetchone()
        if row is None:
            return None
        edits = tuple(Edit.from_json(e) for e in orjson.loads(row[3]))
        return HistoryEntry(row[0], row[1], row[2], edits, bool(row[4]))

    def mark_history(self, entry_id: int, *, undone: bool) -> None:
        self.db.execute("UPDATE history SET undone = ? WHERE id = ?", [int(undone), entry_id])

    # -- statistics --------------------------------------------------------------------

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
        return {
            "documents": self.document_count(),
            "spans": self.span_count(),
            "labels": labels,
            "statuses": statuses,
            "annotators": annotators,
            "users": len(self.users()),
        }


def fts_query(search: str) -> str:
    """Turn what a person typed into a safe FTS5 query: every word, as a prefix."""
    words = [w.replace('"', '""') for w in search.split() if w]
    return " ".join(f'"{w}"*' for w in words) or '""'
