"""Opening a project for the terminal and the window alike: the default file, its bundled
corpus and first backup, and who works."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from belannot.core import backup, identity
from belannot.core.actors import default_actors
from belannot.core.errors import DamagedProjectError, ProjectFileError
from belannot.core.model import User, now_iso
from belannot.core.packaged import corpus_path
from belannot.core.store import Store, is_team_location, open_store

if TYPE_CHECKING:
    # The import pipeline and its formats load when the corpus is seeded, not at each start.
    from belannot.core.formats import ImportReport

APP_NAME = "belannot"
DEFAULT_PROJECT_NAME = "default.belannot"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_project_path() -> Path:
    return data_dir() / DEFAULT_PROJECT_NAME


def user_name(given: str | None = None) -> str:
    """Who works: ``given``, else the name the window remembered, else the login name."""
    return identity.resolve(given)[0]


def seed_bundled_corpus(store: Store, user: User) -> ImportReport | None:
    """Import the bundled articles, and the registry of who they name, into an empty
    project; leave others alone."""
    if store.document_count():
        return None
    from belannot.core.importing.pipeline import import_files

    report = import_files(store, [corpus_path()], user=user, fmt="txt")
    if not store.actor_count():
        # Seeded as the default labels are: part of the new project, not an undoable step.
        with store.transaction():
            stamp = now_iso()
            store.insert_actors(
                a.with_changes(created=stamp, updated=stamp) for a in default_actors()
            )
    return report


def seed_new_project(store: Store, user: User) -> None:
    """Fill a new default project with the bundled corpus as ``user``, then back it up:
    the first backup holds the corpus, not the empty file it was imported into."""
    seed_bundled_corpus(store, user)
    backup.maybe_daily_backup(store)


def with_restore_hint(error: ProjectFileError, path: Path) -> ProjectFileError:
    """A damaged file: say which backup would bring the project back, and what it holds."""
    if not isinstance(error, DamagedProjectError):
        return error
    from belannot.core import restoring

    offer = restoring.restore_offer(path)
    if offer.backup is None or offer.held is None:
        return error
    return DamagedProjectError(
        f"{error}\nThe newest backup, taken {offer.backup.when()}, holds "
        f"{offer.held.summary()}; the current file: {offer.current.summary()}. "
        f"To put the backup in place: belannot --db {path} restore {offer.backup.path}"
    )


def open_project(path: Path | str) -> Store:
    """The project at ``path`` (made if missing), or the team project at a URL; a damaged
    file names the backup to restore."""
    if is_team_location(path):
        return open_store(path)
    path = Path(path)
    try:
        return Store.open(path)
    except ProjectFileError as error:
        raise with_restore_hint(error, path) from error
