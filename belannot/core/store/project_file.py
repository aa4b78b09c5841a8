"""The project file: checks before opening, and every copy of it, made through SQLite only."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from belannot.core import schema
from belannot.core.errors import (
    BelannotError,
    DamagedProjectError,
    NewerProjectError,
    ProjectBusyError,
    ProjectFileError,
    StorageError,
)
from belannot.core.fileio import no_space_error, scratch_beside, sync_file
from belannot.core.store.connection import connect, translate_error

# Files up to this size get a full quick_check on open, so damage is reported
# at once rather than halfway through someone's work.
QUICK_CHECK_LIMIT_BYTES = 64 * 1024 * 1024


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


def check_project_file(path: Path, *, integrity: str = "quick_check", hint: bool = True) -> None:
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


def check_writable(path: Path) -> None:
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


def copy_through_sqlite(origin: sqlite3.Connection, target: Path) -> Path:
    """Copy the database of ``origin`` to ``target`` with SQLite's backup API, through a
    scratch file renamed into place: a killed copy never leaves a partial ``target``."""
    if origin.in_transaction:
        # SQLite's backup of a connection that is itself writing retries forever.
        raise ProjectBusyError(
            f"cannot back up to {target} in the middle of a change; try again when it is saved"
        )
    part = scratch_beside(target)
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


class BackupSource:
    """A connection of its own on the project at ``path``, for a backup made beside the
    window's or a command's connection (another thread): what :mod:`belannot.core.backup`
    needs of a project, nothing more. Opening it changes nothing in the file."""

    def __init__(self, path: Path) -> None:
        self.path: Path | None = path
        try:
            self._conn = connect(path)
        except sqlite3.DatabaseError as error:
            raise StorageError(f"{path} cannot be opened to back it up: {error}") from error

    def backup_to(self, target: Path | str) -> Path:
        return copy_through_sqlite(self._conn, Path(target))

    def document_count(self) -> int:
        try:
            return int(self._conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        except sqlite3.DatabaseError as error:
            raise StorageError(f"{self.path} cannot be read to back it up: {error}") from error

    def close(self) -> None:
        self._conn.close()


def _remove_scratch(part: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(_sidecar(part, suffix))


def copy_backup(source: Path | str, target: Path | str) -> Path:
    """Copy the intact project file ``source`` (a backup) to ``target``, through SQLite."""
    source = Path(source)
    check_backup(source)
    try:
        origin = sqlite3.connect(_look_uri(source), uri=True)
    except sqlite3.DatabaseError as error:
        raise _unreadable(error, source, hint=False) from error
    try:
        return copy_through_sqlite(origin, Path(target))
    finally:
        origin.close()


def check_backup(path: Path | str) -> int:
    """Refuse anything but an intact belannot project; returns its document count."""
    path = Path(path)
    if not path.is_file():
        raise ProjectFileError(f"{path} does not exist or is not a file")
    check_project_file(path, integrity="integrity_check", hint=False)
    held = contents(path)
    if not held.version or held.documents is None:
        raise ProjectFileError(f"{path} is not a belannot project (no belannot tables)")
    return held.documents


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


def copy_into(source: Path, conn: sqlite3.Connection) -> None:
    """Replace the whole database of ``conn`` by the backup at ``source`` (checked first)."""
    origin = sqlite3.connect(_look_uri(source), uri=True)
    try:
        origin.backup(conn, pages=-1)
    finally:
        origin.close()
