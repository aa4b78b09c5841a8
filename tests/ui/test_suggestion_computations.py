"""How many suggestion computations the window starts: one per document opened, and edits
made while one runs wait for it instead of piling up beside it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from window_fixtures import KEY, MOD, drag, key, open_window, two_annotator_project

from belannot import app
from belannot.ui import suggestion_process
from belannot.ui.suggestion_process import InThread


class Started(list):
    """The document of each computation started, in order; ``gate`` holds them."""

    gate = threading.Event()


@pytest.fixture
def started(monkeypatch):
    calls = Started()
    gate = calls.gate = threading.Event()
    gate.set()
    # Counted and held in the window's own thread pool: the rules are Suggesting's, the
    # same whichever service computes.
    monkeypatch.setattr(app, "suggestion_worker", InThread)
    compute = suggestion_process.suggest_document

    def counted(store, annotator, document_id, *args, **kwargs):
        calls.append(document_id)
        gate.wait(10)
        return compute(store, annotator, document_id, *args, **kwargs)

    monkeypatch.setattr(suggestion_process, "suggest_document", counted)
    return calls


def one_turn(qtbot):
    """Let the event loop run the zero-delay timers started so far (they fire in order)."""
    turned: list[bool] = []
    QTimer.singleShot(0, lambda: turned.append(True))
    qtbot.waitUntil(lambda: bool(turned))


def settled(window):
    return not window.suggesting.is_busy()


def test_opening_a_document_right_after_an_edit_computes_its_suggestions_once(
    qtbot, store, settings, started
):
    window = open_window(qtbot, two_annotator_project(store, {}), "alice", settings)
    qtbot.waitUntil(lambda: settled(window))
    started.clear()
    # A span on "Angela", then the next document in the same turn of the event loop: the
    # edit's recomputation of document a is superseded by b's own.
    drag(qtbot, window.article_view, 0, 5)
    with qtbot.waitSignal(window.suggesting.shown):
        key(qtbot, window, KEY.Key_1)
        key(qtbot, window, KEY.Key_PageDown, MOD.ControlModifier)
    qtbot.waitUntil(lambda: settled(window))
    assert window.current_document_id() == "b"
    assert started == ["b"]


def test_edits_while_a_computation_runs_start_one_more_after_it(qtbot, store, settings, started):
    window = open_window(qtbot, two_annotator_project(store, {}), "alice", settings)
    qtbot.waitUntil(lambda: settled(window))
    started.clear()
    started.gate.clear()  # the next computation runs until released
    view = window.article_view
    drag(qtbot, view, 0, 5)
    key(qtbot, window, KEY.Key_1)
    qtbot.waitUntil(lambda: len(started) == 1)
    for first, last in ((7, 12), (18, 25), (27, 32), (37, 42)):
        drag(qtbot, view, first, last)
        key(qtbot, window, KEY.Key_1)
        one_turn(qtbot)
    assert len(store.spans("a")) == 5
    assert started == ["a"]
    started.gate.set()
    qtbot.waitUntil(lambda: settled(window) and len(started) == 2)
    qtbot.waitUntil(lambda: settled(window))
    # The one after the edits: it saw all five spans, and no third was started.
    assert started == ["a", "a"]
