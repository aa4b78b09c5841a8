"""Store: the one module that speaks SQL. Typed reads return model objects.

A project is one SQLite file opened through sqlite-utils, in WAL mode with
foreign keys on and a busy timeout, so that a second process waits for a
lock instead of failing.
"""

from __future__ import annotations

import contextlib
import operator
import os
import sqlite3
import stat
import tempfile
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from itertools import groupby
from pathlib import Path
from typing import Any, NamedTuple

import orjson
from sqlite_utils import Database
from sqlite_utils.db import Table

from belannot.core import backup, schema
from belannot.core.changes import Edit, Entity
from belannot.core.errors import (
    BelannotError,
    ConflictError,
    DamagedProjectError,
    NewerProjectError,
    NotFoundError,
    ProjectBusyError,
    ProjectFileError,
    StorageError,
)
from belannot.core.fileio import clear_stale_scratch, no_space_error, scratch_prefix, sync_file
from belannot.core.model import (
    DEFAULT_LABELS,
    Document,
    DocumentMeta,
    DocumentState,
    Guidelines,
    Label,
    ReviewState,
    Role,
    Span,
    SpanStatus,
    User,
    now_iso,
)

BUSY_TIMEOUT_SECONDS = 30.0
# (document id, annotator, label, start, end): a span reduced to what agreement needs.
Interval = tuple[str, str, str, int, int]

# BEGIN IMMEDIATE waits BUSY_TIMEOUT_SECONDS per attempt before giving up.
BEGIN_ATTEMPTS = 3
# Files up to this size get a full quick_check on open, so damage is reported
# at once rather than halfway through someone's work.
QUICK_CHECK_LIMIT_BYTES = 64 * 1024 * 1024
# Less free space than this, with an I/O error, is a full disk (SQLite reports some
# failed writes, such as growing the -shm, as I/O errors).
DISK_FULL_BYTES = 1024 * 1024


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


_STATUSES = {status.value: status for status in SpanStatus}

# A span's columns, in the order rows are read and written (span_to_row's order).
_SPAN_COLUMNS = (
    'id, document_id, start, "end", label, annotator, status, reviewer, reviewed_at, '
    "created, updated, attributes, corrects"
)
# Each row-writing statement once, for the single-row paths and the import batches alike.
_INSERT_DOCUMENT = (
    "INSERT INTO documents (id, position, title, source, url, author, published, "
    "content_hash, char_count, meta, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_TEXT = "INSERT INTO document_texts (document_id, text) VALUES (?, ?)"
_INSERT_SPAN = f"INSERT INTO spans ({_SPAN_COLUMNS}) VALUES ({', '.join('?' * 13)})"
_WRITE_STATE = (
    "INSERT OR REPLACE INTO document_states (document_id, annotator, state, updated) "
    "VALUES (?, ?, ?, ?)"
)
_INSERT_AUDIT = (
    "INSERT INTO audit (at, user, action, entity, entity_id, document_id, before, after) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)

# The columns _document_from_row reads, in its order.
_DOCUMENT_COLUMNS = "d.id, t.text, d.title, d.source, d.url, d.author, d.published, d.meta"


def _document_from_row(row: Sequence[Any]) -> Document:
    return Document(
        id=row[0],
        text=row[1],
        meta=DocumentMeta(
            title=row[2],
            source=row[3],
            url=row[4],
            author=row[5],
            published=row[6],
            extra=_meta_extra(row[7]),
        ),
    )


def span_from_row(row: dict[str, Any]) -> Span:
    attributes = row["attributes"]
    if isinstance(attributes, str):
        attributes = {} if attributes == "{}" else orjson.loads(attributes)
    return Span(
        id=row["id"],
        document_id=row["document_id"],
        start=row["start"],
        end=row["end"],
        label=row["label"],
        annotator=row["annotator"],
        status=_STATUSES[row["status"]],
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
class DocumentListRow:
    """A row of one annotator's document list: the summary plus that annotator's state."""

    id: str
    title: str
    source: str | None
    published: str | None
    char_count: int
    span_count: int
    position: int
    state: DocumentState = DocumentState.NEW


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    """A document with the spans an export selected and its annotators' states."""

    document: Document
    spans: list[Span]
    states: dict[str, str]


class SpanRow(NamedTuple):
    """A span as stored, cheap to build: status is the text, attributes the JSON text."""

    id: str
    document_id: str
    start: int
    end: int
    label: str
    annotator: str
    status: str
    reviewer: str | None
    reviewed_at: str | None
    created: str
    updated: str
    attributes: str
    corrects: str | None
    position: int


# A SpanRow's fields as a plain tuple.
SpanTuple = tuple[
    str, str, int, int, str, str, str, str | None, str | None, str, str, str, str | None, int
]

_ROW_ORDER = operator.itemgetter(2, 3, 4, 5, 0)
_ROW_POSITION = operator.itemgetter(13)


@dataclass(frozen=True, slots=True)
class AnnotatedRows:
    """A document with its selected spans as rows, and its annotators' states."""

    document: Document
    spans: list[SpanRow]
    states: dict[str, str]


@dataclass(frozen=True, slots=True)
class AnnotatedTuples:
    """A document with its selected spans as plain tuples (:class:`SpanRow`'s fields)."""

    document: Document
    spans: list[SpanTuple]
    states: dict[str, str]


@dataclass(frozen=True, slots=True)
class AnnotatedJson:
    """A document with its selected spans already as one JSON array text."""

    document: Document
    span_count: int
    spans: str


class SpanJsonShape(StrEnum):
    """The JSON a span becomes, built by SQLite (exports of a million spans).

    Only shapes SQLite builds faster than Python: belannot JSONL's 13-field span
    objects with their texts were not, so that export uses iter_annotated_rows.
    """

    # [start, end, label]: doccano.
    DOCCANO = "doccano"


_SPAN_JSON_SQL = {
    SpanJsonShape.DOCCANO: 'json_array(s.start, s."end", s.label)',
}

_EMPTY_ATTRIBUTES = ("{}", "", None)


def _meta_extra(value: str | None) -> dict[str, Any]:
    if value in _EMPTY_ATTRIBUTES:
        return {}
    loaded: dict[str, Any] = orjson.loads(value)
    return loaded


# Span is a frozen dataclass: its __init__ pays a guarded object.__setattr__ per field, most
# of the time of reading a 10,000-span document. Rows fill the slots directly instead (the
# slot descriptors' setters), in the field order _SPAN_COLUMNS also follows.
_SPAN_FIELDS = tuple(f.name for f in fields(Span))
(
    _set_id,
    _set_document_id,
    _set_start,
    _set_end,
    _set_label,
    _set_annotator,
    _set_status,
    _set_reviewer,
    _set_reviewed_at,
    _set_created,
    _set_updated,
    _set_attributes,
    _set_corrects,
) = (getattr(Span, name).__set__ for name in _SPAN_FIELDS)


def _span_from_tuple(row: Sequence[Any]) -> Span:
    """A span from a row in _SPAN_COLUMNS order, without a dict or __init__ per row."""
    span: Span = object.__new__(Span)
    _set_id(span, row[0])
    _set_document_id(span, row[1])
    _set_start(span, row[2])
    _set_end(span, row[3])
    _set_label(span, row[4])
    _set_annotator(span, row[5])
    _set_status(span, _STATUSES[row[6]])
    _set_reviewer(span, row[7])
    _set_reviewed_at(span, row[8])
    _set_created(span, row[9])
    _set_updated(span, row[10])
    _set_attributes(span, _meta_extra(row[11]))
    _set_corrects(span, row[12])
    return span


@contextlib.contextmanager
def _refused_as(kind: type[Exception], message: str) -> Iterator[None]:
    try:
        yield
    except sqlite3.IntegrityError as error:
        raise kind(f"{message}: {error}") from error


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


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _look_uri(path: Path) -> str:
    """A read-only SQLite URI for ``path`` that leaves nothing new beside it.

    With no write-ahead log to read, the file alone is the whole project and
    ``immutable=1`` reads it taking no lock and creating no -wal or -shm. With a
    log, a read-only connection reads both (its -shm is there already).
    """
    uri = path.resolve().as_uri()
    try:
        logged = _sidecar(path, "-wal").stat().st_size > 0
    except OSError:
        logged = False
    return f"{uri}?mode=ro" if logged else f"{uri}?immutable=1"


@dataclass(frozen=True, slots=True)
class _Identity:
    application_id: int
    version: int
    tables: int


def _look_once(path: Path, uri: str, *, integrity: str) -> _Identity:
    probe = sqlite3.connect(uri, uri=True)
    try:
        application_id = probe.execute("PRAGMA application_id").fetchone()[0]
        version = probe.execute("PRAGMA user_version").fetchone()[0]
        tables = probe.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if integrity == "integrity_check" or path.stat().st_size <= QUICK_CHECK_LIMIT_BYTES:
            verdict = probe.execute(f"PRAGMA {integrity}(1)").fetchone()[0]
            if verdict != "ok":
                raise sqlite3.DatabaseError(f"database disk image is malformed ({verdict})")
    finally:
        probe.close()
    return _Identity(int(application_id), int(version), int(tables))


def _look(path: Path, *, integrity: str = "quick_check") -> _Identity:
    """Who wrote ``path`` and whether SQLite finds it whole, read through SQLite only."""
    uri = _look_uri(path)
    try:
        return _look_once(path, uri, integrity=integrity)
    except sqlite3.DatabaseError:
        # A process that opened the file meanwhile may be checkpointing into it: then
        # what counts is the file read with its log.
        again = _look_uri(path)
        if again == uri:
            raise
        return _look_once(path, again, integrity=integrity)


def _unreadable(error: sqlite3.DatabaseError, path: Path, *, hint: bool = True) -> BelannotError:
    """What a failed read-only look at ``path`` means for the person opening it.

    ``hint``: say how to restore a backup (not when ``path`` is the backup).
    """
    name = getattr(error, "sqlite_errorname", "") or ""
    unchanged = "The file has not been changed"
    restore = "; `belannot restore BACKUP` puts a backup in its place." if hint else "."
    if name == "SQLITE_NOTADB" or "not a database" in str(error):
        return DamagedProjectError(
            f"{path} cannot be read as a project: it is not a belannot project (not an "
            f"SQLite database), or its first page is damaged. {unchanged}{restore}"
        )
    if name.startswith("SQLITE_CORRUPT") or "malformed" in str(error):
        return DamagedProjectError(
            f"{path} cannot be read as a project: {error}. {unchanged}{restore}"
        )
    if name.startswith("SQLITE_CANTOPEN"):
        return StorageError(
            f"{path} cannot be opened for reading ({error}): check that you may read the "
            f"file and its folder. {unchanged}."
        )
    translated = translate_error(error, path, opening=True)
    if isinstance(translated, BelannotError):
        return translated
    return ProjectFileError(f"{path} cannot be read as a project: {error}. {unchanged}.")


def _check_project_file(path: Path, *, integrity: str = "quick_check", hint: bool = True) -> None:
    """Refuse, untouched, a file that is not a belannot project we can open.

    Everything is read through SQLite: opening and closing a descriptor of a live
    project ourselves would drop this process's locks on it (see DATA_SAFETY.md).
    """
    if not path.exists():
        return
    if path.is_dir():
        raise ProjectFileError(f"{path} is a folder, not a project file")
    if path.stat().st_size == 0:
        return
    try:
        identity = _look(path, integrity=integrity)
    except sqlite3.DatabaseError as error:
        raise _unreadable(error, path, hint=hint) from error
    if identity.tables and identity.application_id != schema.APPLICATION_ID:
        raise ProjectFileError(f"{path} is an SQLite database but not a belannot project")
    if identity.version > schema.SCHEMA_VERSION:
        raise NewerProjectError(
            f"{path} was written by a newer belannot (schema version {identity.version}; "
            f"this belannot knows up to {schema.SCHEMA_VERSION}). Upgrade belannot to open "
            "it; the file has not been changed, and no backup is needed."
        )


def _on_read_only_disk(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


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


def _check_writable(path: Path) -> None:
    """Refuse a project we could not save to, before anything is changed."""
    folder = path.parent if path.parent.exists() else None
    unchanged = "The file has not been changed."
    if folder is not None and _on_read_only_disk(folder):
        raise StorageError(
            f"{path} is on a disk mounted read-only, and belannot saves every change at "
            "once: copy the project to a disk you can write to, or mount this one "
            f"writable, and open it again. {unchanged}"
        )
    if path.exists():
        # The mode bits count even for root: a file made read-only was made so on purpose.
        if not os.access(path, os.W_OK) or not path.stat().st_mode & (
            stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
        ):
            raise StorageError(
                f"{path} is read-only. belannot saves every change at once, so it needs to "
                "write to the project file: make it writable, or copy it somewhere you can "
                f"write, and open it again. {unchanged}"
            )
    if folder is not None and not os.access(folder, os.W_OK):
        raise StorageError(
            f"the folder {folder} is read-only; belannot keeps its write-ahead log beside "
            f"the project file. Make the folder writable, or move the project to a folder "
            f"you can write to. {unchanged}"
        )


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


@dataclass(frozen=True, slots=True)
class ProjectContents:
    """What a project file holds, for choosing between it and a backup."""

    version: int | None
    size: int
    documents: int | None
    spans: int | None

    @property
    def empty(self) -> bool:
        return not self.documents and not self.spans

    def summary(self) -> str:
        """'5 documents, 120 spans, 1,234,567 bytes', or what could not be read."""
        size = _counted(self.size, "byte")
        if self.documents is None or self.spans is None:
            return f"{size}; its contents cannot be read"
        return f"{_counted(self.documents, 'document')}, {_counted(self.spans, 'span')}, {size}"


def _counted(number: int, word: str) -> str:
    return f"{number:,} {word}{'' if number == 1 else 's'}"


def _copy_through_sqlite(origin: sqlite3.Connection, target: Path) -> Path:
    """Copy the database of ``origin`` to ``target`` with SQLite's backup API, through a
    scratch file renamed into place: a killed copy never leaves a partial ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    clear_stale_scratch(target)
    handle, part = tempfile.mkstemp(
        dir=target.parent, prefix=scratch_prefix(target), suffix=".part"
    )
    os.close(handle)
    try:
        copy = sqlite3.connect(part)
        try:
            # pages=-1: one step, so the copy is one consistent snapshot.
            origin.backup(copy, pages=-1)
            # A backup is one self-contained file, without a -wal beside it.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        # No connection holds the scratch copy any more: flushing it is safe.
        sync_file(part)
        os.replace(part, target)
    except sqlite3.DatabaseError as error:
        _remove_scratch(Path(part))
        if (getattr(error, "sqlite_errorname", "") or "") == "SQLITE_FULL":
            # Not "the last change was not saved": say where there is no room.
            raise StorageError(str(no_space_error(target))) from error
        translated = translate_error(error, target)
        if translated is error:
            raise StorageError(f"backup to {target} failed: {error}") from error
        raise translated from error
    except OSError as error:
        _remove_scratch(Path(part))
        raise StorageError(f"backup to {target} failed: {error.strerror or error}") from error
    except BaseException:
        _remove_scratch(Path(part))
        raise
    return target


def _remove_scratch(part: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(_sidecar(part, suffix))


class Store:
    """Typed access to one project file."""

    def __init__(self, db: Database, path: Path | None) -> None:
        self.db = db
        self.path = path
        # New users the next write transaction adds (see ensure_user_on_write).
        self._joining: dict[str, User] = {}

    # -- opening -----------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, seed_labels: bool = True) -> Store:
        """Open (creating if needed) the project at ``path`` and migrate it."""
        path = Path(path)
        _check_project_file(path)
        _check_writable(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
            store = cls(Database(conn), path)
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
                self._add_joining_users()
                yield
            except BaseException:
                self.db.rollback()
                raise
            try:
                conn.execute("COMMIT")
            except BaseException:
                self.db.rollback()
                raise
            self._joining.clear()
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
        return _copy_through_sqlite(self.db.conn, Path(target))

    @staticmethod
    def copy_backup(source: Path | str, target: Path | str) -> Path:
        """Copy the intact project file ``source`` (a backup) to ``target``, through SQLite."""
        source = Path(source)
        Store.check_backup(source)
        try:
            origin = sqlite3.connect(_look_uri(source), uri=True)
        except sqlite3.DatabaseError as error:
            raise _unreadable(error, source, hint=False) from error
        try:
            return _copy_through_sqlite(origin, Path(target))
        finally:
            origin.close()

    @staticmethod
    def check_backup(path: Path | str) -> int:
        """Refuse anything but an intact belannot project; returns its document count."""
        path = Path(path)
        if not path.is_file():
            raise ProjectFileError(f"{path} does not exist or is not a file")
        _check_project_file(path, integrity="integrity_check", hint=False)
        contents = Store.contents(path)
        if not contents.version or contents.documents is None:
            raise ProjectFileError(f"{path} is not a belannot project (no belannot tables)")
        return contents.documents

    @staticmethod
    def contents(path: Path | str) -> ProjectContents:
        """What the project file at ``path`` holds, as far as it can be read (read-only,
        through SQLite, leaving nothing beside it); counts are None where unreadable."""
        path = Path(path)
        try:
            size = path.stat().st_size
        except OSError:
            return ProjectContents(None, 0, None, None)
        version = documents = spans = None
        with contextlib.suppress(sqlite3.DatabaseError):
            probe = sqlite3.connect(_look_uri(path), uri=True)
            try:
                version = int(probe.execute("PRAGMA user_version").fetchone()[0])
                documents = int(probe.execute("SELECT count(*) FROM documents").fetchone()[0])
                spans = int(probe.execute("SELECT count(*) FROM spans").fetchone()[0])
            finally:
                probe.close()
        return ProjectContents(version, size, documents, spans)

    def restore_from(self, source: Path | str) -> None:
        """Replace this project's whole content by the backup at ``source``."""
        source = Path(source)
        self.check_backup(source)
        if self.db.conn.in_transaction:
            raise ProjectBusyError("cannot restore in the middle of a change")
        try:
            origin = sqlite3.connect(_look_uri(source), uri=True)
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

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Join the caller's transaction, or open one: for writes done once per document
        of an import, where a savepoint pair per document would cost a tenth of the time."""
        if self.db.conn.in_transaction:
            yield
        else:
            with self.transaction():
                yield

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

    def ensure_user_on_write(self, name: str, role: Role = Role.ANNOTATOR) -> User:
        """The user called ``name``; a new one (with ``role``) is added inside the next
        write transaction, so it exists only if that write commits: a command that is
        refused or fails adds nobody."""
        existing = self.user(name)
        if existing is not None:
            return existing
        user = self._joining.get(name) or User(name, role)
        self._joining[name] = user
        return user

    def _add_joining_users(self) -> None:
        for user in self._joining.values():
            if self.user(user.name) is None:
                self.add_user(user)

    # -- labels ---------------------------------------------------------------

    _LABEL_COLUMNS = "name, color, hotkey, description, position, guidelines"

    @staticmethod
    def _label_from_row(row: Sequence[Any]) -> Label:
        name, color, hotkey, description, position, guidelines = row
        return Label(
            name, color, hotkey, description, position, Guidelines.from_json(_loads(guidelines))
        )

    def labels(self) -> list[Label]:
        rows = self.db.execute(
            f"SELECT {self._LABEL_COLUMNS} FROM labels ORDER BY position, name"
        ).fetchall()
        return [self._label_from_row(row) for row in rows]

    def label(self, name: str) -> Label | None:
        row = self.db.execute(
            f"SELECT {self._LABEL_COLUMNS} FROM labels WHERE name = ?", [name]
        ).fetchone()
        return self._label_from_row(row) if row else None

    def add_label(self, label: Label) -> Label:
        self.db.execute(
            "INSERT INTO labels (name, color, hotkey, description, position, guidelines) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                label.name,
                label.color,
                label.hotkey,
                label.description,
                label.position,
                _dumps(label.guidelines.to_json()),
            ],
        )
        return label

    def update_label(self, name: str, label: Label) -> None:
        """Overwrite the label called ``name`` with ``label`` (a new name renames it).

        Spans follow a rename through the foreign key's ON UPDATE CASCADE.
        """
        self.db.execute(
            "UPDATE labels SET name = ?, color = ?, hotkey = ?, description = ?, position = ?, "
            "guidelines = ? WHERE name = ?",
            [
                label.name,
                label.color,
                label.hotkey,
                label.description,
                label.position,
                _dumps(label.guidelines.to_json()),
                name,
            ],
        )

    def clear_label_hotkeys(self, names: Iterable[str]) -> None:
        """Unbind these labels' keys (so that keys can be swapped inside a transaction)."""
        for name in names:
            self.db.execute("UPDATE labels SET hotkey = NULL WHERE name = ?", [name])

    def set_label_positions(self, names: Sequence[str]) -> None:
        for position, name in enumerate(names):
            self.db.execute("UPDATE labels SET position = ? WHERE name = ?", [position, name])

    def delete_label(self, name: str) -> None:
        self.db.execute("DELETE FROM labels WHERE name = ?", [name])

    def label_span_count(self, name: str) -> int:
        return int(
            self.db.execute("SELECT count(*) FROM spans WHERE label = ?", [name]).fetchone()[0]
        )

    def spans_with_label(self, name: str) -> list[Span]:
        return self._spans_where("label = ? ORDER BY document_id, start, id", [name])

    def relabel_all_spans(self, name: str, other: str, updated: str) -> None:
        self.db.execute(
            "UPDATE spans SET label = ?, updated = ? WHERE label = ?", [other, updated, name]
        )

    def delete_spans_with_label(self, name: str) -> None:
        self.db.execute("DELETE FROM spans WHERE label = ?", [name])

    def rename_label_in_history(self, old: str, new: str) -> None:
        """Rewrite stored undo steps so that undoing an edit made before a rename still works."""
        # Every entry is read: a name's JSON escaping makes a LIKE prefilter unreliable.
        rows = self.db.execute("SELECT id, edits FROM history").fetchall()
        for entry_id, edits_json in rows:
            edits = orjson.loads(edits_json)
            changed = False
            for edit in edits:
                if edit["entity"] != Entity.SPAN.value:
                    continue
                for side in ("before", "after"):
                    row = edit[side]
                    if row is not None and row.get("label") == old:
                        row["label"] = new
                        changed = True
            if changed:
                self.db.execute(
                    "UPDATE history SET edits = ? WHERE id = ?", [_dumps(edits), entry_id]
                )

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
        # Joins an import's transaction; a failure here propagates and rolls all of it back.
        with self._writing():
            cursor = self.db.execute(
                _INSERT_DOCUMENT,
                [
                    document.id,
                    self.next_document_position(),
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
                _INSERT_TEXT,
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

    # -- bulk import (many new documents per statement) ---------------------------

    def known_content_hashes(self, digests: Iterable[str]) -> set[str]:
        """Which of ``digests`` a stored document already has."""
        return self._present("SELECT content_hash FROM documents", "content_hash", digests)

    def known_document_ids(self, ids: Iterable[str]) -> set[str]:
        return self._present("SELECT id FROM documents", "id", ids)

    def known_span_ids(self, ids: Iterable[str]) -> set[str]:
        return self._present("SELECT id FROM spans", "id", ids)

    def _present(self, select: str, column: str, values: Iterable[str]) -> set[str]:
        # One statement for a whole batch: the values go in as one JSON array.
        wanted = list(values)
        if not wanted:
            return set()
        rows = self.db.conn.execute(
            f"{select} WHERE {column} IN (SELECT value FROM json_each(?))", [_dumps(wanted)]
        )
        return {row[0] for row in rows}

    def next_document_position(self) -> int:
        return int(
            self.db.execute("SELECT coalesce(max(position), 0) + 1 FROM documents").fetchone()[0]
        )

    def insert_import_batch(
        self,
        documents: Sequence[tuple[Any, ...]],
        texts: Sequence[tuple[str, str]],
        spans: Sequence[tuple[Any, ...]],
        states: Sequence[tuple[str, str, str, str]],
        audit: Sequence[tuple[Any, ...]],
    ) -> None:
        """Rows of new documents, checked by the caller, written with one statement per table.

        ``documents`` are (id, position, title, source, url, author, published,
        content_hash, char_count, meta JSON, created) with consecutive positions;
        ``spans`` are in :attr:`_SPAN_COLUMNS` order; ``states`` are (document id,
        annotator, state, updated); ``audit`` rows are (at, user, action, entity,
        entity_id, document_id, before JSON, after JSON), kept in their order.
        """
        if not documents:
            return
        conn = self.db.conn
        # A constraint that refuses a row undoes that statement, not the transaction.
        with self._writing(), _refused_as(ConflictError, "the batch breaks a constraint"):
            conn.executemany(
                _INSERT_DOCUMENT,
                documents,
            )
            conn.executemany(_INSERT_TEXT, texts)
            # The search index, filled from the rows just written (as add_document does).
            conn.execute(
                "INSERT INTO documents_fts (rowid, title, text) SELECT d.rowid, d.title, t.text "
                "FROM documents d JOIN document_texts t ON t.document_id = d.id "
                "WHERE d.position BETWEEN ? AND ? ORDER BY d.position",
                [documents[0][1], documents[-1][1]],
            )
            conn.executemany(_INSERT_SPAN, spans)
            conn.executemany(_WRITE_STATE, states)
            conn.executemany(_INSERT_AUDIT, audit)

    def document(self, document_id: str) -> Document:
        row = self.db.execute(
            f"SELECT {_DOCUMENT_COLUMNS} "
            "FROM documents d JOIN document_texts t ON t.document_id = d.id WHERE d.id = ?",
            [document_id],
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no document {document_id!r}")
        return _document_from_row(row)

    def document_text(self, document_id: str) -> str:
        row = self.db.execute(
            "SELECT text FROM document_texts WHERE document_id = ?", [document_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no document {document_id!r}")
        return str(row[0])

    def document_length(self, document_id: str) -> int:
        """The text's length in code points, without reading the text."""
        row = self.db.execute(
            "SELECT char_count FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no document {document_id!r}")
        return int(row[0])

    def document_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def document_ids(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT id FROM documents ORDER BY position")]

    def iter_documents(self) -> Iterator[Document]:
        """Every document with its text, in import order, streamed."""
        cursor = self.db.execute(
            f"SELECT {_DOCUMENT_COLUMNS} "
            "FROM documents d JOIN document_texts t ON t.document_id = d.id ORDER BY d.position"
        )
        for row in cursor:
            yield _document_from_row(row)

    def iter_annotated_documents(
        self,
        span_filter: SpanFilter | None = None,
        *,
        with_states: bool = False,
    ) -> Iterator[AnnotatedDocument]:
        """Every document with its selected spans (and states), in import order, streamed.

        Spans come sorted by (start, end, label, annotator, id), as :meth:`spans` sorts them.
        """
        for item in self.iter_annotated_rows(span_filter, with_states=with_states):
            yield AnnotatedDocument(
                item.document, [_span_from_tuple(row) for row in item.spans], item.states
            )

    def iter_annotated_rows(
        self,
        span_filter: SpanFilter | None = None,
        *,
        with_states: bool = False,
    ) -> Iterator[AnnotatedRows]:
        """As :meth:`iter_annotated_documents`, with spans as light :class:`SpanRow` tuples.

        One ordered scan of documents merged with one ordered scan of spans (and of
        states): three statements for the whole project instead of one per document,
        and no Span object per span (exports of a million spans).
        """
        for item in self.iter_annotated_tuples(span_filter, with_states=with_states):
            yield AnnotatedRows(item.document, list(map(SpanRow._make, item.spans)), item.states)

    def iter_annotated_tuples(
        self,
        span_filter: SpanFilter | None = None,
        *,
        with_states: bool = False,
    ) -> Iterator[AnnotatedTuples]:
        """As :meth:`iter_annotated_rows`, spans as the plain tuples SQLite returns.

        The fields are :class:`SpanRow`'s, in its order; for the exporter that copies
        every field out of a million spans, which need not pay for named tuples.
        """
        condition, params = (span_filter or SpanFilter()).sql()
        # Spans follow their document's position (the plan walks documents by position and
        # spans by spans_by_document); each document's few spans are sorted in Python.
        span_cursor = self.db.conn.execute(
            f"SELECT {self._SPAN_COLUMNS_QUALIFIED}, d.position FROM documents d "
            f"JOIN spans s ON s.document_id = d.id WHERE {condition} ORDER BY d.position",
            params,
        )
        # (position, that document's span rows), grouped in C.
        span_groups = ((key, list(rows)) for key, rows in groupby(span_cursor, _ROW_POSITION))
        state_rows: Iterator[Any] = iter(())
        if with_states:
            state_rows = iter(
                self.db.conn.execute(
                    "SELECT ds.annotator, ds.state, d.position FROM documents d "
                    "JOIN document_states ds ON ds.document_id = d.id "
                    "ORDER BY d.position, ds.annotator"
                )
            )
        pending_group = next(span_groups, None)
        pending_state = next(state_rows, None)
        for position, document in self._iter_documents_with_position():
            spans: list[SpanTuple] = []
            if pending_group is not None and pending_group[0] == position:
                spans = pending_group[1]
                pending_group = next(span_groups, None)
                if len(spans) > 1:
                    spans.sort(key=_ROW_ORDER)
            states: dict[str, str] = {}
            while pending_state is not None and pending_state[2] == position:
                states[pending_state[0]] = pending_state[1]
                pending_state = next(state_rows, None)
            yield AnnotatedTuples(document, spans, states)

    def iter_annotated_json(
        self, shape: SpanJsonShape, span_filter: SpanFilter | None = None
    ) -> Iterator[AnnotatedJson]:
        """Every document with its selected spans as a JSON array SQLite wrote, in import order.

        Spans are in the order of :meth:`spans` (SQLite compares text as UTF-8 bytes, which
        orders it as Python orders code points). One statement, streamed: no Python object
        per span.
        """
        condition, params = (span_filter or SpanFilter()).sql()
        # ORDER BY in a FROM subquery feeds the aggregate in that order (SQLite does not
        # flatten it into an aggregate query). The count rides in front of the array.
        cursor = self.db.conn.execute(
            "SELECT d.id, t.text, d.title, d.source, d.url, d.author, d.published, d.meta, "
            f"(SELECT count(*) || ' ' || json_group_array({_SPAN_JSON_SQL[shape]}) "
            f"FROM (SELECT * FROM spans s WHERE s.document_id = d.id AND {condition} "
            'ORDER BY s.start, s."end", s.label, s.annotator, s.id) s) '
            "FROM documents d JOIN document_texts t ON t.document_id = d.id "
            "ORDER BY d.position",
            params,
        )
        for row in cursor:
            count, _, spans = row[8].partition(" ")
            yield AnnotatedJson(
                Document(
                    row[0],
                    row[1],
                    DocumentMeta(row[2], row[3], row[4], row[5], row[6], _meta_extra(row[7])),
                ),
                int(count),
                spans,
            )

    def _iter_documents_with_position(self) -> Iterator[tuple[int, Document]]:
        cursor = self.db.execute(
            f"SELECT d.position, {_DOCUMENT_COLUMNS} "
            "FROM documents d JOIN document_texts t ON t.document_id = d.id ORDER BY d.position"
        )
        for row in cursor:
            yield row[0], _document_from_row(row[1:])

    # -- spans ---------------------------------------------------------------------

    _SPAN_COLUMNS = _SPAN_COLUMNS
    _SPAN_COLUMNS_QUALIFIED = (
        's.id, s.document_id, s.start, s."end", s.label, s.annotator, s.status, s.reviewer, '
        "s.reviewed_at, s.created, s.updated, s.attributes, s.corrects"
    )

    def _spans_where(self, where: str, params: Sequence[Any]) -> list[Span]:
        cursor = self.db.execute(
            f"SELECT {self._SPAN_COLUMNS} FROM spans WHERE {where}", list(params)
        )
        return [_span_from_tuple(row) for row in cursor]

    def span(self, span_id: str) -> Span | None:
        found = self._spans_where("id = ?", [span_id])
        return found[0] if found else None

    def spans(self, document_id: str, span_filter: SpanFilter | None = None) -> list[Span]:
        """The spans of a document, sorted by (start, end, label, annotator)."""
        condition, params = (span_filter or SpanFilter()).sql()
        # The index hands rows over by (start, end); Python breaks the few ties faster than
        # SQLite's temporary B-tree over all 10,000 rows of a long document.
        rows = self.db.execute(
            f"SELECT {self._SPAN_COLUMNS} FROM spans "
            f'WHERE document_id = ? AND {condition} ORDER BY start, "end"',
            [document_id, *params],
        ).fetchall()
        rows.sort(key=_ROW_ORDER)
        return [_span_from_tuple(row) for row in rows]

    def span_count(self, span_filter: SpanFilter | None = None) -> int:
        condition, params = (span_filter or SpanFilter()).sql()
        return int(
            self.db.execute(f"SELECT count(*) FROM spans WHERE {condition}", params).fetchone()[0]
        )

    def insert_span(self, span: Span) -> None:
        self._write_span(span_to_row(span), insert=True)

    def insert_spans(self, spans: Iterable[Span]) -> int:
        """Insert new spans in one statement (imports); an id already used is a ConflictError."""
        spans = list(spans)
        if not spans:
            return 0
        try:
            self.db.conn.executemany(
                _INSERT_SPAN,
                [
                    (
                        s.id,
                        s.document_id,
                        s.start,
                        s.end,
                        s.label,
                        s.annotator,
                        s.status.value,
                        s.reviewer,
                        s.reviewed_at,
                        s.created,
                        s.updated,
                        _dumps(dict(s.attributes)) if s.attributes else "{}",
                        s.corrects,
                    )
                    for s in spans
                ],
            )
        except sqlite3.IntegrityError as error:
            # A reused span id, or a span naming a document or user that is not stored.
            raise ConflictError(f"the spans conflict with the project: {error}") from error
        return len(spans)

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

    # -- review ------------------------------------------------------------------

    def identical_spans(self, document_id: str, start: int, end: int, label: str) -> list[Span]:
        """Every span of the document with exactly this range and label, any annotator."""
        return self._spans_where(
            'document_id = ? AND start = ? AND "end" = ? AND label = ? '
            "ORDER BY created, annotator, id",
            [document_id, start, end, label],
        )

    def gold_spans(self, document_id: str) -> list[Span]:
        """The document's gold: its approved spans, in text order."""
        return self.spans(document_id, SpanFilter.approved_only())

    def iter_document_spans(
        self, document_ids: Sequence[str] | None = None
    ) -> Iterator[tuple[str, list[Span]]]:
        """(document id, its spans) for the given documents, or every document that has spans."""
        if document_ids is not None:
            for document_id in document_ids:
                if not self.has_document(document_id):
                    raise NotFoundError(f"no document {document_id!r}")
                yield document_id, self.spans(document_id)
            return
        current: str | None = None
        batch: list[Span] = []
        for span in self._spans_where(
            '1 ORDER BY document_id, start, "end", label, annotator, id', []
        ):
            if span.document_id != current:
                if current is not None:
                    yield current, batch
                current, batch = span.document_id, []
            batch.append(span)
        if current is not None:
            yield current, batch

    def review_states(self) -> dict[str, ReviewState]:
        """document id → review state, for every document, in document order."""
        rows = self.db.execute(
            "SELECT d.id, count(s.id), coalesce(sum(s.status = 'pending'), 0) "
            "FROM documents d LEFT JOIN spans s ON s.document_id = d.id "
            "GROUP BY d.id ORDER BY d.position"
        ).fetchall()
        return {row[0]: _review_state(row[1], row[2]) for row in rows}

    def review_state(self, document_id: str) -> ReviewState:
        if not self.has_document(document_id):
            raise NotFoundError(f"no document {document_id!r}")
        total, pending = self.db.execute(
            "SELECT count(*), coalesce(sum(status = 'pending'), 0) FROM spans "
            "WHERE document_id = ?",
            [document_id],
        ).fetchone()
        return _review_state(total, pending)

    def reviewed_documents(self) -> set[str]:
        """The ids of the reviewed documents: spans, none of them pending. Grouping the
        spans alone takes half the time of review_states (one group per document)."""
        rows = self.db.execute(
            "SELECT document_id FROM spans GROUP BY document_id HAVING sum(status = 'pending') = 0"
        )
        return {row[0] for row in rows}

    def documents_in_review_state(self, *states: ReviewState) -> list[str]:
        """The ids of documents in any of ``states``, in document order."""
        wanted = set(states)
        return [doc for doc, state in self.review_states().items() if state in wanted]

    def next_pending_span(self, document_id: str, after: Span | None = None) -> Span | None:
        """The first undecided span after ``after`` in text order (the order of ``spans``)."""
        if after is None:
            where, params = "1", []
        else:
            where = '(start, "end", label, annotator, id) > (?, ?, ?, ?, ?)'
            params = [after.start, after.end, after.label, after.annotator, after.id]
        found = self._spans_where(
            f"document_id = ? AND status = 'pending' AND {where} "
            'ORDER BY start, "end", label, annotator, id LIMIT 1',
            [document_id, *params],
        )
        return found[0] if found else None

    def next_document_with_pending(self, after_document_id: str | None = None) -> str | None:
        """The first document after the given one (in document order) with an undecided span."""
        position = 0
        if after_document_id is not None:
            row = self.db.execute(
                "SELECT position FROM documents WHERE id = ?", [after_document_id]
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no document {after_document_id!r}")
            position = row[0]
        row = self.db.execute(
            "SELECT d.id FROM documents d WHERE d.position > ? AND EXISTS "
            "(SELECT 1 FROM spans s WHERE s.document_id = d.id AND s.status = 'pending') "
            "ORDER BY d.position LIMIT 1",
            [position],
        ).fetchone()
        return row[0] if row else None

    def review_state_positions(self, state: ReviewState) -> list[int]:
        """The positions (document-list keys) of the documents in review ``state``, in order."""
        having = {
            ReviewState.UNANNOTATED: "count(s.id) = 0",
            ReviewState.UNREVIEWED: "count(s.id) > 0 AND coalesce(sum(s.status = 'pending'), 0) "
            "= count(s.id)",
            ReviewState.IN_REVIEW: "coalesce(sum(s.status = 'pending'), 0) BETWEEN 1 "
            "AND count(s.id) - 1",
            ReviewState.REVIEWED: "count(s.id) > 0 AND coalesce(sum(s.status = 'pending'), 0) = 0",
        }[state]
        return [
            int(row[0])
            for row in self.db.execute(
                "SELECT d.position FROM documents d LEFT JOIN spans s ON s.document_id = d.id "
                f"GROUP BY d.id HAVING {having} ORDER BY d.position"
            )
        ]

    def review_states_of(self, document_ids: Sequence[str]) -> dict[str, ReviewState]:
        """document id → review state, for just these documents (one page of a list)."""
        if not document_ids:
            return {}
        marks = ", ".join("?" for _ in document_ids)
        rows = self.db.execute(
            "SELECT d.id, count(s.id), coalesce(sum(s.status = 'pending'), 0) "
            "FROM documents d LEFT JOIN spans s ON s.document_id = d.id "
            f"WHERE d.id IN ({marks}) GROUP BY d.id",
            list(document_ids),
        ).fetchall()
        return {row[0]: _review_state(row[1], row[2]) for row in rows}

    # -- agreement ----------------------------------------------------------------

    def annotators_with_done_documents(self) -> list[str]:
        """Users in the annotator role who marked at least one document done."""
        return [
            row[0]
            for row in self.db.execute(
                "SELECT DISTINCT ds.annotator FROM document_states ds "
                "JOIN users u ON u.name = ds.annotator "
                "WHERE ds.state = 'done' AND u.role = 'annotator' ORDER BY ds.annotator"
            )
        ]

    @staticmethod
    def _done_by_all_sql(annotators: Sequence[str]) -> tuple[str, list[Any]]:
        marks = ", ".join("?" for _ in annotators)
        sql = (
            "SELECT document_id FROM document_states "
            f"WHERE state = 'done' AND annotator IN ({marks}) "
            "GROUP BY document_id HAVING count(DISTINCT annotator) = ?"
        )
        return sql, [*annotators, len(set(annotators))]

    def documents_done_by_all(self, annotators: Sequence[str]) -> list[tuple[str, int]]:
        """(id, length in characters) of the documents every one of ``annotators`` marked done."""
        if not annotators:
            return []
        done, params = self._done_by_all_sql(annotators)
        return [
            (row[0], row[1])
            for row in self.db.execute(
                f"SELECT id, char_count FROM documents WHERE id IN ({done}) ORDER BY position",
                params,
            )
        ]

    def annotation_intervals(
        self, annotators: Sequence[str]
    ) -> list[tuple[str, str, str, int, int]]:
        """(document, annotator, label, start, end) of the annotators' own spans (not reviewer
        corrections) in the documents all of them marked done, grouped by document."""
        if not annotators:
            return []
        done, params = self._done_by_all_sql(annotators)
        marks = ", ".join("?" for _ in annotators)
        rows: list[Interval] = self.db.execute(
            'SELECT document_id, annotator, label, start, "end" FROM spans '
            f"WHERE corrects IS NULL AND annotator IN ({marks}) "
            f"AND document_id IN ({done}) ORDER BY document_id",
            [*annotators, *params],
        ).fetchall()
        return rows

    # -- one annotator's document list (keyed by position, never OFFSET) ---------

    def document_list_positions(
        self,
        annotator: str,
        *,
        search: str | None = None,
        state: DocumentState | None = None,
    ) -> list[int]:
        """The positions of the documents the list shows, in order: the keys its pages use."""
        where, params = self._document_list_filter(annotator, search, state)
        return [
            row[0]
            for row in self.db.execute(
                f"SELECT d.position FROM documents d WHERE {where} ORDER BY d.position", params
            )
        ]

    def _document_list_filter(
        self, annotator: str, search: str | None, state: DocumentState | None
    ) -> tuple[str, list[Any]]:
        clauses, params = ["1"], []
        if search and search.strip():
            clauses.append(
                "d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
            )
            params.append(fts_query(search))
        if state is not None:
            clauses.append(
                "coalesce((SELECT s.state FROM document_states s WHERE s.document_id = d.id "
                "AND s.annotator = ?), 'new') = ?"
            )
            params.extend([annotator, state.value])
        return " AND ".join(clauses), params

    def document_list_rows(
        self, annotator: str, positions: Sequence[int], *, all_spans: bool = False
    ) -> list[DocumentListRow]:
        """The list rows at ``positions`` (one page), with ``annotator``'s state and span
        count (every annotator's spans with ``all_spans``, as a reviewer sees them)."""
        if not positions:
            return []
        marks = ", ".join("?" for _ in positions)
        whose = "" if all_spans else " AND s.annotator = ?"
        rows = self.db.execute(
            "SELECT d.id, d.title, d.source, d.published, d.char_count, "
            f"(SELECT count(*) FROM spans s WHERE s.document_id = d.id{whose}), d.position, "
            "coalesce(st.state, 'new') FROM documents d LEFT JOIN document_states st "
            "ON st.document_id = d.id AND st.annotator = ? "
            f"WHERE d.position IN ({marks}) ORDER BY d.position",
            [*([] if all_spans else [annotator]), annotator, *positions],
        ).fetchall()
        return [
            DocumentListRow(
                row[0], row[1], row[2], row[3], row[4], row[5], row[6], DocumentState(row[7])
            )
            for row in rows
        ]

    def document_position(self, document_id: str) -> int | None:
        row = self.db.execute(
            "SELECT position FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        return int(row[0]) if row else None

    def annotator_progress(self, annotator: str) -> tuple[int, int]:
        """(documents ``annotator`` marked done, all documents)."""
        done = self.db.execute(
            "SELECT count(*) FROM document_states WHERE annotator = ? AND state = 'done'",
            [annotator],
        ).fetchone()[0]
        return int(done), self.document_count()

    def next_open_document(self, annotator: str, after_position: int) -> str | None:
        """The first document after ``after_position`` (wrapping) ``annotator`` has not done."""
        for where in ("d.position > ?", "d.position <= ?"):
            row = self.db.execute(
                "SELECT d.id FROM documents d LEFT JOIN document_states st "
                "ON st.document_id = d.id AND st.annotator = ? "
                f"WHERE {where} AND coalesce(st.state, 'new') != 'done' "
                "ORDER BY d.position LIMIT 1",
                [annotator, after_position],
            ).fetchone()
            if row is not None:
                return str(row[0])
        return None

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
            _WRITE_STATE,
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
            _INSERT_AUDIT,
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


    # -- added for skipping stale undo steps (history.py); to be ported into the journal ----

    def history_entries(self, user: str, *, undone: bool) -> Generator[HistoryEntry]:
        """Like :meth:`history_entry`, then the next ones in the same order, read lazily."""
        order = "ASC" if undone else "DESC"
        cursor = self.db.execute(
            "SELECT id, user, description, edits, undone FROM history "
            f"WHERE user = ? AND undone = ? ORDER BY id {order}",
            [user, int(undone)],
        )
        for row in cursor:
            edits = tuple(Edit.from_json(e) for e in orjson.loads(row[3]))
            yield HistoryEntry(row[0], row[1], row[2], edits, bool(row[4]))

    def span_rows(self, span_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The current rows (as :func:`span_to_row`) of these spans; absent ones left out.

        One statement for a whole undo step: checking a 5,000-span step one span at a
        time took 0.2 s, and the Undo menu text is checked after every change."""
        wanted = list(span_ids)
        if not wanted:
            return {}
        cursor = self.db.conn.execute(
            f"SELECT {self._SPAN_COLUMNS} FROM spans WHERE id IN (SELECT value FROM json_each(?))",
            [_dumps(wanted)],
        )
        return {row["id"]: row for row in (span_to_row(_span_from_tuple(t)) for t in cursor)}

    def drop_history(self, entry_ids: Iterable[int]) -> None:
        """Forget undo steps that can no longer be taken."""
        for entry_id in entry_ids:
            self.db.execute("DELETE FROM history WHERE id = ?", [entry_id])


def _review_state(total: int, pending: int) -> ReviewState:
    if total == 0:
        return ReviewState.UNANNOTATED
    if pending == total:
        return ReviewState.UNREVIEWED
    if pending:
        return ReviewState.IN_REVIEW
    return ReviewState.REVIEWED


def fts_query(search: str) -> str:
    """Turn what a person typed into a safe FTS5 query: every word, as a prefix."""
    words = [w.replace('"', '""') for w in search.split() if w]
    return " ".join(f'"{w}"*' for w in words) or '""'
