"""Backup policy: where project backups live, when they are made, how many are kept.

The copying itself is SQLite's online backup API, in ``store.project_file``.
Backups of a project live in their own folder under the user data directory,
named by time and reason, and only the newest :data:`KEEP` are kept. Putting a backup
back in place is :mod:`belannot.core.restoring`.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

import platformdirs

from belannot.core.errors import BelannotError
from belannot.core.fileio import clear_stale_scratch_in
from belannot.core.store.project_file import contents

APP_NAME = "belannot"
KEEP = 10
DAILY_INTERVAL = timedelta(days=1)
SUFFIX = ".belannot"

DAILY = "daily"
MANUAL = "manual"
PRE_MIGRATION = "pre-migration"
PRE_RESTORE = "pre-restore"
# The raw bytes of a project too damaged to open, set aside before a restore.
DAMAGED = "damaged"
# What a restore sets aside is the only copy of that state: never rotated away.
SET_ASIDE = frozenset({DAMAGED, PRE_RESTORE})

_STAMP_FORMAT = "%Y%m%dT%H%M%S%f"
_NAME = re.compile(r"-(\d{8}T\d{12})-([a-z-]+)\.belannot$")

log = logging.getLogger(__name__)


class Project(Protocol):
    """What a backup needs of an open project (the Store): no import of it here, so the
    store can back itself up before a migration without a cycle."""

    @property
    def path(self) -> Path | None: ...

    def backup_to(self, target: Path | str) -> Path: ...

    def document_count(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken: datetime
    reason: str

    def when(self) -> str:
        """When it was taken, in local time, to the minute."""
        return self.taken.astimezone().strftime("%Y-%m-%d %H:%M")


def backups_root() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "backups"


def backup_dir_for(project: Path | str) -> Path:
    """One folder per project file, keyed by its absolute path (two 'default' files differ)."""
    resolved = Path(project).resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8")).hexdigest()[:10]
    return backups_root() / f"{resolved.stem}-{digest}"


def backup_path_for(project: Path | str, reason: str, now: datetime | None = None) -> Path:
    return backup_dir_for(project) / backup_name(Path(project).stem, reason, now)


def backup_name(stem: str, reason: str, now: datetime | None = None) -> str:
    """A backup's file name: the project's name, when it was taken, and why."""
    taken = (now or datetime.now(UTC)).astimezone(UTC)
    return f"{stem}-{taken.strftime(_STAMP_FORMAT)}-{reason}{SUFFIX}"


def list_backups(project: Path | str) -> list[Backup]:
    """The backups of ``project``, oldest first."""
    return list_backups_in(backup_dir_for(project))


def list_backups_in(folder: Path) -> list[Backup]:
    """The backups in ``folder`` (a project's backup folder), oldest first."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.search(path.name)
        if match is None or not path.is_file():
            continue
        taken = datetime.strptime(match.group(1), _STAMP_FORMAT).replace(tzinfo=UTC)
        found.append(Backup(path, taken, match.group(2)))
    return sorted(found, key=lambda b: (b.taken, b.path.name))


def newest_backup_for(project: Path | str) -> Path | None:
    """The newest restorable backup of ``project`` (not a set-aside damaged copy) that
    holds documents; the newest empty one only when none does; None without backups."""
    usable = [b for b in list_backups(project) if b.reason != DAMAGED]
    if not usable:
        return None
    filled = _newest_with_content(usable)
    return filled if filled is not None else usable[-1].path


def _newest_with_content(backups: list[Backup]) -> Path | None:
    for found in reversed(backups):
        if not contents(found.path).empty:
            return found.path
    return None


def rotate(project: Path | str, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` backups of ``project``; returns what went.

    Never deleted: what a restore set aside (:data:`SET_ASIDE`), and the newest backup
    that holds documents, however many empty ones came after it.
    """
    return rotate_in(backup_dir_for(project), keep)


def rotate_in(folder: Path, keep: int = KEEP) -> list[Path]:
    """:func:`rotate` in the backup folder ``folder``."""
    backups = [b for b in list_backups_in(folder) if b.reason not in SET_ASIDE]
    doomed = backups[: max(len(backups) - keep, 0)]
    if not doomed:
        return []
    keeper = _newest_with_content(backups)
    gone = [b.path for b in doomed if b.path != keeper]
    for path in gone:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return gone


def backup_project(
    store: Project, *, reason: str = MANUAL, keep: int = KEEP, now: datetime | None = None
) -> Path:
    """Back ``store`` up into its backup folder, then drop the oldest beyond ``keep``."""
    if store.path is None:
        raise BelannotError("an in-memory project has no file to back up")
    target = backup_path_for(store.path, reason, now)
    # Backups are named by time, so a killed one is never retried under its name:
    # clear whatever a dead process left here, whatever it was called.
    clear_stale_scratch_in(target.parent)
    store.backup_to(target)
    rotate(store.path, keep)
    return target


def maybe_daily_backup(
    store: Project, *, now: datetime | None = None, keep: int = KEEP
) -> Path | None:
    """Back up if the newest backup is a day old or more, or holds no documents while
    the project does; never fails the caller.

    Called whenever a project is opened (CLI and window), after the bundled corpus is
    added, after the first edit of a window's session and from the window's timer; a
    failed backup is logged, not raised: it must not stop work.
    """
    if store.path is None:
        return None
    moment = now or datetime.now(UTC)
    try:
        backups = [b for b in list_backups(store.path) if b.reason != DAMAGED]
        if backups and moment - backups[-1].taken < DAILY_INTERVAL:
            # An empty newest backup protects nothing once there is work to protect.
            if not contents(backups[-1].path).empty or not store.document_count():
                return None
        return backup_project(store, reason=DAILY, keep=keep, now=moment)
    except (BelannotError, OSError) as error:
        log.warning("daily backup of %s failed: %s", store.path, error)
        return None
