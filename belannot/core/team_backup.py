"""Backups of a team project: whole project files in the database's own backup folder."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from belannot.core import backup
from belannot.core.errors import ConflictError
from belannot.core.fileio import clear_stale_scratch_in
from belannot.core.progress import ProgressFn
from belannot.core.project_copy import CopyReport, copy_project, shown
from belannot.core.store import Store
from belannot.core.store.project_file import check_backup
from belannot.core.store.scratch_project import scratch_project


@dataclass(frozen=True, slots=True)
class Restored:
    """What a restore copied, and the users whose logins are not yet the team's."""

    report: CopyReport
    without_login: list[tuple[str, str]]
    roles_missing: bool


def backup_dir_for_team(url: str) -> Path:
    """One folder per team database (server, port and database; not the login, so every
    member's backups of it are listed together), named after the database."""
    from belannot.core.store.postgres import database_address

    host, port, name = database_address(url)
    digest = hashlib.sha256(f"{host}\n{port}\n{name}".encode()).hexdigest()[:10]
    return backup.backups_root() / f"{name}-team-{digest}"


def backup_team(
    store: Store,
    target: Path | None = None,
    *,
    reason: str = backup.MANUAL,
    keep: int = backup.KEEP,
    progress: ProgressFn | None = None,
) -> Path:
    """Copy every row of the team project ``store`` into a new project file: ``target``,
    else its backup folder (the newest ``keep`` kept). The rows are read in one snapshot
    of the server (what existed at one moment, whoever commits meanwhile), and the file
    appears under its name only once it is whole."""
    location = str(store.location)
    folder = backup_dir_for_team(location)
    if target is None:
        target = folder / backup.backup_name(folder.name.rsplit("-team-", 1)[0], reason)
        # Backups are named by time, so a killed one is never retried under its name:
        # clear whatever a dead process left here, whatever it was called.
        clear_stale_scratch_in(folder)
    with scratch_project(target) as copy:
        copy_project(store, copy, str(target), progress)
    if target.parent == folder:
        backup.rotate_in(folder, keep)
    return target


def list_team_backups(url: str) -> list[backup.Backup]:
    return backup.list_backups_in(backup_dir_for_team(url))


def restore_team(store: Store, source: Path, progress: ProgressFn | None = None) -> Restored:
    """Copy the backup ``source`` into the team project ``store``, which must be empty:
    a restore never overwrites anyone's work (`belannot project copy` semantics)."""
    check_backup(source)
    where = shown(str(store.location))
    if store.holds_work():
        raise ConflictError(
            f"{where} is not empty: a backup is restored only into an empty team database "
            "(createdb, then `belannot team init`); nothing was restored"
        )
    origin = Store.open(source, seed_labels=False)
    try:
        report = copy_project(origin, store, where, progress)
    finally:
        origin.close()
    return Restored(report, *_members_missing(store))


def _members_missing(store: Store) -> tuple[list[tuple[str, str]], bool]:
    from belannot.core.store.postgres import PostgresStore

    if not isinstance(store, PostgresStore):
        return [], False
    logins = set(store.logins())
    users = [(user.name, user.role.value) for user in store.users()]
    return [u for u in users if u not in logins], not store.has_groups()
