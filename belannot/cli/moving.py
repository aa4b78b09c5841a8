"""``belannot project copy``: a whole project moved between a file and a team server."""

from __future__ import annotations

import time

import click

from belannot.cli.render import terminal_progress
from belannot.core import project_copy


@click.group()
def project() -> None:
    """The project as a whole: copy it between a file and a team server."""


@project.command("copy")
@click.argument("source")
@click.argument("destination")
def project_copy_command(source: str, destination: str) -> None:
    """Copy every row of the project SOURCE into DESTINATION, a new project file or an
    empty team project (postgresql://…): documents, spans, reviews, actors, audit, undo."""
    started = time.perf_counter()
    report = project_copy.copy_locations(source, destination, terminal_progress("copying rows"))
    seconds = time.perf_counter() - started
    click.echo(
        f"copied {project_copy.shown(source)} to {project_copy.shown(destination)}: "
        f"{report.summary()} ({seconds:.1f} s)"
    )


COMMANDS = (project,)
