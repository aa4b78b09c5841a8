"""Commands through History: validation, ownership, audit, undo/redo that survives restarts."""

from __future__ import annotations

import pytest

from belannot.core.commands import AddSpan, Batch, DeleteSpan, SetDocumentState, UpdateSpan
from belannot.core.errors import PermissionDeniedError
from belannot.core.history import History
from belannot.core.model import Document, DocumentState, ValidationError
from belannot.core.store import open_store

TEXT = "Lukashenko met Putin in Minsk."


@pytest.fixture
def project(store):
    store.add_document(Document("d1", TEXT))
    return store


def test_add_span_commits_span_state_and_audit(project, alice):
    history = History(project)
    changes = history.do(AddSpan("d1", 0, 10, "actor"), alice)
    [span] = project.spans("d1")
    assert (span.text_in(TEXT), span.label, span.annotator) == ("Lukashenko", "actor", "alice")
    assert changes.span_ids == {span.id} and changes.document_ids == {"d1"}
    assert project.document_state("d1", "alice") is DocumentState.IN_PROGRESS
    actions = [(e.action, e.entity) for e in project.audit_log(document_id="d1")]
    assert ("Add actor span", "span") in actions


@pytest.mark.parametrize(
    "command, error",
    [
        (AddSpan("d1", 5, 5, "actor"), "greater than start"),
        (AddSpan("d1", -1, 3, "actor"), "negative"),
        (AddSpan("d1", 0, len(TEXT) + 1, "actor"), "past the end"),
        (AddSpan("d1", 0, 3, "villain"), "unknown label"),
    ],
)
def test_invalid_spans_change_nothing(project, alice, command, error):
    before = project.audit_log()
    with pytest.raises(ValidationError, match=error):
        History(project).do(command, alice)
    assert project.spans("d1") == []
    assert project.audit_log() == before


def test_only_the_annotator_edits_a_span(project, alice, bob):
    history = History(project)
    history.do(AddSpan("d1", 0, 10, "actor"), alice)
    [span] = project.spans("d1")
    with pytest.raises(PermissionDeniedError):
        history.do(DeleteSpan(span.id), bob)
    with pytest.raises(PermissionDeniedError):
        history.do(UpdateSpan(span.id, label="event"), bob)
    assert project.spans("d1") == [span]


def test_undo_redo_relabel_move_delete(project, alice):
    history = History(project)
    history.do(AddSpan("d1", 0, 10, "actor"), alice)
    [span] = project.spans("d1")
    history.do(UpdateSpan(span.id, label="event"), alice)
    history.do(UpdateSpan(span.id, start=15, end=20), alice)
    history.do(DeleteSpan(span.id), alice)
    assert project.spans("d1") == []
    history.undo(alice)
    assert project.spans("d1")[0].text_in(TEXT) == "Putin"
    history.undo(alice)
    assert project.spans("d1")[0].text_in(TEXT) == "Lukashenko"
    assert project.spans("d1")[0].label == "event"
    history.undo(alice)
    assert project.spans("d1")[0].label == "actor"
    history.redo(alice)
    assert project.spans("d1")[0].label == "event"
    assert history.redo_description(alice) == "Move span boundary"


def test_undo_survives_reopening_the_project(store, alice):
    store.add_document(Document("d1", TEXT))
    History(store).do(AddSpan("d1", 0, 10, "actor"), alice)
    store.close()
    reopened = open_store(store.location)
    history = History(reopened)
    assert history.undo_description(alice) == "Add actor span"
    history.undo(alice)
    assert reopened.spans("d1") == []
    history.redo(alice)
    assert len(reopened.spans("d1")) == 1
    reopened.close()


def test_undo_stacks_are_per_user(project, alice, bob):
    history = History(project)
    history.do(AddSpan("d1", 0, 10, "actor"), alice)
    history.do(AddSpan("d1", 15, 20, "actor"), bob)
    history.undo(alice)
    assert [s.annotator for s in project.spans("d1")] == ["bob"]
    assert not history.undo(alice)


def test_a_new_edit_ends_the_redo_branch(project, alice):
    history = History(project)
    history.do(AddSpan("d1", 0, 10, "actor"), alice)
    history.undo(alice)
    history.do(AddSpan("d1", 15, 20, "actor"), alice)
    assert history.redo_description(alice) is None


def test_undo_skips_and_keeps_a_span_changed_since(project, alice):
    history = History(project)
    history.do(AddSpan("d1", 0, 10, "actor"), alice)
    [span] = project.spans("d1")
    history.do(UpdateSpan(span.id, label="event"), alice)
    # Someone else (another window) rewrote the span without this history knowing.
    project.db.execute("UPDATE spans SET label = 'quote' WHERE id = ?", [span.id])
    # Neither step can be taken without overwriting that edit: both are skipped, said so.
    changes = history.undo(alice)
    assert not changes and changes.notice.startswith("Skipped 2 steps")
    assert project.spans("d1")[0].label == "quote"


def test_batch_is_one_undo_step(project, alice):
    history = History(project)
    history.do(
        Batch("Label every match", [AddSpan("d1", 0, 10, "actor"), AddSpan("d1", 15, 20, "actor")]),
        alice,
    )
    assert len(project.spans("d1")) == 2
    history.undo(alice)
    assert project.spans("d1") == []
    assert project.document_state("d1", "alice") is DocumentState.NEW


def test_document_state_done_is_undoable(project, alice):
    history = History(project)
    history.do(SetDocumentState("d1", DocumentState.DONE), alice)
    assert project.done_documents("alice") == ["d1"]
    history.undo(alice)
    assert project.document_state("d1", "alice") is DocumentState.NEW
