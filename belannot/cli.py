"""belannot from the terminal: a thin click skin over belannot.core."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Any

import click
import orjson

from belannot import __version__
from belannot.core.bundled import default_project_path, seed_bundled_corpus
from belannot.core.errors import BelannotError
from belannot.core.formats.exporting import ExportOptions, OverlapPolicy, parse_splits
from belannot.core.formats.registry import EXPORT_FORMATS
from belannot.core.formats.registry import export as export_formats
from belannot.core.importer import FORMATS, import_files
from belannot.core.model import Role, SpanStatus, User, ValidationError
from belannot.core.store import SpanFilter, Store


def default_user_name() -> str:
    try:
        return getpass.getuser() or "annotator"
    except (KeyError, OSError):
        return "annotator"


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
            self._store = Store.open(path)
            if fresh and self.db_path is None:
                seed_bundled_corpus(self._store, self.user())
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
    """Import text, belannot JSONL, doccano, Prodigy, Label Studio, brat or CoNLL. All or nothing.

    The format is detected from each file's content unless --format says it.
    Spans go to the annotator the data names (Label Studio, Prodigy, belannot
    JSONL), else to --as-annotator, else to the current user.
    """
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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORT_FORMATS)),
    default="jsonl",
    show_default=True,
    help="jsonl, spacy (.spacy DocBin), hf (datasets folder), prodigy, doccano, "
    "label-studio, brat (folder, or .zip), conll (IOB2).",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@span_filter_options
@click.option(
    "--split",
    "split_spec",
    help="Assign whole documents to splits, e.g. train=0.8,dev=0.1,test=0.1; "
    "writes one output per split (out.train.jsonl …).",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed of the split assignment."
)
@click.option(
    "--conll-overlap",
    type=click.Choice([p.value for p in OverlapPolicy]),
    default="longest",
    show_default=True,
    help="Which overlapping span keeps the tokens where one label per token fits "
    "(conll, hf ner_tags, spacy doc.ents); priority follows the label order.",
)
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
    split_spec: str | None,
    seed: int,
    conll_overlap: str,
) -> None:
    """Export documents and their spans."""
    store = context.store()
    unknown = [name for name in labels if store.label(name) is None]
    if unknown:
        raise BelannotError(f"--label: unknown label {', '.join(unknown)}")
    span_filter = build_span_filter(approved_only, annotators, labels, statuses)
    options = ExportOptions(
        span_filter=span_filter, overwrite=force, overlap=OverlapPolicy(conll_overlap)
    )
    splits = parse_splits(split_spec) if split_spec else None
    for report in export_formats(store, fmt, output, options, splits=splits, seed=seed):
        prefix = f"{report.split}: " if report.split else ""
        click.echo(prefix + report.summary())
        for note in report.notes[:_NOTES_SHOWN]:
            click.echo(f"  {note}")
        if len(report.notes) > _NOTES_SHOWN:
            click.echo(f"  … and {len(report.notes) - _NOTES_SHOWN} more")


_NOTES_SHOWN = 20


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


def main() -> None:
    cli(prog_name="belannot")
