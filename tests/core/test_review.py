"""Review commands: roles, decisions on identical copies, corrections, accept-agreed, undo."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from belannot.core.commands import AddSpan, Batch
from belannot.core.errors import NotFoundError, PermissionDeniedError
from belannot.core.history import History
from belannot.core.model import (
    Document,
    ReviewState,
    Span,
    SpanStatus,
    User,
    ValidationError,
    new_span_id,
)
from belannot.core.review import (
    AcceptAgreed,
    ApproveSpan,
    CorrectSpan,
    RejectSpan,
    ResetReview,
    duplicate_ids,
    layers_shared,
    share_layers,
    shown_status,
)
from tests.core.shared_project_fixtures import undone_after
from tests.store_helpers import documents_in_review_state, next_pending_span, review_state

TEXT = "Putin said the war will end soon, according to Reuters."


@pytest.fixture
def history(store, alice, bob, rita):
    store.add_document(Document("d1", TEXT))
    store.add_document(Document("d2", TEXT + " Again."))
    store.add_document(Document("d3", "Nothing to see."))
    for user in (alice, bob, rita):
        store.add_user(user)
    return History(store)


def add(history, user, start, end, label, doc="d1", span_id=None):
    history.do(AddSpan(doc, start, end, label, span_id=span_id), user)
    return span_id


def snapshot(store):
    spans = [s for d in store.document_ids() for s in store.spans(d)]
    return spans, len(store.audit_log())


def test_an_annotator_cannot_approve_and_nothing_changes(store, history, alice, bob):
    add(history, alice, 0, 5, "actor", span_id="a1")
    before = snapshot(store)
    with pytest.raises(PermissionDeniedError, match="reviewer"):
        history.do(ApproveSpan("a1"), bob)
    with pytest.raises(PermissionDeniedError):
        history.do(AcceptAgreed(2), alice)
    with pytest.raises(PermissionDeniedError):
        history.do(Batch("sneak", [RejectSpan("a1")]), alice)
    assert snapshot(store) == before
    assert store.span("a1").status is SpanStatus.PENDING


def test_approve_records_reviewer_and_time_and_audit(store, history, alice, rita):
    add(history, alice, 0, 5, "actor", span_id="a1")
    history.do(ApproveSpan("a1"), rita)
    span = store.span("a1")
    assert span.status is SpanStatus.APPROVED
    assert span.reviewer == "rita"
    assert span.reviewed_at
    entry = store.audit_log()[-1]
    assert (entry.user, entry.action, entry.entity_id) == ("rita", "Approve span", "a1")
    assert entry.before["status"] == "pending" and entry.after["status"] == "approved"
    assert store.gold_spans("d1") == [span]


def test_undo_and_redo_of_a_review_decision(store, history, alice, rita):
    add(history, alice, 0, 5, "actor", span_id="a1")
    history.do(RejectSpan("a1"), rita)
    assert store.span("a1").status is SpanStatus.REJECTED
    assert history.undo_description(rita) == "Reject span"
    history.undo(rita)
    span = store.span("a1")
    assert (span.status, span.reviewer, span.reviewed_at) == (SpanStatus.PENDING, None, None)
    history.redo(rita)
    assert store.span("a1").status is SpanStatus.REJECTED
    assert [e.action for e in store.audit_log(user="rita")][-3:] == [
        "Reject span",
        "undo: Reject span",
        "redo: Reject span",
    ]


def test_approving_one_copy_makes_the_others_duplicates(store, history, alice, bob, rita):
    add(history, alice, 0, 5, "actor", span_id="a1")
    add(history, bob, 0, 5, "actor", span_id="b1")
    add(history, bob, 0, 5, "event", span_id="b2")  # other label: not a copy
    history.do(ApproveSpan("b1"), rita)
    assert store.span("b1").status is SpanStatus.APPROVED
    assert store.span("a1").status is SpanStatus.REJECTED
    assert store.span("a1").reviewer == "rita"
    assert store.span("b2").status is SpanStatus.PENDING
    assert [s.id for s in store.gold_spans("d1")] == ["b1"]
    # Approving the duplicate keeps one copy in the gold.
    history.do(ApproveSpan("a1"), rita)
    assert [s.id for s in store.gold_spans("d1")] == ["b1"]


def test_reject_and_reset_act_on_every_copy(store, history, alice, bob, rita):
    add(history, alice, 0, 5, "actor", span_id="a1")
    add(history, bob, 0, 5, "actor", span_id="b1")
    history.do(ApproveSpan("a1"), rita)
    history.do(RejectSpan("a1"), rita)
    assert {store.span(i).status for i in ("a1", "b1")} == {SpanStatus.REJECTED}
    history.do(ResetReview("b1"), rita)
    assert {store.span(i).status for i in ("a1", "b1")} == {SpanStatus.PENDING}
    assert review_state(store, "d1") is ReviewState.UNREVIEWED


def test_correction_keeps_the_original(store, history, alice, bob, rita):
    add(history, alice, 0, 5, "event", span_id="a1")
    add(history, bob, 0, 5, "event", span_id="b1")
    add(history, bob, 0, 6, "actor", span_id="b2")  # close, not identical
    history.do(CorrectSpan("a1", label="actor", new_span_id="c1"), rita)
    correction = store.span("c1")
    assert (correction.start, correction.end, correction.label) == (0, 5, "actor")
    assert correction.annotator == "rita" and correction.corrects == "a1"
    assert correction.status is SpanStatus.APPROVED and correction.reviewer == "rita"
    original = store.span("a1")
    assert (original.label, original.status, original.reviewer) == (
        "event",
        SpanStatus.REJECTED,
        "rita",
    )
    # The original's copy is rejected with it; bob's other span is still undecided.
    assert store.span("b1").status is SpanStatus.REJECTED
    assert store.span("b2").status is SpanStatus.PENDING
    assert [s.id for s in store.gold_spans("d1")] == ["c1"]
    assert review_state(store, "d1") is ReviewState.IN_REVIEW
    history.undo(rita)
    assert store.span("c1") is None
    assert {store.span(i).status for i in ("a1", "b1", "b2")} == {SpanStatus.PENDING}


def test_correction_is_checked(store, history, alice, rita):
    add(history, alice, 0, 5, "actor", span_id="a1")
    add(history, alice, 6, 10, "actor", span_id="a2")
    with pytest.raises(ValidationError, match="same as the span"):
        history.do(CorrectSpan("a1", label="actor"), rita)
    with pytest.raises(ValidationError, match="past the end"):
        history.do(CorrectSpan("a1", end=10_000), rita)
    with pytest.raises(ValidationError, match="unknown label"):
        history.do(CorrectSpan("a1", label="nope"), rita)
    history.do(ApproveSpan("a2"), rita)
    with pytest.raises(ValidationError, match="already in the gold"):
        history.do(CorrectSpan("a1", start=6, end=10), rita)
    with pytest.raises(NotFoundError):
        history.do(ApproveSpan("missing"), rita)


def three_annotators(history, alice, bob, carol):
    # d1: 'Putin' actor by all three; 'war' event by alice and bob; 'Reuters' quote by alice.
    for user in (alice, bob, carol):
        add(history, user, 0, 5, "actor", span_id=f"{user.name}-putin")
    add(history, alice, 15, 18, "event", span_id="alice-war")
    add(history, bob, 15, 18, "event", span_id="bob-war")
    add(history, carol, 15, 18, "actor", span_id="carol-war")
    add(history, alice, 47, 54, "quote", span_id="alice-reuters")
    add(history, alice, 0, 5, "actor", doc="d2", span_id="alice-d2")
    add(history, bob, 0, 5, "actor", doc="d2", span_id="bob-d2")


@pytest.fixture
def carol(store):
    return store.add_user(User("carol"))


def test_accept_agreed_approves_one_copy_per_agreed_span(store, history, alice, bob, carol, rita):
    three_annotators(history, alice, bob, carol)
    before = snapshot(store)
    changes = history.do(AcceptAgreed(2, ("d1",)), rita)
    gold = store.gold_spans("d1")
    assert [(s.start, s.end, s.label) for s in gold] == [(0, 5, "actor"), (15, 18, "event")]
    # The earliest-made copy represents the group.
    assert [s.id for s in gold] == ["alice-putin", "alice-war"]
    for duplicate in ("bob-putin", "carol-putin", "bob-war"):
        assert store.span(duplicate).status is SpanStatus.REJECTED
    for untouched in ("carol-war", "alice-reuters", "alice-d2", "bob-d2"):
        assert store.span(untouched).status is SpanStatus.PENDING
    assert changes.span_ids == {
        "alice-putin",
        "bob-putin",
        "carol-putin",
        "alice-war",
        "bob-war",
    }
    # One undo reverts it all.
    assert history.undo_description(rita) == "Accept spans agreed by 2 annotators"
    history.undo(rita)
    assert snapshot(store)[0] == before[0]


def test_accept_agreed_threshold_and_whole_corpus(store, history, alice, bob, carol, rita):
    three_annotators(history, alice, bob, carol)
    history.do(AcceptAgreed(3), rita)
    assert [s.id for s in store.gold_spans("d1")] == ["alice-putin"]
    assert store.gold_spans("d2") == []
    history.do(AcceptAgreed(2), rita)
    assert [s.id for s in store.gold_spans("d2")] == ["alice-d2"]
    assert review_state(store, "d2") is ReviewState.REVIEWED
    assert review_state(store, "d1") is ReviewState.IN_REVIEW
    with pytest.raises(ValidationError, match="at least 2"):
        history.do(AcceptAgreed(1), rita)
    with pytest.raises(NotFoundError):
        history.do(AcceptAgreed(2, ("nope",)), rita)


def test_accept_agreed_respects_earlier_decisions(store, history, alice, bob, rita):
    add(history, alice, 0, 5, "actor", span_id="a1")
    add(history, bob, 0, 5, "actor", span_id="b1")
    add(history, alice, 6, 10, "actor", span_id="a2")
    add(history, bob, 6, 10, "actor", span_id="b2")
    history.do(RejectSpan("a1"), rita)  # rejected content stays out
    assert history.do(AcceptAgreed(2, ("d1",)), rita).span_ids == {"a2", "b2"}
    assert store.span("a1").status is SpanStatus.REJECTED
    # Nothing left to accept: no edit, no undo step.
    assert not history.do(AcceptAgreed(2, ("d1",)), rita)
    assert history.undo_description(rita) == "Accept spans agreed by 2 annotators"


def test_corrections_do_not_count_as_annotators(store, history, alice, rita):
    add(history, alice, 0, 5, "event", span_id="a1")
    history.do(CorrectSpan("a1", label="actor", new_span_id="c1"), rita)
    add(history, alice, 0, 5, "actor", span_id="a2")
    assert not history.do(AcceptAgreed(2), rita)


def test_review_states_and_navigation(store, history, alice, bob, rita):
    add(history, alice, 0, 5, "actor", span_id="a1")
    add(history, bob, 6, 10, "event", span_id="b1")
    add(history, bob, 0, 5, "actor", span_id="b0")
    add(history, alice, 0, 3, "actor", doc="d2", span_id="d2a")
    assert store.review_states() == {
        "d1": ReviewState.UNREVIEWED,
        "d2": ReviewState.UNREVIEWED,
        "d3": ReviewState.UNANNOTATED,
    }
    first = next_pending_span(store, "d1")
    assert first.id == "a1"  # text order, then annotator
    assert next_pending_span(store, "d1", first).id == "b0"
    history.do(ApproveSpan("a1"), rita)  # b0 becomes its duplicate
    assert next_pending_span(store, "d1").id == "b1"
    assert next_pending_span(store, "d1", store.span("b1")) is None
    assert review_state(store, "d1") is ReviewState.IN_REVIEW
    assert store.next_document_with_pending() == "d1"
    assert store.next_document_with_pending("d1") == "d2"
    assert store.next_document_with_pending("d2") is None
    history.do(RejectSpan("b1"), rita)
    assert documents_in_review_state(store, ReviewState.REVIEWED) == ["d1"]
    assert store.reviewed_documents() == {"d1"}
    assert documents_in_review_state(store, ReviewState.UNREVIEWED, ReviewState.UNANNOTATED) == [
        "d2",
        "d3",
    ]
    assert store.next_document_with_pending() == "d2"


def settings_audited(store):
    return [
        (e.user, e.action, e.before, e.after) for e in store.audit_log() if e.entity == "setting"
    ]


def test_only_a_reviewer_shares_layers_and_each_change_is_audited(store, alice, rita):
    for user in (alice, rita):
        store.add_user(user)
    assert not layers_shared(store)
    with pytest.raises(PermissionDeniedError, match="needs a reviewer"):
        share_layers(store, alice, True)
    assert not layers_shared(store) and settings_audited(store) == []
    assert share_layers(store, rita, True)
    assert layers_shared(store)
    assert not share_layers(store, rita, True)  # already on: nothing to record
    assert share_layers(store, rita, False)
    assert not layers_shared(store)
    assert settings_audited(store) == [
        ("rita", "share layers", {"shared": False}, {"shared": True}),
        ("rita", "keep layers apart", {"shared": True}, {"shared": False}),
    ]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(st.sampled_from(list(SpanStatus)), max_size=4), min_size=1, max_size=5))
def test_reviewed_documents_are_those_review_states_calls_reviewed(store, statuses_by_document):
    with undone_after(store):
        store.ensure_user("alice")
        for number, statuses in enumerate(statuses_by_document):
            store.add_document(Document(f"d{number}", f"Putin met Lukashenko in Minsk, {number}."))
            store.insert_spans(
                Span(new_span_id(), f"d{number}", i, i + 5, "actor", "alice", status=status)
                for i, status in enumerate(statuses)
            )
        states = store.review_states()
        assert store.reviewed_documents() == {
            doc for doc, state in states.items() if state is ReviewState.REVIEWED
        }


def test_a_duplicate_is_shown_as_merged_into_the_gold_never_as_rejected(
    store, history, alice, bob, rita
):
    add(history, alice, 0, 5, "actor", span_id="a1")
    add(history, bob, 0, 5, "actor", span_id="b1")
    add(history, bob, 6, 10, "actor", span_id="b3")
    history.do(ApproveSpan("b1"), rita)
    history.do(RejectSpan("b3"), rita)
    spans = store.spans("d1")
    duplicates = duplicate_ids(spans, store.gold_spans("d1"))
    assert duplicates == {"a1"}
    shown = {s.id: shown_status(s, duplicates) for s in spans}
    assert shown == {"a1": "duplicate", "b1": "approved", "b3": "rejected"}
    # Alice alone (her own spans, the gold beside them) sees the same.
    own = [s for s in spans if s.annotator == "alice"]
    assert duplicate_ids(own, store.gold_spans("d1")) == {"a1"}


def test_a_correction_identical_to_an_annotators_span_approves_that_span(
    store, history, alice, bob, rita
):
    add(history, alice, 0, 5, "event", span_id="a1")
    add(history, bob, 0, 5, "actor", span_id="b2")
    add(history, alice, 0, 5, "actor", span_id="a2")
    # b2 and a2 may share a millisecond: the earliest copy is whichever the store orders
    # first (made first, then by annotator), not always bob's.
    earliest, other = (s.id for s in store.identical_spans("d1", 0, 5, "actor"))
    history.do(CorrectSpan("a1", label="actor", new_span_id="c1"), rita)
    # No new span: the earliest copy is the gold, the other copy merges into it.
    assert store.span("c1") is None
    assert store.span(earliest).status is SpanStatus.APPROVED
    assert store.span(earliest).reviewer == "rita"
    assert store.span("a1").status is SpanStatus.REJECTED
    assert [s.id for s in store.gold_spans("d1")] == [earliest]
    assert duplicate_ids(store.spans("d1"), store.gold_spans("d1")) == {other}
    history.undo(rita)
    assert {store.span(i).status for i in ("a1", "a2", "b2")} == {SpanStatus.PENDING}


def test_accept_agreed_leaves_copies_whose_attributes_differ_to_the_reviewer(
    store, history, alice, bob, rita
):
    # Same offsets and label but another certainty is a disagreement to settle, not an
    # agreement; a differing free-text note is commentary and does not count.
    for user, certainty, note in ((alice, "likely", "hedged"), (bob, "possible", "")):
        history.do(
            AddSpan("d1", 0, 5, "prediction", {"certainty": certainty}, span_id=f"{user.name}-p"),
            user,
        )
        history.do(
            AddSpan(
                "d1",
                6,
                10,
                "prediction",
                {"certainty": "likely", "note": note},
                span_id=f"{user.name}-q",
            ),
            user,
        )
    changes = history.do(AcceptAgreed(2, ("d1",)), rita)
    assert changes.span_ids == {"alice-q", "bob-q"}
    assert store.span("alice-p").status is store.span("bob-p").status is SpanStatus.PENDING
