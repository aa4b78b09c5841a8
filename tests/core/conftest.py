"""The core suite runs on both backends: every test of a ``store`` runs on each."""

from __future__ import annotations

import pytest

from belannot.core.store import Store


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path) -> Store:
    """A new, empty project with the default labels: a project file, then a team project."""
    if request.param == "sqlite":
        project = Store.open(tmp_path / "project.belannot")
    else:
        from belannot.core.store.postgres import PostgresStore

        project = PostgresStore.open(request.getfixturevalue("postgres_database"))
    yield project
    project.close()


@pytest.fixture
def fresh(tmp_path):
    """A second new project file, for the tests that compare one project with another."""
    target = Store.open(tmp_path / "fresh.belannot")
    yield target
    target.close()


def pytest_collection_modifyitems(config, items):
    """A test marked ``file_project`` is about the project file itself (backups of the file,
    the disk under it, SQLite's own locks): it runs on the file backend alone."""
    about_files = [
        item
        for item in items
        if item.get_closest_marker("file_project")
        and getattr(item, "callspec", None) is not None
        and item.callspec.params.get("store") == "postgresql"
    ]
    if about_files:
        config.hook.pytest_deselected(items=about_files)
        gone = {id(item) for item in about_files}
        items[:] = [item for item in items if id(item) not in gone]
