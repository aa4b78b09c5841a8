"""The actor registry through History: edits, links, merge and undo, the span-delete cascade."""

from __future__ import annotations

import pytest

from belannot.core.actor_commands import (
    AddActor,
    AddAlias,
    CreateActorFromSpan,
    EditActor,
    LinkSpan,
    MergeActors,
    RemoveAlias,
)
from belannot.core.actors import NIL_AMBIGUOUS, NIL_NOT_IN_REGISTRY, Actor, ActorKind
from belannot.core.commands import AddSpan, DeleteSpan, UpdateSpan
from belannot.core.errors import NotFoundError, PermissionDeniedError
from belannot.core.history import History
from belannot.core.model import Document, ValidationError

TEXT = "Lukashenko met Putin. The Belarusian President said the Kremlin agreed."


@pytest.fixture
def project(store):
    store.add_document(Document("d1", TEXT))
    return store


@pytest.fixture
def history(project):
    return History(project)


def _span(history, user, label, start, end):
    [span_id] = history.do(AddSpan("d1", start, end, label), user).span_ids
    return span_id


def _add(history, user, actor_id, name, kind=ActorKind.PERSON, aliases=()):
    history.do(AddActor(name, kind, tuple(aliases), actor_id=actor_id), user)


def test_actor_edits_are_undoable_and_announced(project, history, alice):
    changes = history.do(AddActor("Alexander Lukashenko", ActorKind.PERSON), alice)
    [actor_id] = changes.actor_ids
    assert actor_id == "alexander-lukashenko"
    history.do(EditActor(actor_id, name="Aliaksandr Lukashenka", ref="Q14190"), alice)
    history.do(AddAlias(actor_id, "Lukashenko"), alice)
    history.do(AddAlias(actor_id, "the Belarusian President"), alice)
    history.do(RemoveAlias(actor_id, "lukashenko"), alice)  # normalised match
    actor = project.actor(actor_id)
    assert actor.name == "Aliaksandr Lukashenka"
    assert actor.ref == "Q14190"
    assert actor.aliases == ("the Belarusian President",)
    for _ in range(4):
        history.undo(alice)
    assert project.actor(actor_id) == Actor(
        actor_id,
        "Alexander Lukashenko",
        ActorKind.PERSON,
        (),
        "",
        None,
        actor.created,
        project.actor(actor_id).updated,
    )
    history.undo(alice)
    assert project.actor(actor_id) is None
    assert [e.action for e in project.audit_log() if e.entity == "actor"][0] == (
        "Add actor Alexander Lukashenko"
    )


def test_names_and_aliases_are_checked(project, history, alice):
    _add(history, alice, "putin", "Vladimir Putin", aliases=["Putin"])
    with pytest.raises(ValidationError, match="already"):
        history.do(AddActor("vladimir  PUTIN", ActorKind.PERSON), alice)
    with pytest.raises(ValidationError, match="already"):
        history.do(AddAlias("putin", "putin"), alice)
    with pytest.raises(ValidationError, match="kind"):
        Actor("x", "X", "nation")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="id"):
        history.do(AddActor("Nobody", ActorKind.OTHER, actor_id="NIL"), alice)
    with pytest.raises(NotFoundError):
        history.do(AddAlias("nobody", "x"), alice)


def test_only_actor_spans_link_and_only_their_annotator(project, history, alice, bob):
    _add(history, alice, "putin", "Vladimir Putin")
    quote = _span(history, alice, "quote", 22, 70)
    with pytest.raises(ValidationError, match="actor"):
        history.do(LinkSpan(quote, "putin"), alice)
    actor_span = _span(history, alice, "actor", 15, 20)
    with pytest.raises(PermissionDeniedError):
        history.do(LinkSpan(actor_span, "putin"), bob)
    with pytest.raises(NotFoundError):
        history.do(LinkSpan(actor_span, "medvedev"), alice)
    changes = history.do(LinkSpan(actor_span, "putin"), alice)
    assert changes.span_ids == {actor_span}
    assert project.span_actor(actor_span) == "putin"
    history.do(LinkSpan(actor_span, NIL_AMBIGUOUS), alice)
    assert project.span_actor(actor_span) == NIL_AMBIGUOUS
    history.do(LinkSpan(actor_span, None), alice)
    assert project.span_actor(actor_span) is None
    history.undo(alice)
    history.undo(alice)
    assert project.span_actor(actor_span) == "putin"


def test_a_marked_label_links_too(project, history, alice):
    project.set_actor_labels(["actor", "event"])
    span = _span(history, alice, "event", 0, 10)
    history.do(LinkSpan(span, NIL_NOT_IN_REGISTRY), alice)
    assert project.span_actor(span) == NIL_NOT_IN_REGISTRY


def test_deleting_or_relabelling_a_span_drops_its_link_and_undo_restores(project, history, alice):
    _add(history, alice, "putin", "Vladimir Putin")
    span = _span(history, alice, "actor", 15, 20)
    history.do(LinkSpan(span, "putin"), alice)
    history.do(DeleteSpan(span), alice)
    assert project.span_actor(span) is None
    history.undo(alice)
    assert project.span_actor(span) == "putin"
    history.do(UpdateSpan(span, label="event"), alice)
    assert project.span_actor(span) is None
    history.undo(alice)
    assert project.span_actor(span) == "putin"


def test_create_actor_from_a_span_is_one_step(project, history, alice):
    span = _span(history, alice, "actor", 0, 10)
    changes = history.do(CreateActorFromSpan(span, ActorKind.PERSON), alice)
    [actor_id] = changes.actor_ids
    assert project.actor(actor_id).name == "Lukashenko"
    assert project.span_actor(span) == actor_id
    history.undo(alice)
    assert project.actor(actor_id) is None
    assert project.span_actor(span) is None


def test_merge_moves_every_link_joins_aliases_and_undo_splits(project, history, alice):
    _add(history, alice, "lukashenko", "Alexander Lukashenko", aliases=["Lukashenko"])
    _add(history, alice, "president", "Belarusian President", ActorKind.OTHER, ["the President"])
    first = _span(history, alice, "actor", 0, 10)
    second = _span(history, alice, "actor", 26, 46)
    history.do(LinkSpan(first, "lukashenko"), alice)
    history.do(LinkSpan(second, "president"), alice)
    before = (project.actor("lukashenko"), project.actor("president"))
    changes = history.do(MergeActors("president", into="lukashenko"), alice)
    assert changes.actor_ids == {"lukashenko", "president"}
    assert project.actor("president") is None
    assert project.actor("lukashenko").aliases == (
        "Lukashenko",
        "Belarusian President",
        "the President",
    )
    assert project.span_actor(second) == "lukashenko"
    assert any(e.action.startswith("Merge actor") for e in project.audit_log())
    history.undo(alice)
    assert (project.actor("lukashenko"), project.actor("president")) == before
    assert project.span_actor(second) == "president"
    assert project.span_actor(first) == "lukashenko"


def test_mentions_and_link_counts(project, history, alice):
    _add(history, alice, "putin", "Vladimir Putin")
    span = _span(history, alice, "actor", 15, 20)
    history.do(LinkSpan(span, "putin"), alice)
    [mention] = project.actor_mentions("putin")
    assert (mention.document_id, mention.span_id, mention.start, mention.end) == (
        "d1",
        span,
        15,
        20,
    )
    assert project.actor_link_counts() == {"putin": 1}


def test_which_labels_link_is_an_audited_operation(project, alice):
    from belannot.core.actor_commands import SetActorLabels
    from belannot.core.operations import run

    changes = run(project, SetActorLabels(("actor", "event")), alice)
    assert changes.labels == {"event"}
    assert project.actor_labels() == ["actor", "event"]
    entry = project.audit_log()[-1]
    assert (entry.entity, entry.before, entry.after) == (
        "actor_labels",
        ["actor"],
        ["actor", "event"],
    )
    with pytest.raises(ValidationError, match="unknown label"):
        run(project, SetActorLabels(("nope",)), alice)
