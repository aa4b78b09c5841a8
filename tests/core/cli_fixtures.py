"""Projects for terminal tests on the run's backend: a file path or a team project's URL."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from belannot.core.model import Role
from belannot.core.store import Store


def db_argument(store: Store) -> str:
    """What ``--db`` takes for ``store``; on a team project the login the test server gives
    every connection is made a member first, since the terminal works as that login."""
    if store.login:
        store.ensure_user(store.login, Role.REVIEWER)
    return str(store.location)


def user_option(store: Store, name: str) -> list[str]:
    """``--user name`` on a project file; nothing on a team project, where you are the login."""
    return [] if store.login else ["--user", name]


@pytest.fixture
def cli_project(new_project) -> Callable[..., tuple[Store, str]]:
    """Makes a project on this run's backend, filled by ``fill`` if given: (store, --db)."""

    def make(fill: Callable[[Store], object] | None = None) -> tuple[Store, str]:
        store = new_project()
        if fill is not None:
            fill(store)
        return store, db_argument(store)

    return make
