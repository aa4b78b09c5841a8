"""The core suite runs on both backends: every test of a project runs on each."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from belannot.core.store import Store

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """Which backend this run of the test uses; every project fixture below follows it."""
    return request.param


@pytest.fixture
def new_project(backend, request, tmp_path) -> Iterator[Callable[[], Store]]:
    """Makes new, empty projects on this run's backend (files, or databases on the test
    server), closed and removed after the test: for tests that need more than one."""
    made: list[Store] = []

    def make() -> Store:
        if backend == "sqlite":
            project = Store.open(tmp_path / f"project-{len(made)}.belannot")
        else:
            from belannot.core.store.postgres import PostgresStore
            from tests.postgres_server import fresh_database

            admin_url = request.getfixturevalue("postgres_admin_url")
            project = PostgresStore.open(fresh_database(admin_url))
        made.append(project)
        return project

    yield make
    for project in made:
        location = project.location
        project.close()
        if backend == "postgresql":
            from tests.postgres_server import drop_database

            drop_database(request.getfixturevalue("postgres_admin_url"), str(location))


@pytest.fixture
def store(new_project) -> Store:
    """A new, empty project with the default labels: a project file, then a team project."""
    return new_project()


@pytest.fixture
def fresh(new_project) -> Store:
    """A second new project on the same backend, for tests that compare one with another."""
    return new_project()


def pytest_collection_modifyitems(config, items):
    """A test marked ``file_project`` is about the project file itself (backups of the file,
    the disk under it, SQLite's own locks): it runs on the file backend alone."""
    about_files = [
        item
        for item in items
        if item.get_closest_marker("file_project")
        and getattr(item, "callspec", None) is not None
        and item.callspec.params.get("backend") == "postgresql"
    ]
    if about_files:
        config.hook.pytest_deselected(items=about_files)
        gone = {id(item) for item in about_files}
        items[:] = [item for item in items if id(item) not in gone]
