"""``belannot gui`` (and belannot with no command): the annotation window, built by app."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from belannot.cli.context import Context, pass_context
from belannot.core.errors import DamagedProjectError

NO_DISPLAY = (
    "no display: set DISPLAY or WAYLAND_DISPLAY, or run with QT_QPA_PLATFORM=offscreen "
    "for --screenshot"
)


def display_available() -> bool:
    """Whether Qt can find a screen: elsewhere than X11/Wayland systems there always is one.

    Without one, Qt aborts the process with a misleading message about xcb libraries.
    """
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


@click.command()
@click.option(
    "--screenshot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Render the window to this PNG and exit.",
)
@click.option("--doc", "document_id", help="Open this document first.")
@click.option(
    "--welcome", is_flag=True, help="With --screenshot: draw the first-run welcome over the window."
)
@pass_context
def gui(context: Context, screenshot: Path | None, document_id: str | None, welcome: bool) -> None:
    """Open the annotation window."""
    if not display_available():
        if screenshot is None:
            click.echo(NO_DISPLAY, err=True)
            sys.exit(2)
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a picture needs no screen
    from belannot.app import run_window  # Qt is loaded only when a window is wanted

    # A new default project is seeded once the window knows who is working, so the
    # import is not attributed to the OS account of someone who then types another name.
    seed_later = (
        context.team_url is None and context.db_path is None and not context.path.exists()
    )
    try:
        # The window starts the daily backup once it has painted.
        store = context.store(seed=not seed_later, back_up_now=False)
    except DamagedProjectError as error:
        from belannot.app import open_after_restore

        opened = open_after_restore(context.path, error)
        if opened is None:
            raise
        store = context.adopt(opened)
    # Without --user the window uses the remembered name or asks for one on first launch;
    # on a team project it is the login, always.
    user = context.user() if context.user_name or context.team_url else None
    sys.exit(
        run_window(
            store,
            user,
            screenshot=screenshot,
            document_id=document_id,
            seed_corpus=seed_later,
            welcome=welcome,
            backups=context.backups,
        )
    )
