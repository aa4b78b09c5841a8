"""belannot from the terminal: a thin click skin over belannot.core."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Any

import click
import orjson

from belannot import __version__
from belannot.core import backup as backups
from belannot.core.bundled import default_project_path, seed_bundled_corpus
from belannot.core.errors import (
    BelannotError,
    NewerProjectError,
    ProjectFileError,
    StorageError,
)
from belannot.core.formats.jsonl import export_jsonl
from belannot.core.importer import FORMATS, import_files
from belannot.core.model import Role, SpanStatus, User, ValidationError
from belannot.core.store import SpanFilter, Store, translate_error


def default_user_name() -> str:
    try:
        return getpass.getuser() or "annotator"
    except (KeyError, OSError):
        return "annotator"


def with_restore_hint(error: ProjectFileError, path: Path) -> ProjectFileError:
    """A damaged or foreign file: say which backup would bring the project back."""
    newest = backups.newest_backup_for(path)
    if newest is None or isinstance(error, StorageError | NewerProjectError):
        return error
    return ProjectFileError(
        f"{error}\nThe newest backup is {newest}; to put it in place: "
        f"belannot --db {path} restore {newest}"
    )


class Context:
    """What every command gets: where the project is and who is working."""

    def __init__(self, db: Path | None, user_name: str | None) -> None:
        self.db_path = db
        self.user_name = user_name
        self._store: Store | None = None

    @property
    def path(self) -> Path:
        return self.db_path or default_project_path()

    def store(self) -> Store:
        if self._store is None:
            path = self.path
            fresh = not path.exists()
            try:
                self._store = Store.open(path)
            except ProjectFileError as error:
                raise with_restore_hint(error, path) from error
            if fresh and self.db_path is None:
                seed_bundled_corpus(self._store, self.user())
            backups.maybe_daily_backup(self._store)
        return self._store

    def user(self) -> User:
        """The current user as stored (their role), added as an annotator if new."""
        name = self.user_name or default_user_name()
        store = self._store
        if store is None:
            return User(name)
        try:
            return store.ensure_user(name)
        except ValidationError as error:
            raise BelannotError(f"--user: {error}") from error

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


class BelannotGroup(click.Group):
    """Shows BelannotError as a one-line message on stderr (exit 1), never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BelannotError as error:
            raise click.ClickException(str(error)) from error
        except Exception as error:
            # A damaged file can fail any read, long after it opened: say so, plainly.
            translated = translate_error(error, None)
            if isinstance(translated, BelannotError):
                raise click.ClickException(str(translated)) from error
            raise


pass_context = click.make_pass_decorator(Context)


@click.group(cls=BelannotGroup, invoke_without_command=True)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="BELANNOT_DB",
    help="Project file (default: the default project in the user data folder).",
)
@click.option(
    "--user", "user_name", envvar="BELANNOT_USER", help="Who is working (default: OS user)."
)
@click.version_option(__version__, prog_name="belannot")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, user_name: str | None) -> None:
    """belannot: label actors, events, predictions and quotes in news articles.

    With no command, opens the annotation window.
    """
    context = Context(db, user_name)
    ctx.obj = context
    ctx.call_on_close(context.close)
    if ctx.invoked_subcommand is None:
        ctx.invoke(gui)


@cli.command()
@click.option(
    "--screenshot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Render the window to this PNG and exit.",
)
@click.option("--doc", "document_id", help="Open this document first.")
@pass_context
def gui(context: Context, screenshot: Path | None, document_id: str | None) -> None:
    """Open the annotation window."""
    from belannot.app import run_window  # Qt is loaded only when a window is wanted

    store = context.store()
    sys.exit(run_window(store, context.user(), screenshot=screenshot, document_id=document_id))


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="auto", show_default=True)
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of text files.")
@click.option("--as-annotator", help="Annotator of imported spans that name none.")
@pass_context
def import_command(
    context: Context, paths: tuple[Path, ...], fmt: str, encoding: str, as_annotator: str | None
) -> None:
    """Import text files, folders and belannot JSONL. All or nothing."""
    store = context.store()
    report = import_files(
        store,
        list(paths),
        user=context.user(),
        fmt=fmt,
        as_annotator=as_annotator,
        encoding=encoding,
    )
    click.echo(f"{report.files} files: {report.summary()}")


def span_filter_options(function: Any) -> Any:
    for option in reversed(
        [
            click.option("--approved-only", is_flag=True, help="Only approved (gold) spans."),
            click.option("--annotator", "annotators", multiple=True, help="Only this annotator's."),
            click.option("--label", "labels", multiple=True, help="Only this label (repeatable)."),
            click.option(
                "--status",
                "statuses",
                multiple=True,
                type=click.Choice([s.value for s in SpanStatus]),
                help="Only spans with this status (repeatable).",
            ),
        ]
    ):
        function = option(function)
    return function


def build_span_filter(
    approved_only: bool,
    annotators: tuple[str, ...],
    labels: tuple[str, ...],
    statuses: tuple[str, ...],
) -> SpanFilter:
    chosen = tuple(SpanStatus(s) for s in statuses)
    if approved_only:
        chosen = (SpanStatus.APPROVED,)
    return SpanFilter(annotators=annotators, labels=labels, statuses=chosen)


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@span_filter_options
@pass_context
def export_command(
    context: Context,
    fmt: str,
    output: Path,
    force: bool,
    approved_only: bool,
    annotators: tuple[str, ...],
    labels: tuple[str, ...],
    statuses: tuple[str, ...],
) -> None:
    """Export documents and their spans."""
    store = context.store()
    unknown = [name for name in labels if store.label(name) is None]
    if unknown:
        raise BelannotError(f"--label: unknown label {', '.join(unknown)}")
    span_filter = build_span_filter(approved_only, annotators, labels, statuses)
    report = export_jsonl(store, output, span_filter=span_filter, overwrite=force)
    click.echo(f"wrote {report.documents} documents, {report.spans} spans to {report.path}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_context
def stats(context: Context, as_json: bool) -> None:
    """Count documents and spans, by label, status and annotator."""
    numbers = context.store().stats()
    if as_json:
        click.echo(orjson.dumps(numbers, option=orjson.OPT_INDENT_2).decode())
        return
    click.echo(f"project: {context.path}")
    click.echo(f"documents: {numbers['documents']}")
    click.echo(f"spans: {numbers['spans']}")
    for name, count in numbers["labels"].items():
        click.echo(f"  {name}: {count}")


@cli.group()
def users() -> None:
    """Who works on the project, and in which role."""


@users.command("add")
@click.argument("name")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), default="annotator", show_default=True
)
@pass_context
def users_add(context: Context, name: str, role: str) -> None:
    """Add a user, or change an existing user's role."""
    try:
        user = User(name, Role(role))
    except ValidationError as error:
        raise BelannotError(str(error)) from error
    context.store().add_user(user)
    click.echo(f"{user.name}: {user.role.value}")


@users.command("list")
@pass_context
def users_list(context: Context) -> None:
    """List users and their roles."""
    for user in context.store().users():
        click.echo(f"{user.name}\t{user.role.value}")


@cli.group()
def labels() -> None:
    """The project's label schema."""


@labels.command("list")
@pass_context
def labels_list(context: Context) -> None:
    """List labels in schema order with colour and hotkey."""
    for label in context.store().labels():
        click.echo(f"{label.hotkey or '-'}\t{label.name}\t{label.color}\t{label.description}")


@cli.command("backup")
@click.argument("target", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite TARGET if it exists.")
@pass_context
def backup_command(context: Context, target: Path | None, force: bool) -> None:
    """Back the project up now (to TARGET, or to the backup folder, keeping the newest 10)."""
    path = context.path
    if not path.exists():
        raise BelannotError(f"{path} does not exist: nothing to back up")
    store = context.store()
    if target is None:
        written = backups.backup_project(store, reason=backups.MANUAL)
    else:
        if target.exists() and not force:
            raise BelannotError(f"{target} exists; use --force to overwrite it")
        written = store.backup_to(target)
    click.echo(f"backed up {path} to {written}")


@cli.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@pass_context
def restore_command(context: Context, source: Path) -> None:
    """Replace the project by the backup SOURCE (the current project is backed up first)."""
    path = context.path
    documents = Store.check_backup(source)
    saved = backups.restore(path, source)
    if saved is not None:
        click.echo(f"the previous project was saved to {saved}")
    click.echo(f"restored {path} from {source} ({documents} documents)")


@cli.command("backups")
@pass_context
def backups_list(context: Context) -> None:
    """List the project's backups, oldest first."""
    for found in backups.list_backups(context.path):
        click.echo(f"{found.taken.isoformat(timespec='seconds')}\t{found.reason}\t{found.path}")


@cli.command("log")
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
            click.echo(
                orjson.dumps(
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
                ).decode()
            )
        else:
            click.echo(
                f"{entry.at}\t{entry.user}\t{entry.action}\t{entry.entity} {entry.entity_id}"
                f"\t{entry.document_id or '-'}"
            )


def main() -> None:
    cli(prog_name="belannot")
