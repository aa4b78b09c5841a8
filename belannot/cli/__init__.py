"""belannot from the terminal: a thin click skin over belannot.core; the window via app."""

from __future__ import annotations

from pathlib import Path

import click

from belannot import __version__
from belannot.cli.context import BelannotGroup, Context
from belannot.cli.gui import gui
from belannot.cli.lazy import LazyCommands
from belannot.core import identity
from belannot.core.store import is_team_location


def project_path(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> Path | str | None:
    """--db as a path, or a team project's postgresql:// URL; any other URL is refused before
    ``Path`` turns ``a://b`` into a folder ``a:``."""
    if value is not None and is_team_location(value):
        return value
    if value is not None and "://" in value:
        # Parsing runs before BelannotGroup.invoke: a ClickException is its one line too.
        raise click.ClickException(
            f"--db {value}: belannot opens a project file (a path) or a team project "
            "(postgresql://user@host/database), not this URL"
        )
    return None if value is None else Path(value)


@click.group(cls=BelannotGroup, invoke_without_command=True)
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    callback=project_path,
    envvar="BELANNOT_DB",
    help="Project file, or a team project's postgresql://user@host/database URL "
    "(default: the default project in the user data folder).",
)
@click.option(
    "--user",
    "user_name",
    envvar="BELANNOT_USER",
    help="Who is working (default: the name the window remembered, else the OS user).",
)
@click.version_option(__version__, prog_name="belannot")
@click.pass_context
def cli(ctx: click.Context, db: Path | str | None, user_name: str | None) -> None:
    """belannot: label actors, events, predictions and quotes in news articles.

    With no command, opens the annotation window.
    """
    from_env = ctx.get_parameter_source("user_name") is click.core.ParameterSource.ENVIRONMENT
    source = identity.Source.ENVIRONMENT if from_env else identity.Source.OPTION
    context = Context(db, user_name, source)
    ctx.obj = context
    ctx.call_on_close(context.close)
    if ctx.invoked_subcommand is None:
        ctx.invoke(gui)


cli.add_command(gui)
# The other commands: each module loads when its command runs (see cli/lazy.py).
cli.commands = LazyCommands(cli.commands)


def main() -> None:
    """The belannot and belannot-gui scripts: with no command, the window opens."""
    cli(prog_name="belannot")
