"""The window's suggestions come from a worker process: a child of the window's process,
started again when killed, ended when the window's process dies, replaced by the window's
own thread pool (with one notice) when it cannot start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from window_fixtures import KEY, drag, key, open_window, string_matcher_project

from belannot import app
from belannot.core.store.postgres import PostgresStore
from belannot.ui.suggesting import Suggesting
from belannot.ui.suggestion_process import SuggestionWorker

WINDOW_WORKER = Path(__file__).resolve().parents[1] / "workers" / "suggestion_window_worker.py"


@pytest.fixture(autouse=True)
def received(monkeypatch):
    """The last Found each window received, as ``suggesting.last_found`` (patched on the
    class: still a bound slot, so a pool thread's answer arrives on the UI thread)."""
    on_found = Suggesting._on_found

    def spy(self, result):
        self.last_found = result[1]
        on_found(self, result)

    monkeypatch.setattr(Suggesting, "_on_found", spy)


def found_by(qtbot, window):
    """The Found of a computation started now, as the window receives it."""
    qtbot.waitUntil(lambda: not window.suggesting.is_busy(), timeout=30_000)
    with qtbot.waitSignal(window.suggesting.shown, timeout=30_000):
        assert window.suggesting.compute() is not None
    return window.suggesting.last_found


def macron_by_hand(qtbot, window):
    drag(qtbot, window.article_view, 27, 32)
    key(qtbot, window, KEY.Key_1)


def offered(window):
    return [(s.start, s.end, s.label) for s in window.suggesting.layer.suggestions()]


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")  # a zombie has ended; its new parent reaps it


def test_the_window_s_suggestions_are_computed_in_another_process(qtbot, store, settings):
    window = open_window(qtbot, string_matcher_project(store), "alice", settings)
    macron_by_hand(qtbot, window)
    found = found_by(qtbot, window)
    assert found.computed_by != os.getpid()
    assert found.computed_by == window.suggesting.service.pid
    assert found.document_id == "a"


def test_a_killed_worker_is_started_again_at_the_next_change(qtbot, store, settings):
    window = open_window(qtbot, string_matcher_project(store), "alice", settings, document_id="b")
    worker = window.suggesting.service
    first = found_by(qtbot, window).computed_by
    os.kill(first, signal.SIGKILL)
    qtbot.waitUntil(lambda: worker.process is None, timeout=30_000)
    window.open_document("a")
    macron_by_hand(qtbot, window)  # the change: "Macron" now suggested in b
    window.open_document("b")
    qtbot.waitUntil(lambda: len(offered(window)) == 2, timeout=30_000)
    second = found_by(qtbot, window).computed_by
    assert second not in (first, os.getpid())


def test_a_worker_that_cannot_start_leaves_them_to_the_window_with_one_notice(
    qtbot, store, settings, monkeypatch
):
    project = string_matcher_project(store)
    broken = SuggestionWorker(command=[str(Path(store.location).parent / "no-such-python")])
    monkeypatch.setattr(app, "suggestion_worker", lambda: broken)
    window = open_window(qtbot, project, "alice", settings)
    macron_by_hand(qtbot, window)
    window.open_document("b")
    qtbot.waitUntil(lambda: len(offered(window)) == 2, timeout=30_000)
    assert found_by(qtbot, window).computed_by == os.getpid()
    assert broken.unstartable is not None
    # The notice goes with the first computation the window makes itself, and only it.
    models = window.suggesting.models
    again = [broken.computation(store.location, "alice", "b", 1, models) for _ in range(2)]
    assert [t.work(store, None, lambda: False)[1].notices for t in again] == [[], []]
    fresh = SuggestionWorker(command=[str(Path(store.location).parent / "no-such-python")])
    told = [fresh.computation(store.location, "alice", "b", 1, models) for _ in range(2)]
    notices = [t.work(store, None, lambda: False)[1].notices for t in told]
    assert len(notices[0]) == 1 and notices[1] == []
    assert "computed in the window" in notices[0][0] and "\n" not in notices[0][0]


@pytest.mark.postgres
def test_a_team_window_s_suggestions_come_from_the_worker(qtbot, postgres_database, settings):
    team = PostgresStore.open(postgres_database)
    try:
        project = string_matcher_project(team)
        window = open_window(qtbot, project, team.ensure_user(team.login), settings, "b")
        found = found_by(qtbot, window)
        assert found.computed_by not in (None, os.getpid())
        assert found.document_id == "b"
    finally:
        window.close()
        team.close()


def test_the_worker_ends_when_its_window_process_is_killed(tmp_path, store):
    string_matcher_project(store)
    store.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    window = subprocess.Popen(
        [
            sys.executable,
            str(WINDOW_WORKER),
            str(tmp_path / "project.belannot"),
            str(tmp_path / "settings.ini"),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = window.stdout.readline().split()
        assert line[0] == "WORKER", line
        pid = int(line[1])
        assert not gone(pid)
        window.send_signal(signal.SIGKILL)  # no close, no clean-up: only the pipe's end
        window.wait(30)
        deadline = time.monotonic() + 30
        while not gone(pid) and time.monotonic() < deadline:
            time.sleep(0.05)  # another process's end: nothing of ours to wait on
        assert gone(pid)
    finally:
        if window.poll() is None:
            window.kill()
            window.wait()
