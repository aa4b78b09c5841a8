"""Suggestions in the window: learnt from a hand label, decided by keyboard through the store,
painted dashed and apart from the span list, computed off the UI thread, switched in the panel."""

from __future__ import annotations

import os
import threading

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel
from test_incremental_refresh import PaintSpy
from window_fixtures import (
    KEY,
    LEFT,
    MOD,
    drag,
    key,
    label_macron_by_hand,
    next_document_with_suggestions,
    offered,
    open_window,
    string_matcher_project,
)

from belannot import app
from belannot.core import operations
from belannot.core.actor_commands import AddActor
from belannot.core.recommenders.settings import SetRecommender, recommender_settings
from belannot.ui import suggestion_process
from belannot.ui.actions import ActionId
from belannot.ui.suggestion_process import InThread
from belannot.ui.widgets.recommender_panel import RecommenderPanel

# Where "Macron" stands in the second document ("Macron said: … Macron left Paris …").
MACRONS = [(0, 6), (28, 34)]


@pytest.fixture
def project(store):
    return string_matcher_project(store)


def test_a_hand_label_makes_the_same_string_a_suggestion_in_the_next_document(
    qtbot, project, settings
):
    window = open_window(qtbot, project, "alice", settings)
    next_document_with_suggestions(qtbot, window, project)
    assert offered(window) == [(0, 6, "actor", "string"), (28, 34, "actor", "string")]
    # A suggestion is not a span: nothing is stored, the span list is empty, a count says it.
    assert project.spans("b") == []
    assert window.tag_panel.span_table.model().rowCount() == 0
    assert window.findChild(QLabel, "suggestion_count").text() == "2 suggestions"


def test_accept_by_keyboard_makes_a_span_with_provenance(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    next_document_with_suggestions(qtbot, window, project)
    key(qtbot, window, KEY.Key_S)
    assert window.suggesting.current().start == 0
    assert "Y accept" in window.statusBar().currentMessage()
    key(qtbot, window, KEY.Key_Y)
    (span,) = project.spans("b")
    assert (span.start, span.end, span.label, span.annotator) == (0, 6, "actor", "alice")
    assert project.span_provenance(span.id) == ("string", 1.0)
    # The next one is current: Enter accepts it too.
    assert window.suggesting.current().start == 28
    key(qtbot, window, KEY.Key_Return)
    assert sorted((s.start, s.end) for s in project.spans("b")) == MACRONS
    qtbot.waitUntil(lambda: not window.suggesting.is_busy() and offered(window) == [])


def test_a_rejection_is_remembered_after_reopening(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    next_document_with_suggestions(qtbot, window, project)
    key(qtbot, window, KEY.Key_S)
    key(qtbot, window, KEY.Key_X)
    assert project.rejected_suggestions("b", "alice") == {(0, 6, "actor")}
    assert project.spans("b") == []
    key(qtbot, window, KEY.Key_PageUp, MOD.ControlModifier)
    key(qtbot, window, KEY.Key_PageDown, MOD.ControlModifier)
    qtbot.waitUntil(lambda: offered(window) == [(28, 34, "actor", "string")])


def test_a_label_key_on_a_suggestion_relabels_and_accepts(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    next_document_with_suggestions(qtbot, window, project)
    key(qtbot, window, KEY.Key_S)
    key(qtbot, window, KEY.Key_4)  # quote
    (span,) = project.spans("b")
    assert (span.start, span.end, span.label) == (0, 6, "quote")
    assert project.span_provenance(span.id) == ("string", 1.0)
    # Not offered again as an actor there: the relabelled suggestion counts as decided.
    key(qtbot, window, KEY.Key_PageUp, MOD.ControlModifier)
    key(qtbot, window, KEY.Key_PageDown, MOD.ControlModifier)
    qtbot.waitUntil(lambda: (28, 34, "actor", "string") in offered(window))
    assert all(start != 0 for start, *_ in offered(window))


def test_accept_all_of_a_recommender_is_one_undo_step(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    next_document_with_suggestions(qtbot, window, project)
    key(qtbot, window, KEY.Key_S)
    key(qtbot, window, KEY.Key_Y, MOD.ShiftModifier)
    assert sorted((s.start, s.end) for s in project.spans("b")) == MACRONS
    key(qtbot, window, KEY.Key_Z, MOD.ControlModifier)
    assert project.spans("b") == []
    qtbot.waitUntil(lambda: len(offered(window)) == 2)


def test_suggestions_are_painted_dashed_and_paler_and_stay_out_of_the_span_list(
    qtbot, project, settings
):
    window = open_window(qtbot, project, "alice", settings)
    next_document_with_suggestions(qtbot, window, project)
    # A real span on the second Macron by hand; the first stays a suggestion.
    drag(qtbot, window.article_view, 28, 33)
    key(qtbot, window, KEY.Key_1)
    qtbot.waitUntil(lambda: offered(window) == [(0, 6, "actor", "string")])
    marks = window.suggesting.layer.marks()
    assert [(m.suggestion.start, m.suggestion.end) for m in marks] == [(0, 6)]
    (mark,) = marks
    assert mark.style == Qt.PenStyle.DashLine and mark.color.alpha() < 255
    span_pen_width = 2.0  # article_painter's solid underline
    assert mark.width < span_pen_width
    assert window.tag_panel.span_table.model().rowCount() == 1
    view = window.article_view
    hover = window.suggesting.layer.hover_text(2)
    assert "string" in hover and "1.00" in hover
    assert view.tooltip_text_at(view.viewport_point_for(2)) == ""  # no span there


def test_suggestions_are_computed_off_the_ui_thread_and_stale_ones_dropped(
    qtbot, project, settings, monkeypatch
):
    release = threading.Event()
    threads: list[int] = []
    # The window's own thread pool, where a test can hold the work (the worker
    # process's case: test_suggestion_process.py).
    monkeypatch.setattr(app, "suggestion_worker", InThread)
    compute = suggestion_process.suggest_document

    def held(store, annotator, document_id, models, *cancel):
        # Only the next document's work is held: a refresh of the first may run too.
        if document_id == "b":
            threads.append(threading.get_ident())
            release.wait(30)
        return compute(store, annotator, document_id, models, *cancel)

    window = open_window(qtbot, project, "alice", settings)
    label_macron_by_hand(qtbot, window)
    monkeypatch.setattr(suggestion_process, "suggest_document", held)
    try:
        key(qtbot, window, KEY.Key_PageDown, MOD.ControlModifier)
        qtbot.waitUntil(lambda: len(threads) >= 1)
        # While it computes, the window works: a span is made by keyboard and stored.
        drag(qtbot, window.article_view, 40, 44)
        key(qtbot, window, KEY.Key_2)
        assert [(s.start, s.end) for s in project.spans("b")] == [(40, 45)]
        assert threads[0] != threading.get_ident()
        # The document is left before its suggestions arrive: they are not shown in another.
        key(qtbot, window, KEY.Key_PageUp, MOD.ControlModifier)
    finally:
        # Never leave a pool thread waiting for the next tests.
        release.set()
    qtbot.waitUntil(lambda: not window.suggesting.is_busy())
    assert window.current_document_id() == "a"
    assert all(s.document_id == "a" for s in window.suggesting.layer.suggestions())


def test_the_panel_switches_a_recommender_off_and_its_suggestions_go(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    next_document_with_suggestions(qtbot, window, project)
    window.registry[ActionId.RECOMMENDERS].trigger()
    panel = window.findChild(RecommenderPanel)
    qtbot.waitUntil(lambda: "no decisions" in panel.rates["string"].text())
    switch = panel.switches["string"]
    qtbot.mouseClick(switch, LEFT, pos=QPoint(8, switch.height() // 2))
    assert recommender_settings(project)["string"].enabled is False
    qtbot.waitUntil(lambda: offered(window) == [])
    switch.click()
    qtbot.waitUntil(lambda: len(offered(window)) == 2)


def test_two_recommenders_on_one_place_are_one_suggestion_to_decide(qtbot, project, settings):
    # Found by using it: the registry and the string matcher both suggest "Macron", and S
    # stopped twice on each, the count doubled.
    alice = project.user("alice")
    operations.run(project, AddActor("Emmanuel Macron", aliases=("Macron",)), alice)
    operations.run(project, SetRecommender("registry", enabled=True), alice)
    window = open_window(qtbot, project, "alice", settings)
    next_document_with_suggestions(qtbot, window, project)
    layer = window.suggesting.layer
    assert {s.recommender for s in layer.every()} == {"string", "registry"}
    assert window.findChild(QLabel, "suggestion_count").text() == "2 suggestions"
    key(qtbot, window, KEY.Key_S)
    key(qtbot, window, KEY.Key_S)
    assert window.suggesting.current().start == 28
    assert layer.hover_text(1).count("suggestion:") == 2  # the hover names both


def test_a_model_trained_again_into_its_folder_is_loaded_again(tmp_path, monkeypatch):
    from belannot.core.recommenders import model as model_module
    from belannot.core.suggestion_work import ModelCache

    loads: list[str] = []
    monkeypatch.setattr(
        model_module.ModelRecommender, "load", classmethod(lambda cls, m: loads.append(m) or m)
    )
    meta = tmp_path / "meta.json"
    meta.write_text("{}", encoding="utf-8")
    cache = ModelCache()
    cache.get(str(tmp_path))
    cache.get(str(tmp_path))
    assert len(loads) == 1
    os.utime(meta, ns=(meta.stat().st_mtime_ns + 10**9,) * 2)
    cache.get(str(tmp_path))
    assert len(loads) == 2


def test_leaving_the_document_takes_the_current_suggestion_off_the_status_bar(
    qtbot, project, settings
):
    # Found by using it: the next article opened with the last one's "Y accept" line.
    window = open_window(qtbot, project, "alice", settings)
    next_document_with_suggestions(qtbot, window, project)
    key(qtbot, window, KEY.Key_S)
    assert "Y accept" in window.statusBar().currentMessage()
    key(qtbot, window, KEY.Key_PageUp, MOD.ControlModifier)
    assert "accept" not in window.statusBar().currentMessage()
    assert not window.registry[ActionId.ACCEPT_SUGGESTION].isEnabled()


def test_deciding_a_suggestion_repaints_only_its_lines(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    next_document_with_suggestions(qtbot, window, project)
    qtbot.waitUntil(lambda: not window.suggesting.is_busy())
    key(qtbot, window, KEY.Key_S)
    viewport = window.article_view.viewport()
    viewport.repaint()
    spy = PaintSpy()
    viewport.installEventFilter(spy)
    key(qtbot, window, KEY.Key_X)
    qtbot.waitUntil(lambda: bool(spy.rects))
    viewport.removeEventFilter(spy)
    assert project.rejected_suggestions("b", "alice") == {(0, 6, "actor")}
    assert all(rect.height() < viewport.height() / 2 for rect in spy.rects), spy.rects
