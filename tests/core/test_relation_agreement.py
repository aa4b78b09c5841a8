"""Relation agreement: exact matches of type and both ends, per type and overall, by hand."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from belannot.core.agreement import compute_agreement
from belannot.core.commands import AddSpan, SetDocumentState
from belannot.core.history import History
from belannot.core.model import Document, DocumentState
from belannot.core.relation_agreement import measure_relations
from belannot.core.relation_commands import AddRelation

TYPES = (("speaker", True), ("source", True), ("near", False))
Q1, Q2, A1, A2 = (0, 5, "quote"), (10, 15, "quote"), (20, 25, "actor"), (30, 35, "actor")


def rel(who, kind, head, tail, document="d"):
    return (document, who, kind, head, tail)


def test_exact_f1_precision_and_recall_by_hand():
    relations = [
        rel("a", "speaker", Q1, A1),
        rel("a", "speaker", Q2, A2),
        rel("a", "source", Q1, A2),
        rel("b", "speaker", Q1, A1),  # match
        rel("b", "speaker", Q2, A1),  # other tail
        rel("b", "speaker", Q2, (30, 35, "event")),  # same offsets, other label: no match
    ]
    report = measure_relations(("a", "b"), TYPES, relations)
    speaker = report.type("speaker").pair("a", "b")
    assert (speaker.relations, speaker.matches) == ((2, 3), 1)
    # a is the reference: precision over b's relations, recall over a's.
    assert speaker.precision == pytest.approx(1 / 3)
    assert speaker.recall == pytest.approx(1 / 2)
    assert speaker.f1 == pytest.approx(2 * 1 / (2 + 3))
    source = report.type("source").pair("a", "b")
    assert (source.relations, source.matches, source.f1) == ((1, 0), 0, 0)
    assert source.precision is None and source.recall == 0
    overall = report.overall.pair("a", "b")
    assert (overall.relations, overall.matches) == ((3, 3), 1)
    assert overall.f1 == pytest.approx(2 / 6)
    # Nobody made a "near" relation: undefined, not zero.
    near = report.type("near").pair("a", "b")
    assert (near.f1, near.precision, near.recall) == (None, None, None)


def test_symmetric_types_match_either_order_directed_do_not():
    relations = [
        rel("a", "near", A1, A2),
        rel("b", "near", A2, A1),
        rel("a", "speaker", Q1, A1),
        rel("b", "speaker", A1, Q1),
    ]
    report = measure_relations(("a", "b"), TYPES, relations)
    assert report.type("near").pair("a", "b").f1 == 1
    assert report.type("speaker").pair("a", "b").f1 == 0


def test_repeats_count_once_and_documents_are_apart():
    relations = [
        rel("a", "speaker", Q1, A1),
        rel("a", "speaker", Q1, A1),
        rel("b", "speaker", Q1, A1, document="other"),
    ]
    pair = measure_relations(("a", "b"), TYPES, relations).overall.pair("a", "b")
    assert (pair.relations, pair.matches) == ((1, 1), 0)


ends = st.tuples(st.integers(0, 3), st.integers(4, 6), st.sampled_from(["quote", "actor"]))
relation_lists = st.lists(
    st.tuples(st.sampled_from(["d1", "d2"]), st.sampled_from([t for t, _ in TYPES]), ends, ends),
    max_size=12,
)


@settings(max_examples=80, deadline=None)
@given(relation_lists, relation_lists)
def test_f1_is_symmetric_in_the_pair(first, second):
    items = [(d, "a", t, h, tl) for d, t, h, tl in first] + [
        (d, "b", t, h, tl) for d, t, h, tl in second
    ]
    ab = measure_relations(("a", "b"), TYPES, items)
    ba = measure_relations(("b", "a"), TYPES, items)
    for kind in [None, *(t for t, _ in TYPES)]:
        one = (ab.overall if kind is None else ab.type(kind)).pair("a", "b")
        two = (ba.overall if kind is None else ba.type(kind)).pair("a", "b")
        assert one.f1 == two.f1
        assert one.matches == two.matches
    # Precision of one is recall of the other.
    one, two = ab.overall.pair("a", "b"), ba.overall.pair("a", "b")
    if one.annotators != two.annotators:
        assert (one.precision, one.recall) == (two.recall, two.precision)


@settings(max_examples=60, deadline=None)
@given(relation_lists.filter(bool))
def test_identical_layers_agree_perfectly(layer):
    items = [(d, who, t, h, tl) for who in "ab" for d, t, h, tl in layer]
    pair = measure_relations(("a", "b"), TYPES, items).overall.pair("a", "b")
    assert (pair.f1, pair.precision, pair.recall) == (1, 1, 1)


# -- from a project ------------------------------------------------------------------------

TEXT = "“We will not fight,” Lukashenko said. He may invade Ukraine."
QUOTE, ACTOR, PREDICTION = (0, 19), (21, 31), (38, 60)


@pytest.fixture
def project(store, alice, bob, rita):
    history = History(store)
    store.add_document(Document("d1", TEXT))
    store.add_document(Document("d2", TEXT + " Again."))
    for user in (alice, bob, rita):
        store.add_user(user)
    for user in (alice, bob):
        spans = {}
        for label, offsets in (("quote", QUOTE), ("actor", ACTOR), ("prediction", PREDICTION)):
            [spans[label]] = history.do(AddSpan("d1", *offsets, label), user).span_ids
        history.do(AddRelation(spans["quote"], spans["actor"], "speaker"), user)
        if user is alice:
            history.do(AddRelation(spans["prediction"], spans["actor"], "source"), user)
        history.do(SetDocumentState("d1", DocumentState.DONE), user)
    # d2: only alice finished it, so its relations stay out.
    [q] = history.do(AddSpan("d2", *QUOTE, "quote"), alice).span_ids
    [a] = history.do(AddSpan("d2", *ACTOR, "actor"), alice).span_ids
    history.do(AddRelation(q, a, "speaker"), alice)
    history.do(SetDocumentState("d2", DocumentState.DONE), alice)
    return history


def test_compute_agreement_reports_relations_in_json(store, project):
    report = compute_agreement(store)
    assert report.relations is not None
    speaker = report.relations.type("speaker").pair("alice", "bob")
    assert (speaker.relations, speaker.matches, speaker.f1) == ((1, 1), 1, 1)
    overall = report.relations.overall.pair("alice", "bob")
    assert (overall.relations, overall.matches) == ((2, 1), 1)
    data = orjson.loads(orjson.dumps(report.to_json()))
    # The span figures keep their keys, in their order; relations come beside them.
    assert list(data)[:6] == [
        "annotators",
        "documents",
        "excluded_documents",
        "characters",
        "labels",
        "overall",
    ]
    relations = data["relations"]
    assert list(relations["types"]) == ["speaker", "source", "participant", "about"]
    pair = relations["overall"]["pairs"][0]
    assert pair == {
        "annotators": ["alice", "bob"],
        "relations": [2, 1],
        "matches": 1,
        "precision": 1.0,
        "recall": 0.5,
        "f1": pytest.approx(2 / 3),
    }
    assert relations["overall"]["group"] == {"mean_f1": pytest.approx(2 / 3)}
