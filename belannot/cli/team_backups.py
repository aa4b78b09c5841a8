"""``backup``, ``backups`` and ``restore`` on a team project: whole project files."""

from __future__ import annotations

from pathlib import Path

import click

from belannot.cli.context import Context
from belannot.cli.render import terminal_progress
from belannot.core import team_backup
from belannot.core.backup import Backup
from belannot.core.errors import BelannotError
from belannot.core.fileio import output_errors
from belannot.core.store import Store


def backup(context: Context, target: Path | None, force: bool) -> None:
    if target is not None and target.exists() and not force:
        raise BelannotError(f"{target} exists; use --force to overwrite it")
    written = target or team_backup.backup_dir_for_team(context.where)
    with output_errors(written):
        written = team_backup.backup_team(context.store(), target)
    click.echo(f"backed up {context.where} to {written}")


def listed(context: Context) -> list[Backup]:
    return team_backup.list_team_backups(str(context.team_url))


def restore(context: Context, source: Path) -> None:
    # restore_team checks the backup first: what it holds is read once it is known whole.
    done = team_backup.restore_team(context.store(), source, terminal_progress("restoring rows"))
    held = Store.contents(source)
    where = context.where
    click.echo(f"restored {where} from {source} ({held.summary()})")
    if done.roles_missing:
        click.echo(
            f"{where} has no team roles yet: its owner runs `belannot team init {where}`, "
            "then `belannot team add-user NAME --role ROLE` for each user"
        )
    elif done.without_login:
        names = ", ".join(f"{name} ({role})" for name, role in done.without_login)
        click.echo(
            f"not yet logins of this team project: {names}; its owner runs "
            "`belannot team add-user NAME --role ROLE` for each"
        )
