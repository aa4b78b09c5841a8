"""The project file itself: ``stats``, ``backup``, ``backups``, ``restore`` and ``log``."""

from __future__ import annotations

from pathlib import Path

import click

from belannot.cli import team_backups
from belannot.cli.context import Context, pass_context
from belannot.cli.render import echo_json, echo_json_line, echo_rows
from belannot.core import backup as backups
from belannot.core import restoring
from belannot.core.errors import BelannotError
from belannot.core.fileio import output_errors
from belannot.core.store import Store


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_context
def stats(context: Context, as_json: bool) -> None:
    """Count documents, spans (by label, status and annotator) and relations (by type)."""
    numbers = context.store().stats()
    if as_json:
        echo_json(numbers)
        return
    click.echo(f"project: {context.where}")
    click.echo(f"documents: {numbers['documents']}")
    click.echo(f"spans: {numbers['spans']}")
    for name, count in numbers["labels"].items():
        click.echo(f"  {name}: {count}")
    click.echo(f"relations: {numbers['relations']}")
    for name, count in numbers["relation_types"].items():
        click.echo(f"  {name}: {count}")


@click.command("backup")
@click.argument("target", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite TARGET if it exists.")
@pass_context
def backup_command(context: Context, target: Path | None, force: bool) -> None:
    """Back the project up now (to TARGET, or to the backup folder, keeping the newest 10)."""
    if context.team_url is not None:
        return team_backups.backup(context, target, force)
    path = context.path
    if not path.exists():
        raise BelannotError(f"{path} does not exist: nothing to back up")
    store = context.store()
    if target is None:
        written = backups.backup_project(store, reason=backups.MANUAL)
    else:
        if target.exists() and not force:
            raise BelannotError(f"{target} exists; use --force to overwrite it")
        with output_errors(target):
            written = store.backup_to(target)
    click.echo(f"backed up {path} to {written}")


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@pass_context
def restore_command(context: Context, source: Path) -> None:
    """Replace the project by the backup SOURCE (the current project is backed up first;
    a team project must be empty)."""
    if context.team_url is not None:
        return team_backups.restore(context, source)
    path = context.path
    Store.check_backup(source)
    held = Store.contents(source)
    current = Store.contents(path) if path.exists() else None
    saved = restoring.restore(path, source)
    if saved is not None and current is not None:
        click.echo(f"the previous project was saved to {saved} ({current.summary()})")
    click.echo(f"restored {path} from {source} ({held.summary()})")


@click.command("backups")
@pass_context
def backups_list(context: Context) -> None:
    """List the project's backups, oldest first, with what each holds."""
    if context.team_url is not None:
        listed = team_backups.listed(context)
    else:
        listed = backups.list_backups(context.path)
    echo_rows(
        (
            found.taken.isoformat(timespec="seconds"),
            found.reason,
            Store.contents(found.path).summary(),
            found.path,
        )
        for found in listed
    )


@click.command("log")
@click.option("--doc", "document_id", help="Only changes to this document.")
@click.option("--user", "user", help="Only changes by this user.")
@click.option("--limit", type=click.IntRange(min=1), help="Only the newest N entries.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@pass_context
def log_command(
    context: Context, document_id: str | None, user: str | None, limit: int | None, as_json: bool
) -> None:
    """Show the audit trail: every change anyone made, oldest first."""
    entries = context.store().audit_log(document_id=document_id, user=user)
    if limit is not None:
        entries = entries[-limit:]
    for entry in entries:
        if as_json:
            echo_json_line(
                {
                    "id": entry.id,
                    "at": entry.at,
                    "user": entry.user,
                    "action": entry.action,
                    "entity": entry.entity,
                    "entity_id": entry.entity_id,
                    "document_id": entry.document_id,
                    "before": entry.before,
                    "after": entry.after,
                }
            )
        else:
            echo_rows(
                [
                    (
                        entry.at,
                        entry.user,
                        entry.action,
                        f"{entry.entity} {entry.entity_id}",
                        entry.document_id or "-",
                    )
                ]
            )


COMMANDS = (stats, backup_command, restore_command, backups_list, log_command)
