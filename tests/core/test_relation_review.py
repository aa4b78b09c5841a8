"""Accept agreed covers relations: identical relations of enough annotators join the gold."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from belannot.core.commands import AddSpan
from belannot.core.formats.jsonl import export_jsonl
from belannot.core.history import History
from belannot.core.model import Document, Role, SpanStatus, User
from belannot.core.relation_commands import AddRelation, RejectRelation
from belannot.core.review import AcceptAgreed, RejectSpan
from belannot.core.store import SpanFilter
from tests.core.shared_project_fixtures import undone_after

TEXT = "“We will not fight,” Lukashenko said. He may invade Ukraine."
QUOTE, ACTOR, PREDICTION = (0, 19), (21, 31), (38, 60)


@pytest.fixture
def project(store, alice, bob, rita):
    store.add_document(Document("d1", TEXT))
    for user in (alice, bob, rita):
        store.add_user(user)
    return History(store)


def span(history, user, label, offsets):
    [span_id] = history.do(AddSpan("d1", *offsets, label), user).span_ids
    return span_id


def link(history, user, head, tail, kind="speaker"):
    [relation_id] = history.do(AddRelation(head, tail, kind), user).relation_ids
    return relation_id


def test_agreed_relations_are_approved_with_their_ends_in_one_step(
    store, project, alice, bob, rita
):
    ids = {}
    for user in (alice, bob):
        quote, actor = span(project, user, "quote", QUOTE), span(project, user, "actor", ACTOR)
        ids[user.name] = link(project, user, quote, actor)
    prediction = span(project, alice, "prediction", PREDICTION)
    alone = link(project, alice, prediction, store.relation(ids["alice"]).tail, "source")
    changes = project.do(AcceptAgreed(2), rita)
    assert changes.relation_ids == {ids["alice"], ids["bob"]}
    [gold] = store.gold_relations("d1")
    assert gold.id == ids["alice"] and gold.reviewer == "rita"
    assert store.relation(ids["bob"]).status is SpanStatus.REJECTED
    assert store.relation(alone).status is SpanStatus.PENDING
    project.undo(rita)
    assert {r.status for r in store.relations("d1")} == {SpanStatus.PENDING}
    assert {s.status for s in store.spans("d1")} == {SpanStatus.PENDING}


def test_mixed_copies_get_a_gold_relation_between_the_approved_ends(
    store, project, alice, bob, rita
):
    # The earliest quote is alice's, the earliest actor bob's: neither annotator's relation
    # joins the two approved copies, so the gold gets the reviewer's relation between them.
    alice_quote = span(project, alice, "quote", QUOTE)
    bob_actor = span(project, bob, "actor", ACTOR)
    bob_quote = span(project, bob, "quote", QUOTE)
    alice_actor = span(project, alice, "actor", ACTOR)
    first = link(project, alice, alice_quote, alice_actor)
    second = link(project, bob, bob_quote, bob_actor)
    project.do(AcceptAgreed(2), rita)
    [gold] = store.gold_relations("d1")
    assert (gold.head, gold.tail, gold.type) == (alice_quote, bob_actor, "speaker")
    assert (gold.annotator, gold.status) == ("rita", SpanStatus.APPROVED)
    assert store.relation(first).status is SpanStatus.REJECTED
    assert store.relation(second).status is SpanStatus.REJECTED
    project.undo(rita)
    assert {r.id for r in store.relations("d1")} == {first, second}


def test_relations_wait_for_both_ends_and_respect_rejections(store, project, alice, bob, rita):
    ids = {}
    for user in (alice, bob):
        quote, actor = span(project, user, "quote", QUOTE), span(project, user, "actor", ACTOR)
        ids[user.name] = (quote, link(project, user, quote, actor))
    # The quote is rejected: its relations cannot join the gold.
    project.do(RejectSpan(ids["alice"][0]), rita)
    project.do(AcceptAgreed(2), rita)
    assert store.gold_relations("d1") == []
    assert {store.relation(r).status for _, r in ids.values()} == {SpanStatus.PENDING}


def test_a_rejected_relation_stays_out(store, project, alice, bob, rita):
    relations = []
    for user in (alice, bob):
        quote, actor = span(project, user, "quote", QUOTE), span(project, user, "actor", ACTOR)
        relations.append(link(project, user, quote, actor))
    project.do(RejectRelation(relations[0]), rita)
    changes = project.do(AcceptAgreed(2), rita)
    assert changes.relation_ids == frozenset()
    assert store.gold_relations("d1") == []
    assert store.relation(relations[1]).status is SpanStatus.PENDING


def test_one_annotator_is_not_enough(store, project, alice, bob, rita):
    quote, actor = span(project, alice, "quote", QUOTE), span(project, alice, "actor", ACTOR)
    relation = link(project, alice, quote, actor)
    span(project, bob, "quote", QUOTE)
    span(project, bob, "actor", ACTOR)
    changes = project.do(AcceptAgreed(2), rita)
    assert changes.relation_ids == frozenset()
    assert store.relation(relation).status is SpanStatus.PENDING


def test_the_approved_only_export_writes_exactly_the_gold_relations(
    tmp_path, store, project, alice, bob, rita
):
    # Mixed copies: the gold holds the reviewer's relation between the approved ends.
    alice_quote = span(project, alice, "quote", QUOTE)
    bob_actor = span(project, bob, "actor", ACTOR)
    bob_quote = span(project, bob, "quote", QUOTE)
    alice_actor = span(project, alice, "actor", ACTOR)
    link(project, alice, alice_quote, alice_actor)
    link(project, bob, bob_quote, bob_actor)
    project.do(AcceptAgreed(2), rita)
    out = tmp_path / "gold.jsonl"
    export_jsonl(store, out, span_filter=SpanFilter.approved_only())
    [record] = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert [r["id"] for r in record["relations"]] == [r.id for r in store.gold_relations("d1")]
    assert {s["id"] for s in record["spans"]} == {alice_quote, bob_actor}


POOL = [((0, 19), "quote"), ((21, 31), "actor"), ((38, 60), "prediction"), ((41, 47), "actor")]
TYPES = {("quote", "actor"): "speaker", ("prediction", "actor"): "source"}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(["alice", "bob", "carol"]), st.permutations(range(4))),
        min_size=1,
        max_size=4,
    ),
    st.data(),
)
def test_accept_agreed_puts_each_agreed_relation_in_the_gold_once(store, layers, data):
    with undone_after(store):
        store.add_document(Document("d1", TEXT))
        users = {name: User(name, Role.ANNOTATOR) for name in ("alice", "bob", "carol")}
        rita = User("rita", Role.REVIEWER)
        for user in (*users.values(), rita):
            store.add_user(user)
        history = History(store)
        for name, order in layers:
            made = {}
            for i in order:  # the order spans are made in decides which copy is gold
                (start, end), label = POOL[i]
                if not store.identical_spans("d1", start, end, label) or all(
                    s.annotator != name for s in store.identical_spans("d1", start, end, label)
                ):
                    made[i] = span(history, users[name], label, (start, end))
            for h, t in [(0, 1), (0, 3), (2, 1), (2, 3)]:
                if h in made and t in made and data.draw(st.booleans()):
                    kind = TYPES[(POOL[h][1], POOL[t][1])]
                    if not any(
                        r.annotator == name and r.ends() == (made[h], made[t])
                        for r in store.relations("d1")
                    ):
                        link(history, users[name], made[h], made[t], kind)
        before = {r.id: r.status for r in store.relations("d1")}
        history.do(AcceptAgreed(2), rita)
        spans = {s.id: s for s in store.spans("d1")}

        def content(r):
            h, t = spans[r.head], spans[r.tail]
            return (r.type, h.start, h.end, h.label, t.start, t.end, t.label)

        gold = store.gold_relations("d1")
        assert len({content(r) for r in gold}) == len(gold)
        makers = {}
        for r in store.relations("d1"):
            if r.id in before:
                makers.setdefault(content(r), set()).add(r.annotator)
        approved = {
            (s.start, s.end, s.label) for s in spans.values() if s.status.value == "approved"
        }
        expected = {
            c
            for c, who in makers.items()
            if len(who) >= 2 and c[1:4] in approved and c[4:] in approved
        }
        assert {content(r) for r in gold} == expected
        history.undo(rita)
        assert {r.id: r.status for r in store.relations("d1")} == before
