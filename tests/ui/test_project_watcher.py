"""ProjectWatcher: another connection's commit is noticed; our own edits are not (both backends)."""

from __future__ import annotations

import select
from pathlib import Path

import pytest

from belannot.core.commands import AddSpan
from belannot.core.history import History
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.store import Store, open_store
from belannot.ui.project_watcher import ProjectWatcher
from belannot.ui.session import Session


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path) -> Store:
    """A project file, then a team project: the window watches both the same way."""
    if request.param == "sqlite":
        location = tmp_path / "project.belannot"
    else:
        location = request.getfixturevalue("postgres_database")
    project = open_store(location)
    yield project
    project.close()


@pytest.fixture
def project(store, alice, corpus_copy):
    import_files(store, [corpus_copy], user=alice)
    return store


def test_a_commit_by_another_connection_is_announced(qtbot, project, bob):
    watcher = ProjectWatcher(project, interval_ms=10)
    watcher.start()
    other = open_store(project.location)
    try:
        with qtbot.waitSignal(watcher.changed_elsewhere, timeout=5000):
            History(other).do(AddSpan(other.document_ids()[0], 0, 5, "actor"), bob)
    finally:
        other.close()
        watcher.stop()
    # ... and the window's own store reads the new span at once.
    assert [s.annotator for s in project.spans(project.document_ids()[0])] == ["bob"]


def test_our_own_edits_are_not_announced(qtbot, project, alice):
    session = Session(project, alice)
    watcher = ProjectWatcher(project)
    with qtbot.assertNotEmitted(watcher.changed_elsewhere):
        session.run(AddSpan(project.document_ids()[0], 0, 5, "actor"))
        assert watcher.check() is False


def test_each_foreign_commit_is_announced_once(qtbot, project):
    watcher = ProjectWatcher(project)
    other = open_store(project.location)
    try:
        other.add_user(User("carol"))
        # A server's notification reaches us a moment after the commit; SQLite's at once.
        with qtbot.waitSignal(watcher.changed_elsewhere, timeout=3000):
            qtbot.waitUntil(watcher.check, timeout=3000)
        assert watcher.check() is False
    finally:
        other.close()


def test_start_and_stop(qtbot, project):
    watcher = ProjectWatcher(project, interval_ms=50)
    watcher.start()
    assert watcher.is_active()
    watcher.stop()
    assert not watcher.is_active()


def test_a_team_project_wakes_the_watcher_a_project_file_is_polled(project):
    watcher = ProjectWatcher(project)
    assert watcher.listens() is (project.change_descriptor() is not None)
    assert watcher.listens() is (not isinstance(project.location, Path))


@pytest.mark.postgres
def test_a_dropped_server_connection_stops_the_listening_with_no_traceback(
    qtbot, postgres_database
):
    project = open_store(postgres_database)
    watcher = ProjectWatcher(project, interval_ms=600_000)
    watcher.start()
    killer = open_store(postgres_database)
    try:
        descriptor = project.change_descriptor()
        assert descriptor is not None
        killer.db.execute("SELECT pg_terminate_backend(?)", [project.pg.pg.info.backend_pid])
        assert select.select([descriptor], [], [], 10)[0]  # the socket says: closed
        with qtbot.assertNotEmitted(watcher.changed_elsewhere):
            qtbot.waitUntil(lambda: not watcher.is_listening(), timeout=5000)
        assert watcher.check() is False
    finally:
        watcher.stop()
        killer.close()
        project.close()
