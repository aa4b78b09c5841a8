"""The suggestion worker process: answers requests on its own store, sees later commits,
stops on a cancel and ends at stdin's end, never importing Qt."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from belannot.core.commands import AddSpan
from belannot.core.history import History
from belannot.core.model import Document
from belannot.core.suggestion_worker import read_frame, rebuilt, write_frame

ROOT = Path(__file__).resolve().parents[2]
# The worker's own main, then a check that nothing it ran imported Qt.
CHECKED = (
    "import sys\n"
    "from belannot.core import suggestion_worker as w\n"
    "code = w.main()\n"
    "sys.exit(3 if any(m.startswith('PySide6') for m in sys.modules) else code)\n"
)


@pytest.fixture
def worker():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", CHECKED], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
    )
    assert read_frame(process.stdout)[0] == "ready"
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()


def ask(worker, request, location, annotator, document_id):
    write_frame(worker.stdin, ("suggest", request, str(location), annotator, document_id))
    return read_frame(worker.stdout)


def test_the_worker_answers_in_its_own_process_and_sees_later_commits(store, worker):
    store.add_document(Document("a", "Macron met Merkel. Macron left."))
    alice = store.ensure_user("alice")
    first = ask(worker, 1, store.location, "alice", "a")
    assert first[:2] == ("found", 1)
    found = rebuilt(first[2])
    assert found.document_id == "a" and found.suggestions == []
    assert found.computed_by == worker.pid != os.getpid()
    # A span committed after the worker opened its store: the next answer learns from it.
    History(store).do(AddSpan("a", 0, 6, "actor"), alice)
    second = rebuilt(ask(worker, 2, store.location, "alice", "a")[2])
    assert [(s.start, s.end, s.label) for s in second.suggestions] == [(19, 25, "actor")]
    worker.stdin.close()  # the window's end
    assert worker.wait(30) == 0  # ended, and no PySide6 was imported (3)


def test_a_request_cancelled_before_it_runs_is_answered_cancelled(store, worker):
    store.add_document(Document("a", "Macron met Merkel."))
    write_frame(worker.stdin, ("cancel", 7))
    assert ask(worker, 7, store.location, "alice", "a") == ("cancelled", 7)


def test_a_missing_project_is_one_line_and_the_worker_goes_on(tmp_path, store, worker):
    store.add_document(Document("a", "Macron met Merkel."))
    kind, request, message = ask(worker, 1, tmp_path / "none" / "p.belannot", "alice", "a")
    assert (kind, request) == ("failed", 1) and "\n" not in message and message
    assert ask(worker, 2, store.location, "alice", "a")[:2] == ("found", 2)
