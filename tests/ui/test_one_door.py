"""Label edits and shared layers from the window go through Session.run and refresh by kind."""

from __future__ import annotations

import pytest

from belannot.core.changes import Changes
from belannot.core.review import SHARED_LAYERS_SETTING
from belannot.core.schema_edits import SpanPolicy
from belannot.ui.actions import ActionId
from belannot.ui.dialogs.label_schema_dialog import LabelSchemaDialog
from tests.ui.window_fixtures import open_window, two_annotator_project


@pytest.fixture
def project(store):
    return two_annotator_project(
        store, {"m": ("a", 0, 13, "actor", "alice"), "n": ("a", 18, 33, "actor", "bob")}
    )


def test_a_recolour_refreshes_the_labels_only(qtbot, project, settings):
    window = open_window(qtbot, project, "rita", settings)
    dialog = LabelSchemaDialog(window.session, window)
    with qtbot.waitSignal(window.session.changed) as changed:
        assert dialog.recolor_label("actor", "#123456")
    assert changed.args == [Changes(labels=frozenset({"actor"})), dialog]
    assert window.article_view.highlighter.colors["actor"].name() == "#123456"
    assert project.audit_log()[-1].action == "recolour label"


def test_deleting_a_label_reassigns_its_spans_through_audited_edits(qtbot, project, settings):
    window = open_window(qtbot, project, "rita", settings)
    dialog = LabelSchemaDialog(window.session, window)
    with qtbot.waitSignal(window.session.changed) as changed:
        assert dialog.delete_label("actor", SpanPolicy.REASSIGN, "quote")
    changes = changed.args[0]
    assert changes.span_ids == {"m", "n"} and changes.labels == {"actor"}
    assert not changes.everything
    assert {s.label for s in project.spans("a")} == {"quote"}
    spans = [e for e in project.audit_log() if e.entity == "span"][-2:]
    assert [(e.action, e.entity_id) for e in spans] == [
        ("reassign span from deleted label actor", "m"),
        ("reassign span from deleted label actor", "n"),
    ]
    assert "actor" not in window.article_view.highlighter.colors
    assert window.tag_panel.span_model.rowCount() == 2


def test_sharing_layers_is_announced_as_a_setting_change(qtbot, project, settings):
    window = open_window(qtbot, project, "rita", settings)
    with qtbot.waitSignal(window.session.changed) as changed:
        window.registry[ActionId.SHARE_LAYERS].trigger()
    assert changed.args[0] == Changes(settings=frozenset({SHARED_LAYERS_SETTING}))
    assert changed.args[1] is window.review
    assert project.audit_log()[-1].action == "share layers"
