"""Where the window's project lives, as the window names it: a file's path or a team URL."""

from __future__ import annotations

from belannot.core.reader import ProjectReader
from belannot.core.store import is_team_location
from belannot.ui.first_run import display_path


def shown_location(store: ProjectReader) -> str:
    """The project's file or its team project's URL without the password (never shown)."""
    location = store.location
    if isinstance(location, str) and is_team_location(location):
        # Loaded only here: the store of a team project has loaded psycopg already.
        from belannot.core.store.postgres import shown_url

        return shown_url(location)
    return str(location or "")


def status_text(store: ProjectReader) -> str:
    """The status bar's: a file under the home folder as ~/…, a team project's URL."""
    if is_team_location(store.location):
        return shown_location(store)
    return display_path(store.path)


def is_team(store: ProjectReader) -> bool:
    return is_team_location(store.location)
