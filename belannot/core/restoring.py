"""Restoring a project from a backup: what the backup holds against the current file,
and putting it in place (the current file set aside first, never rotated away)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from belannot.core.backup import (
    DAMAGED,
    KEEP,
    PRE_RESTORE,
    Backup,
    backup_path_for,
    backup_project,
    list_backups,
    newest_backup_for,
)
from belannot.core.errors import BelannotError, DamagedProjectError, ProjectFileError
from belannot.core.fileio import copy_unheld
from belannot.core.store import Store
from belannot.core.store.project_file import ProjectContents, check_backup, contents, copy_backup


@dataclass(frozen=True, slots=True)
class RestoreOffer:
    """A damaged project, and the backup that would take its place: what each holds."""

    project: Path
    current: ProjectContents
    backup: Backup | None
    held: ProjectContents | None


def restore_offer(project: Path | str) -> RestoreOffer:
    """What restoring the newest backup over ``project`` would change, for a person to
    decide on before anything is replaced."""
    project = Path(project)
    newest = newest_backup_for(project)
    chosen = next((b for b in list_backups(project) if b.path == newest), None)
    held = contents(chosen.path) if chosen is not None else None
    return RestoreOffer(project, contents(project), chosen, held)


def restore(project: Path | str, source: Path | str, *, keep: int = KEEP) -> Path | None:
    """Put the backup ``source`` in place of ``project``, backing the current file up first.

    Returns where the current project was saved (None if there was none). A project
    SQLite finds damaged is set aside byte for byte instead; a project that is fine
    but cannot be opened here (newer, read-only, not a belannot project) is refused.
    What is set aside is never rotated away.
    """
    project, source = Path(project), Path(source)
    check_backup(source)
    if source.resolve() == project.resolve():
        raise BelannotError(f"{source} is the project itself")
    if not project.exists():
        project.parent.mkdir(parents=True, exist_ok=True)
        copy_backup(source, project)
        return None
    try:
        current = Store.open(project, seed_labels=False)
    except DamagedProjectError:
        current = None
    except ProjectFileError as error:
        raise ProjectFileError(
            f"{error}\nNothing was restored: {project} is not damaged. To use the backup "
            f"anyway, move {project.name} somewhere else first."
        ) from error
    if current is not None:
        try:
            saved = backup_project(current, reason=PRE_RESTORE, keep=keep)
            # Through the live file, so another open window sees the restored data.
            current.restore_from(source)
        finally:
            current.close()
        return saved
    # SQLite cannot copy a damaged file: its bytes are copied, which is safe only
    # because no connection of this process holds it (copy_unheld checks).
    saved = backup_path_for(project, DAMAGED)
    copy_unheld(project, saved)
    wal = project.with_name(project.name + "-wal")
    if wal.exists():
        copy_unheld(wal, saved.with_name(saved.name + "-wal"))
    for sidecar in ("-wal", "-shm"):
        # A log beside a damaged file belongs to it, not to the restored one.
        with contextlib.suppress(FileNotFoundError):
            project.with_name(project.name + sidecar).unlink()
    copy_backup(source, project)
    return saved
