"""A project a whole test module reads, on each backend: the module's own ``backend`` fixture.

A module imports ``backend`` from here (it overrides the conftest's per-test one) and builds its
module-scoped project with :func:`shared_project`; ``store``, ``fresh`` and ``new_project``
still make new projects per test, on the same backend.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from belannot.core.store import Store

# As in the conftest: the PostgreSQL half carries the postgres mark.
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request) -> str:
    """Which backend this module's run uses: its tests run once per backend, grouped."""
    return request.param


@contextmanager
def shared_project(backend: str, request, tmp_path_factory) -> Iterator[Store]:
    """A new, empty project on ``backend`` for a module-scoped fixture, removed after it."""
    if backend == "sqlite":
        project = Store.open(tmp_path_factory.mktemp("shared") / "project.belannot")
        try:
            yield project
        finally:
            project.close()
        return
    from belannot.core.store.postgres import PostgresStore
    from tests.postgres_server import drop_database, fresh_database

    admin_url = request.getfixturevalue("postgres_admin_url")
    url = fresh_database(admin_url)
    project = PostgresStore.open(url)
    try:
        yield project
    finally:
        project.close()
        drop_database(admin_url, url)


class _UndoneError(Exception):
    """Ends a hypothesis example's transaction, undoing everything it wrote."""


@contextmanager
def undone_after(store: Store) -> Iterator[None]:
    """Runs one hypothesis example in a transaction rolled back after it: the examples share
    one project (making one per example would cost a database each on the test server)."""
    try:
        with store.transaction():
            yield
            raise _UndoneError
    except _UndoneError:
        pass
