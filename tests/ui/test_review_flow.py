"""Review with real keys: A / R keep the span, N goes to the next undecided one (none
skipped); identical copies are shown merged into the gold, never as rejected."""

from __future__ import annotations

import pytest

from belannot.core.model import SpanStatus
from belannot.ui.models.span_table_model import Column
from belannot.ui.settings import Settings
from tests.ui.window_fixtures import (
    DISAGREEING_SPANS,
    KEY,
    MOD,
    key,
    open_window,
    two_annotator_project,
)


@pytest.fixture
def project(store):
    return two_annotator_project(store, DISAGREEING_SPANS)


def current(window):
    return window.article_view.current_span_id()


def shown_statuses(window):
    model = window.tag_panel.span_model
    return {
        model.span_at(row).id: model.data(model.index(row, Column.STATUS))
        for row in range(model.rowCount())
    }


def hover_text(window, span_id):
    view = window.article_view
    span = window.session.store.span(span_id)
    return view.tooltip_text_at(view.viewport_point_for(span.start + 1))


def test_a_then_n_lands_on_the_next_undecided_span(qtbot, project, settings):
    window = open_window(qtbot, project, "rita", settings)
    key(qtbot, window, KEY.Key_N)
    assert current(window) == "a-merkel"
    key(qtbot, window, KEY.Key_A)
    assert project.span("a-merkel").status is SpanStatus.APPROVED
    assert current(window) == "a-merkel"  # A stays: the decision shows
    key(qtbot, window, KEY.Key_N)
    # b-merkel is decided (a duplicate): the next undecided one is alice's Macron.
    assert current(window) == "a-macron"
    key(qtbot, window, KEY.Key_R)
    assert project.span("a-macron").status is SpanStatus.REJECTED
    assert current(window) == "a-macron"
    key(qtbot, window, KEY.Key_N)
    assert current(window) == "b-macron"
    key(qtbot, window, KEY.Key_N, MOD.ShiftModifier)  # nothing undecided before it
    assert current(window) == "b-macron"
    assert "No undecided span before" in window.statusBar().currentMessage()


def test_an_approved_spans_twin_is_a_duplicate_everywhere_it_is_shown(
    qtbot, project, settings, tmp_path
):
    window = open_window(qtbot, project, "rita", settings)
    key(qtbot, window, KEY.Key_N)
    key(qtbot, window, KEY.Key_A)
    assert project.span("b-merkel").status is SpanStatus.REJECTED  # stored as before
    assert shown_statuses(window)["b-merkel"] == "duplicate"
    assert "rejected" not in hover_text(window, "b-merkel")
    assert not window.review.style(project.span("b-merkel")).dashed
    # Bob, in his own window, sees his correct span merged into the gold too.
    bob = open_window(qtbot, project, "bob", Settings(tmp_path / "bob.ini"))
    assert shown_statuses(bob)["b-merkel"] == "duplicate"
    assert "duplicate" in hover_text(bob, "b-merkel")


def test_a_correction_alike_an_annotators_span_approves_it(qtbot, project, settings, tmp_path):
    window = open_window(qtbot, project, "rita", settings)
    window.review.choose("a-berlin")
    key(qtbot, window, KEY.Key_1)  # actor: what bob marked
    assert project.span("b-berlin").status is SpanStatus.APPROVED
    assert project.span("a-berlin").status is SpanStatus.REJECTED
    assert not [s for s in project.spans("a") if s.annotator == "rita"]
    assert current(window) == "b-berlin"
    bob = open_window(qtbot, project, "bob", Settings(tmp_path / "bob.ini"))
    assert shown_statuses(bob)["b-berlin"] == "approved"
