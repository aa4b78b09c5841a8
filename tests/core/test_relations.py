"""Relations through History: label rules, layers, the span-delete cascade, undo, review."""

from __future__ import annotations

import pytest

from belannot.core.changes import Entity
from belannot.core.commands import AddSpan, DeleteSpan
from belannot.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from belannot.core.history import History
from belannot.core.model import Document, SpanStatus, ValidationError
from belannot.core.relation_commands import (
    AddRelation,
    ApproveRelation,
    ChangeRelationType,
    DeleteRelation,
    RejectRelation,
)
from belannot.core.relations import DEFAULT_RELATION_TYPES, Relation, RelationType
from belannot.core.review import ApproveSpan

TEXT = "“We will not fight,” Lukashenko said. He may invade Ukraine."
QUOTE, ACTOR, PREDICTION, EVENT = (0, 19), (21, 31), (38, 60), (45, 60)


@pytest.fixture
def project(store):
    store.add_document(Document("d1", TEXT))
    store.add_document(Document("d2", TEXT + " Again."))
    return store


def _span(history, user, label, offsets, document="d1"):
    changes = history.do(AddSpan(document, *offsets, label), user)
    [span_id] = changes.span_ids
    return span_id


@pytest.fixture
def linked(project, alice):
    history = History(project)
    quote = _span(history, alice, "quote", QUOTE)
    actor = _span(history, alice, "actor", ACTOR)
    return history, quote, actor


def test_new_projects_have_the_default_relation_types(project):
    assert [t.name for t in project.relation_types()] == [
        "speaker",
        "source",
        "participant",
        "about",
    ]
    assert project.relation_type("speaker").head_labels == ("quote",)
    assert project.relation_types() == list(DEFAULT_RELATION_TYPES)


def test_add_relation_is_stored_audited_and_reported(linked, project, alice):
    history, quote, actor = linked
    changes = history.do(AddRelation(quote, actor, "speaker"), alice)
    [relation] = project.relations("d1")
    assert (relation.type, relation.head, relation.tail) == ("speaker", quote, actor)
    assert (relation.annotator, relation.status) == ("alice", SpanStatus.PENDING)
    assert changes.relation_ids == {relation.id} and changes.document_ids == {"d1"}
    assert Entity.RELATION in changes.entities
    audit = [(e.action, e.entity, e.entity_id) for e in project.audit_log(document_id="d1")]
    assert ("Add speaker relation", "relation", relation.id) in audit


def test_undo_and_redo_a_relation(linked, project, alice):
    history, quote, actor = linked
    history.do(AddRelation(quote, actor, "speaker", relation_id="r1"), alice)
    assert history.undo_description(alice) == "Add speaker relation"
    history.undo(alice)
    assert project.relations("d1") == []
    history.redo(alice)
    assert [r.id for r in project.relations("d1")] == ["r1"]


@pytest.mark.parametrize(
    "head, tail, kind, error",
    [
        ("actor", "quote", ValidationError, "from quote to actor, not from actor to quote"),
        ("quote", "quote", ValidationError, "two different spans"),
        ("quote", "missing", NotFoundError, "no span"),
    ],
)
def test_relations_obey_the_type(linked, project, alice, head, tail, kind, error):
    history, quote, actor = linked
    ids = {"quote": quote, "actor": actor, "missing": "nope"}
    with pytest.raises(kind, match=error):
        history.do(AddRelation(ids[head], ids[tail], "speaker"), alice)
    assert project.relations("d1") == []


def test_unknown_type_and_duplicates_are_refused(linked, project, alice):
    history, quote, actor = linked
    with pytest.raises(ValidationError, match="unknown relation type"):
        history.do(AddRelation(quote, actor, "married"), alice)
    history.do(AddRelation(quote, actor, "speaker"), alice)
    with pytest.raises(ConflictError, match="exists already"):
        history.do(AddRelation(quote, actor, "speaker"), alice)
    assert len(project.relations("d1")) == 1


def test_ends_must_be_in_one_document(project, alice):
    history = History(project)
    quote = _span(history, alice, "quote", QUOTE)
    actor = _span(history, alice, "actor", ACTOR, document="d2")
    with pytest.raises(ValidationError, match="same document"):
        history.do(AddRelation(quote, actor, "speaker"), alice)


def test_annotators_link_only_their_own_spans(linked, project, alice, bob):
    history, quote, _ = linked
    bobs_actor = _span(history, bob, "actor", ACTOR)
    with pytest.raises(PermissionDeniedError, match="only their own spans"):
        history.do(AddRelation(quote, bobs_actor, "speaker"), alice)
    with pytest.raises(PermissionDeniedError):
        history.do(AddRelation(quote, bobs_actor, "speaker"), bob)


def test_reviewers_link_gold_spans(linked, project, rita):
    history, quote, actor = linked
    with pytest.raises(PermissionDeniedError, match="or the gold"):
        history.do(AddRelation(quote, actor, "speaker"), rita)
    history.do(ApproveSpan(quote), rita)
    history.do(ApproveSpan(actor), rita)
    history.do(AddRelation(quote, actor, "speaker"), rita)
    assert [r.annotator for r in project.relations("d1")] == ["rita"]


def test_symmetric_types_take_either_order(project, alice):
    project.add_relation_type(RelationType("same", ("actor",), ("quote",), directed=False))
    history = History(project)
    quote = _span(history, alice, "quote", QUOTE)
    actor = _span(history, alice, "actor", ACTOR)
    history.do(AddRelation(quote, actor, "same"), alice)
    with pytest.raises(ConflictError):
        history.do(AddRelation(actor, quote, "same"), alice)


def test_delete_span_deletes_its_relations_and_undo_brings_both_back(linked, project, alice):
    history, quote, actor = linked
    history.do(AddRelation(quote, actor, "speaker", relation_id="r1"), alice)
    before = project.relations("d1")
    changes = history.do(DeleteSpan(actor), alice)
    assert project.span(actor) is None and project.relations("d1") == []
    assert changes.relation_ids == {"r1"} and actor in changes.span_ids
    history.undo(alice)
    assert project.span(actor) is not None and project.relations("d1") == before
    history.redo(alice)
    assert project.span(actor) is None and project.relations("d1") == []
    history.undo(alice)
    assert project.relations("d1") == before


def test_undo_survives_reopening(store, alice):
    from belannot.core.store import open_store

    store.add_document(Document("d1", TEXT))
    history = History(store)
    quote = _span(history, alice, "quote", QUOTE)
    actor = _span(history, alice, "actor", ACTOR)
    history.do(AddRelation(quote, actor, "speaker"), alice)
    history.do(DeleteSpan(quote), alice)
    store.close()
    store = open_store(store.location)
    try:
        History(store).undo(alice)
        assert [r.head for r in store.relations("d1")] == [quote]
    finally:
        store.close()


def test_delete_and_change_type(project, alice, bob):
    history = History(project)
    prediction = _span(history, alice, "prediction", PREDICTION)
    actor = _span(history, alice, "actor", ACTOR)
    event = _span(history, alice, "event", EVENT)
    history.do(AddRelation(prediction, actor, "source", relation_id="r1"), alice)
    with pytest.raises(ValidationError, match="about relation goes from prediction to event"):
        history.do(ChangeRelationType("r1", "about"), alice)
    with pytest.raises(PermissionDeniedError):
        history.do(DeleteRelation("r1"), bob)
    history.do(AddRelation(prediction, event, "about", relation_id="r2"), alice)
    history.do(ChangeRelationType("r1", "source"), alice)  # the same type: nothing
    history.do(DeleteRelation("r2"), alice)
    assert [r.id for r in project.relations("d1")] == ["r1"]
    history.undo(alice)
    assert sorted(r.id for r in project.relations("d1")) == ["r1", "r2"]


def test_change_type_checks_labels(project, alice):
    project.add_relation_type(RelationType("says", ("quote",), ("actor",)))
    history = History(project)
    quote = _span(history, alice, "quote", QUOTE)
    actor = _span(history, alice, "actor", ACTOR)
    history.do(AddRelation(quote, actor, "speaker", relation_id="r1"), alice)
    history.do(ChangeRelationType("r1", "says"), alice)
    assert project.relation("r1").type == "says"
    history.undo(alice)
    assert project.relation("r1").type == "speaker"


def test_reviewers_approve_and_reject_relations(linked, project, alice, rita):
    history, quote, actor = linked
    history.do(AddRelation(quote, actor, "speaker", relation_id="r1"), alice)
    with pytest.raises(PermissionDeniedError, match="needs a reviewer"):
        history.do(ApproveRelation("r1"), alice)
    history.do(ApproveRelation("r1"), rita)
    relation = project.relation("r1")
    assert (relation.status, relation.reviewer) == (SpanStatus.APPROVED, "rita")
    history.do(RejectRelation("r1"), rita)
    assert project.relation("r1").status is SpanStatus.REJECTED
    history.undo(rita)
    assert project.relation("r1").status is SpanStatus.APPROVED


def test_a_stale_relation_step_is_skipped(linked, project, alice, rita):
    history, quote, actor = linked
    history.do(AddRelation(quote, actor, "speaker", relation_id="r1"), alice)
    history.do(ApproveRelation("r1"), rita)
    # Alice's earlier steps (adding the spans) are stale too: the spans have a relation now.
    assert history.undo_description(alice) is None
    changes = history.undo(alice)
    assert "Skipped 3 steps" in changes.notice and "“Add speaker relation”" in changes.notice
    assert project.relation("r1") is not None
    assert project.span(actor) is not None


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"head_labels": ()}, "needs head labels"),
        ({"color": "red"}, "colour"),
        ({"name": " x"}, "relation type name"),
    ],
)
def test_relation_types_are_validated(kwargs, error):
    values = {"name": "x", "head_labels": ("a",), "tail_labels": ("b",), **kwargs}
    with pytest.raises(ValidationError, match=error):
        RelationType(**values)


def test_a_relation_joins_two_spans():
    with pytest.raises(ValidationError, match="two different"):
        Relation("r", "d", "speaker", "s", "s", "alice")


def test_deleting_a_label_with_its_spans_deletes_their_relations(linked, project, alice):
    from belannot.core.operations import run
    from belannot.core.schema_edits import DeleteLabel, SpanPolicy

    history, quote, actor = linked
    history.do(AddRelation(quote, actor, "speaker", relation_id="r1"), alice)
    changes = run(project, DeleteLabel("actor", SpanPolicy.DELETE), alice)
    assert project.relations("d1") == [] and changes.relation_ids == {"r1"}
    assert ("relation", "r1") in [(e.entity, e.entity_id) for e in project.audit_log()]


def test_span_edits_and_review_keep_the_span_relations(linked, project, alice, rita):
    from belannot.core.commands import UpdateSpan

    history, quote, actor = linked
    history.do(AddRelation(quote, actor, "speaker", relation_id="r1"), alice)
    history.do(UpdateSpan(actor, end=30), alice)  # a span edit rewrites the span's row
    history.do(ApproveSpan(actor), rita)
    assert [r.id for r in project.relations("d1")] == ["r1"]


def test_a_span_with_relations_is_never_deleted_without_them(linked, project, alice):
    import sqlite3

    history, quote, actor = linked
    history.do(AddRelation(quote, actor, "speaker", relation_id="r1"), alice)
    with pytest.raises(sqlite3.IntegrityError):
        project.db.execute("DELETE FROM spans WHERE id = ?", [actor])


def test_a_relabel_must_fit_the_span_relations(linked, project, alice):
    from belannot.core.commands import UpdateSpan

    history, quote, actor = linked
    history.do(AddRelation(quote, actor, "speaker", relation_id="r1"), alice)
    with pytest.raises(ValidationError, match="speaker relation does not allow event"):
        history.do(UpdateSpan(actor, label="event"), alice)
    assert project.span(actor).label == "actor"


def test_gold_relations_need_approved_ends(linked, project, alice, rita):
    history, quote, actor = linked
    history.do(AddRelation(quote, actor, "speaker", relation_id="r1"), alice)
    history.do(ApproveRelation("r1"), rita)
    assert project.gold_relations("d1") == []
    history.do(ApproveSpan(quote), rita)
    history.do(ApproveSpan(actor), rita)
    assert [r.id for r in project.gold_relations("d1")] == ["r1"]


def test_reassigning_a_deleted_label_keeps_relations_valid(linked, project, alice):
    from belannot.core.operations import run
    from belannot.core.schema_edits import DeleteLabel, SpanPolicy

    history, quote, actor = linked
    history.do(AddRelation(quote, actor, "speaker", relation_id="r1"), alice)
    with pytest.raises(ConflictError, match="cannot join quote to event"):
        run(project, DeleteLabel("actor", SpanPolicy.REASSIGN, reassign_to="event"), alice)
    assert project.label("actor") is not None and project.span(actor).label == "actor"
