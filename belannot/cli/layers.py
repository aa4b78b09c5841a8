"""``belannot layer export/import``: one annotator's layer taken offline and brought back."""

from __future__ import annotations

from pathlib import Path

import click

from belannot.cli.context import Context, pass_context
from belannot.core.layer_file import check_layer_user, export_layer, read_layer_user
from belannot.core.layers import import_layer


@click.group()
def layer() -> None:
    """One annotator's layer in a file: to work offline, then bring the work back."""


@layer.command("export")
@click.option("--user", "name", help="Whose layer (default: who works).")
@click.option(
    "--documents",
    help="Comma-separated document ids (default: every document the user has started).",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@pass_context
def layer_export(
    context: Context, name: str | None, documents: str | None, output: Path, force: bool
) -> None:
    """Write a user's spans, relations, actor links and states on their documents."""
    store = context.store()
    user = name or context.user().name
    ids = None if documents is None else [d.strip() for d in documents.split(",") if d.strip()]
    report = export_layer(store, user, output, ids, overwrite=force)
    click.echo(
        f"wrote {user}'s layer to {output}: {report.documents} documents, "
        f"{report.spans} spans, {report.relations} relations"
    )


@layer.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_context
def layer_import(context: Context, source: Path) -> None:
    """Bring a layer file back: new and newer rows of its annotator, as one undoable step;
    running it again changes nothing, and nobody else's rows are touched."""
    store = context.store()
    if context.team_url is not None:
        # On a team project the server says who works: only the layer's annotator brings it.
        check_layer_user(read_layer_user(source), context.user().name)
    report = import_layer(store, source)
    click.echo(report.summary())


COMMANDS = (layer,)
