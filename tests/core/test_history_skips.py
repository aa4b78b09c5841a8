"""Undo and redo stay usable after another user changed the rows of an entry: it is skipped."""

from __future__ import annotations

import pytest

from belannot.core.commands import AddSpan, UpdateSpan
from belannot.core.history import History
from belannot.core.model import Document, SpanStatus
from belannot.core.review import ApproveSpan
from belannot.core.schema_edits import SpanPolicy, delete_label

TEXT = "Lukashenko met Putin in Minsk."


@pytest.fixture
def project(store):
    store.add_document(Document("d1", TEXT))
    return store


def _two_spans(project, alice) -> tuple[str, str]:
    history = History(project)
    history.do(AddSpan("d1", 0, 10, "event", span_id="older"), alice)
    history.do(AddSpan("d1", 15, 20, "actor", span_id="newer"), alice)
    return "older", "newer"


def test_an_approved_span_is_skipped_and_the_older_entry_is_undone(project, alice, rita):
    older, newer = _two_spans(project, alice)
    history = History(project)
    history.do(ApproveSpan(newer), rita)
    assert history.undo_description(alice) == "Add event span"

    changes = history.undo(alice)

    assert changes.span_ids == {older}
    assert "Add actor span" in changes.notice and "\n" not in changes.notice
    assert [(s.id, s.status) for s in project.spans("d1")] == [(newer, SpanStatus.APPROVED)]
    assert history.undo_description(alice) is None
    assert history.redo_description(alice) == "Add event span"


def test_spans_moved_to_another_label_are_skipped(project, alice, rita):
    older, newer = _two_spans(project, alice)
    history = History(project)
    delete_label(project, rita, "actor", policy=SpanPolicy.REASSIGN, reassign_to="quote")
    assert history.undo_description(alice) == "Add event span"

    changes = history.undo(alice)

    assert changes.span_ids == {older} and "Add actor span" in changes.notice
    assert [(s.id, s.label) for s in project.spans("d1")] == [(newer, "quote")]


def test_redo_skips_an_entry_whose_span_was_reviewed(project, alice, rita):
    history = History(project)
    history.do(AddSpan("d1", 0, 10, "event", span_id="a"), alice)
    history.do(UpdateSpan("a", label="quote"), alice)
    history.do(AddSpan("d1", 15, 20, "actor", span_id="b"), alice)
    history.undo(alice)
    history.undo(alice)
    history.do(ApproveSpan("a"), rita)
    assert history.redo_description(alice) == "Add actor span"

    changes = history.redo(alice)

    assert changes.span_ids == {"b"} and "Relabel span as quote" in changes.notice
    assert {(s.id, s.label) for s in project.spans("d1")} == {("a", "event"), ("b", "actor")}
    assert history.redo_description(alice) is None


def test_when_every_entry_is_stale_undo_says_so_and_changes_nothing(project, alice, rita):
    history = History(project)
    history.do(AddSpan("d1", 0, 10, "event", span_id="a"), alice)
    history.do(ApproveSpan("a"), rita)
    audit = len(project.audit_log())
    assert history.undo_description(alice) is None

    changes = history.undo(alice)

    assert not changes and "Add event span" in changes.notice
    assert len(project.audit_log()) == audit
    assert project.span("a") is not None
    assert not history.undo(alice).notice
