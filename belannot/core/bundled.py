"""Where the bundled corpus and resources are, and the default project that uses them."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from belannot.core.formats import ImportReport
from belannot.core.importer import import_files
from belannot.core.model import User
from belannot.core.packaged import bundled_dir as bundled_dir  # re-exported: older callers
from belannot.core.store import Store

APP_NAME = "belannot"
DEFAULT_PROJECT_NAME = "default.belannot"


def corpus_path() -> Path:
    """The bundled corpus as a real folder path (it ships unzipped)."""
    return Path(str(bundled_dir("corpus")))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_project_path() -> Path:
    return data_dir() / DEFAULT_PROJECT_NAME


def seed_bundled_corpus(store: Store, user: User) -> ImportReport | None:
    """Import the bundled articles into an empty project; leave others alone."""
    if store.document_count():
        return None
    return import_files(store, [corpus_path()], user=user, fmt="txt")
