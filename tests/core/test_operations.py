"""Schema edits and settings are operations: one transaction, audited, Changes of their kind."""

from __future__ import annotations

import pytest

from belannot.core import operations
from belannot.core.changes import Changes, Entity
from belannot.core.commands import AddSpan
from belannot.core.errors import PermissionDeniedError
from belannot.core.history import History
from belannot.core.model import Document
from belannot.core.review import SHARED_LAYERS_SETTING, ShareLayers, layers_shared
from belannot.core.schema_edits import (
    AddLabel,
    DeleteLabel,
    MoveLabel,
    RecolorLabel,
    RenameLabel,
    SpanPolicy,
)

TEXT = "Lukashenko met Putin in Minsk."


@pytest.fixture
def project(store, alice):
    store.add_document(Document("d1", TEXT))
    History(store).do(AddSpan("d1", 0, 10, "actor", span_id="s1"), alice)
    History(store).do(AddSpan("d1", 15, 20, "actor", span_id="s2"), alice)
    return store


def span_audit(store):
    return [(e.action, e.entity_id) for e in store.audit_log() if e.entity == "span"]


def test_label_edits_say_which_labels_they_changed(project, rita):
    run = operations.run
    assert run(project, RecolorLabel("actor", "#123456"), rita) == Changes(
        labels=frozenset({"actor"})
    )
    assert run(project, RenameLabel("actor", "agent"), rita).labels == {"actor", "agent"}
    assert run(project, AddLabel("claim", "#112233"), rita).labels == {"claim"}
    moved = run(project, MoveLabel("claim", 0), rita)
    assert moved.labels == {label.name for label in project.labels()}
    assert not moved.everything and not moved.span_ids
    # Nothing changed: nothing to refresh.
    assert not run(project, RecolorLabel("agent", "#123456"), rita)


@pytest.mark.parametrize(
    "policy, action, after",
    [
        (SpanPolicy.REASSIGN, "reassign span from deleted label actor", "quote"),
        (SpanPolicy.DELETE, "delete span with label actor", None),
    ],
)
def test_deleting_a_label_writes_its_spans_as_audited_span_edits(
    project, alice, rita, policy, action, after
):
    before = span_audit(project)
    changes = operations.run(project, DeleteLabel("actor", policy, "quote"), rita)
    assert changes.labels == {"actor"} and changes.span_ids == {"s1", "s2"}
    assert changes.document_ids == {"d1"} and Entity.SPAN in changes.entities
    assert not changes.everything
    assert span_audit(project)[len(before) :] == [(action, "s1"), (action, "s2")]
    assert [s.label for s in project.spans("d1")] == ([after] * 2 if after else [])
    # Not on anyone's undo stack: the label is gone. Alice's own steps are now stale.
    assert History(project).undo_description(rita) is None
    assert History(project).undo_description(alice) is None


def test_a_failed_label_delete_changes_and_audits_nothing(project, rita):
    before = project.audit_log()
    with pytest.raises(Exception, match="choose another label"):
        operations.run(project, DeleteLabel("actor", SpanPolicy.REASSIGN, "actor"), rita)
    assert project.audit_log() == before and project.label("actor") is not None


def test_sharing_layers_is_a_setting_change(project, alice, rita):
    changes = operations.run(project, ShareLayers(True), rita)
    assert changes == Changes(settings=frozenset({SHARED_LAYERS_SETTING}))
    assert layers_shared(project)
    assert project.audit_log()[-1].action == "share layers"
    assert not operations.run(project, ShareLayers(True), rita)
    with pytest.raises(PermissionDeniedError, match="needs a reviewer"):
        operations.run(project, ShareLayers(False), alice)
    assert layers_shared(project)
