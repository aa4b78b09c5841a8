"""Ctrl+Z after a reviewer changed one's span: that step is skipped, said in the status bar."""

from __future__ import annotations

import pytest

from belannot.core.commands import AddSpan, UpdateSpan
from belannot.core.history import History
from belannot.core.review import ApproveSpan
from belannot.core.schema_edits import SpanPolicy, delete_label
from belannot.core.store import Store
from belannot.ui.actions import ActionId
from tests.ui.window_fixtures import KEY, MOD, key, open_window, two_annotator_project


@pytest.fixture
def project(store):
    # Alice's older step adds an event span, her newer one an actor span.
    return two_annotator_project(
        store, {"older": ("a", 0, 13, "event", "alice"), "newer": ("a", 18, 33, "actor", "alice")}
    )


def as_reviewer_elsewhere(store, change):
    """``change(other_store, rita)`` from another connection, as a reviewer's window would."""
    other = Store.open(store.path)
    try:
        change(other, other.user("rita"))
    finally:
        other.close()


def status(window) -> str:
    return window.statusBar().currentMessage()


@pytest.mark.parametrize(
    "change",
    [
        lambda store, rita: History(store).do(ApproveSpan("newer"), rita),
        lambda store, rita: delete_label(
            store, rita, "actor", policy=SpanPolicy.REASSIGN, reassign_to="quote"
        ),
    ],
    ids=["approved", "label-deleted"],
)
def test_ctrl_z_skips_the_step_a_reviewer_changed(qtbot, project, settings, change):
    window = open_window(qtbot, project, "alice", settings)
    assert window.registry[ActionId.UNDO].text() == "&Undo add actor span"
    as_reviewer_elsewhere(project, change)
    assert window.session.check_other_writers()
    assert window.registry[ActionId.UNDO].text() == "&Undo add event span"

    key(qtbot, window, KEY.Key_Z, MOD.ControlModifier)

    assert project.span("older") is None and project.span("newer") is not None
    assert status(window).startswith("Skipped “Add actor span”")
    assert window.registry[ActionId.UNDO].text() == "&Undo"


def test_ctrl_shift_z_skips_a_redo_step_a_reviewer_changed(qtbot, store, settings):
    project = two_annotator_project(store, {})
    alice = project.user("alice")
    history = History(project)
    history.do(AddSpan("a", 0, 13, "event", span_id="first"), alice)
    history.do(UpdateSpan("first", label="quote"), alice)
    history.do(AddSpan("a", 18, 33, "actor", span_id="second"), alice)
    window = open_window(qtbot, project, "alice", settings)
    key(qtbot, window, KEY.Key_Z, MOD.ControlModifier, times=2)
    assert project.span("second") is None and project.span("first").label == "event"
    as_reviewer_elsewhere(
        project, lambda other, rita: History(other).do(ApproveSpan("first"), rita)
    )
    assert window.session.check_other_writers()
    assert window.registry[ActionId.REDO].text() == "&Redo add actor span"

    key(qtbot, window, KEY.Key_Z, MOD.ControlModifier | MOD.ShiftModifier)

    assert project.span("second") is not None and project.span("first").label == "event"
    assert status(window).startswith("Skipped “Relabel span as quote”")
    assert window.registry[ActionId.REDO].text() == "&Redo"
