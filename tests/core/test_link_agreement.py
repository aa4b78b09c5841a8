"""Linking agreement over exactly matched actor spans: percentage and kappa (scikit-learn)."""

from __future__ import annotations

import math
import warnings
from itertools import combinations

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from belannot.core.actor_commands import AddActor, LinkSpan
from belannot.core.actors import NIL_AMBIGUOUS, NIL_NOT_IN_REGISTRY
from belannot.core.agreement import compute_agreement, measure
from belannot.core.attribute_agreement import measure_attributes
from belannot.core.commands import AddSpan, SetDocumentState
from belannot.core.history import History
from belannot.core.link_agreement import measure_links
from belannot.core.model import Document, DocumentState, Role, Span, User, now_iso
from belannot.core.relation_agreement import measure_relation_rows
from belannot.core.relations import Relation, RelationType
from tests.core.shared_project_fixtures import undone_after


def item(who, start, end, link=None, label="actor", document="d"):
    return (document, who, label, start, end, link)


def test_percentage_and_kappa_by_hand():
    items = [
        item("a", 0, 5, "putin"),
        item("b", 0, 5, "putin"),
        item("a", 10, 15, "putin"),
        item("b", 10, 15, NIL_NOT_IN_REGISTRY),
        item("a", 20, 25, NIL_AMBIGUOUS),
        item("b", 20, 25, NIL_AMBIGUOUS),
        item("a", 30, 35, "lukashenko"),
        item("b", 30, 35),  # not linked: a value of its own
        item("a", 40, 45),
        item("b", 40, 45),  # neither linked: they agree
        # Not matched exactly, or not a linkable label: left out.
        item("a", 50, 55, "putin"),
        item("b", 50, 56, "putin"),
        item("a", 60, 65, "putin", label="quote"),
        item("b", 60, 65, "lukashenko", label="quote"),
    ]
    links = measure_links(("a", "b"), ("actor",), items)
    pair = links.pair("a", "b")
    assert (pair.spans, pair.agreed, pair.percentage) == (5, 3, 60.0)
    first = ["putin", "putin", "NIL:ambiguous", "lukashenko", "-"]
    second = ["putin", "NIL", "NIL:ambiguous", "-", "-"]
    assert pair.kappa == pytest.approx(cohen_kappa_score(first, second))
    assert links.to_json()["pairs"][0]["spans"] == 5


def test_nobody_linked_agrees_but_kappa_is_undefined():
    links = measure_links(("a", "b"), ("actor",), [item("a", 0, 5), item("b", 0, 5)])
    pair = links.pair("a", "b")
    assert (pair.spans, pair.percentage, pair.kappa) == (1, 100.0, None)


def test_repeated_copies_take_the_earliest():
    items = [item("a", 0, 5, "putin"), item("a", 0, 5, "NIL"), item("b", 0, 5, "putin")]
    pair = measure_links(("a", "b"), ("actor",), items).pair("a", "b")
    assert (pair.spans, pair.agreed) == (1, 1)


links = st.sampled_from(["putin", "lukashenko", "nato", NIL_NOT_IN_REGISTRY, NIL_AMBIGUOUS, None])
layers = st.lists(
    st.tuples(
        st.sampled_from("abc"),
        st.sampled_from(["d1", "d2"]),
        st.integers(0, 6),
        st.sampled_from(["actor", "quote"]),
        links,
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(layers)
def test_against_scikit_learn(rows):
    items = [(d, who, label, start, start + 2, link) for who, d, start, label, link in rows]
    result = measure_links("abc", ("actor",), items)
    # The plain reading of the definition: per annotator, the earliest copy of each span.
    first_copy: dict[tuple, dict[str, str | None]] = {}
    for d, who, label, start, end, link in items:
        if label == "actor":
            first_copy.setdefault((d, start, end), {}).setdefault(who, link)
    for a, b in combinations("abc", 2):
        both = [v for v in first_copy.values() if a in v and b in v]
        pair = result.pair(a, b)
        assert pair.spans == len(both)
        assert pair.agreed == sum(v[a] == v[b] for v in both)
        if not both:
            assert pair.percentage is None and pair.kappa is None
            continue
        assert pair.percentage == pytest.approx(100 * pair.agreed / len(both))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = cohen_kappa_score([str(v[a]) for v in both], [str(v[b]) for v in both])
        if pair.kappa is None:
            assert math.isnan(theirs)
        else:
            assert pair.kappa == pytest.approx(theirs, abs=1e-12)


# -- from a project ------------------------------------------------------------------------

TEXT = "Putin met Lukashenko. The Kremlin said Minsk agreed."


@pytest.fixture
def linked(store, alice, bob):
    history = History(store)
    store.add_document(Document("d1", TEXT))
    for user in (alice, bob):
        store.add_user(user)
    history.do(AddActor("Vladimir Putin", "person", actor_id="putin"), alice)
    history.do(AddActor("Alexander Lukashenko", "person", actor_id="lukashenko"), alice)
    targets = {
        "alice": ("putin", "lukashenko", "putin", None),
        "bob": ("putin", NIL_NOT_IN_REGISTRY, "putin", None),
    }
    for user in (alice, bob):
        for (start, end), target in zip(
            ((0, 5), (10, 20), (26, 33), (39, 44)), targets[user.name], strict=True
        ):
            [span] = history.do(AddSpan("d1", start, end, "actor"), user).span_ids
            if target is not None:
                history.do(LinkSpan(span, target), user)
        history.do(SetDocumentState("d1", DocumentState.DONE), user)
    return store


def test_compute_agreement_reports_links_in_json(linked):
    report = compute_agreement(linked)
    assert report.links is not None
    pair = report.links.pair("alice", "bob")
    assert (pair.spans, pair.agreed, pair.percentage) == (4, 3, 75.0)
    data = orjson.loads(orjson.dumps(report.to_json()))
    # The keys before keep their order; links come last.
    assert list(data) == [
        "annotators",
        "documents",
        "excluded_documents",
        "characters",
        "labels",
        "overall",
        "relations",
        "attributes",
        "links",
    ]
    assert data["links"]["labels"] == ["actor"]
    assert data["links"]["pairs"] == [
        {
            "annotators": ["alice", "bob"],
            "spans": 4,
            "agreed": 3,
            "percentage": 75.0,
            "kappa": pytest.approx(
                cohen_kappa_score(
                    ["putin", "lukashenko", "putin", "-"], ["putin", "NIL", "putin", "-"]
                )
            ),
        }
    ]
    # --label without a linkable label: nothing compared, still reported.
    quotes = compute_agreement(linked, labels=["quote"]).to_json()["links"]
    assert quotes["labels"] == [] and quotes["pairs"][0]["spans"] == 0


# -- the one pass over the store against the plain twins --------------------------------

ANNOTATORS = ("alice", "bob", "carol")
LABELS = ("actor", "event", "prediction", "quote")
span_rows = st.lists(
    st.tuples(
        st.sampled_from(ANNOTATORS),
        st.sampled_from(["d1", "d2", "d3"]),
        st.integers(0, 8),
        st.integers(1, 4),
        st.sampled_from(LABELS),
        st.sampled_from([None, "likely", "possible"]),
        st.sampled_from([None, "putin", NIL_NOT_IN_REGISTRY]),
    ),
    max_size=40,
)


relation_picks = st.lists(
    st.tuples(st.integers(0, 39), st.integers(0, 39), st.sampled_from(["speaker", "near"])),
    max_size=30,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    span_rows,
    st.sets(st.tuples(st.sampled_from(ANNOTATORS), st.sampled_from(["d1", "d2"]))),
    relation_picks,
)
def test_the_store_pass_equals_the_plain_twins(store, rows, not_done, picks):
    with undone_after(store):
        _the_store_pass_equals_the_plain_twins(store, rows, not_done, picks)


def _the_store_pass_equals_the_plain_twins(store, rows, not_done, picks):
    stamp = now_iso()
    with store.transaction():
        for name in ANNOTATORS:
            store.add_user(User(name, Role.ANNOTATOR))
        for d in ("d1", "d2", "d3"):
            store.add_document(Document(d, f"Putin met Lukashenko in Minsk ({d})."))
        store.insert_actors([_putin()])
        spans, link_rows = [], []
        for n, (who, d, start, length, label, certainty, link) in enumerate(rows):
            # Created stamps out of id order: the earliest made is not the first id.
            created = f"2026-01-01T00:00:{59 - n:02d}+00:00"
            spans.append(
                Span(
                    f"s{n:03d}",
                    d,
                    start,
                    start + length,
                    label,
                    who,
                    created=created,
                    updated=created,
                    attributes={"certainty": certainty}
                    if certainty and label == "prediction"
                    else {},
                )
            )
            if link and label == "actor":
                link_rows.append((f"s{n:03d}", d, link))
        store.insert_spans(spans)
        store.insert_links(link_rows)
        # A symmetric type beside the default directed ones.
        store.add_relation_type(RelationType("near", LABELS, LABELS, directed=False))
        relations = [
            Relation(f"r{n:03d}", head.document_id, kind, head.id, tail.id, head.annotator)
            for n, (h, t, kind) in enumerate(picks)
            if h < len(spans) and t < len(spans)
            for head, tail in [(spans[h], spans[t])]
            if head.id != tail.id
            and (head.document_id, head.annotator) == (tail.document_id, tail.annotator)
        ]
        store.insert_relations(relations)
        for who in ANNOTATORS:
            for d in ("d1", "d2", "d3"):
                if (who, d) not in not_done:
                    store.write_document_state(
                        {
                            "document_id": d,
                            "annotator": who,
                            "state": "done",
                            "updated": stamp,
                        }
                    )
    try:
        report = compute_agreement(store)
    except Exception as error:  # fewer than two annotators with a done document
        assert "at least two" in str(error)
        return
    names = report.annotators
    documents = store.documents_done_by_all(names)
    done = {d for d, _ in documents}
    earliest = sorted(
        (s for s in spans if s.document_id in done and s.annotator in names),
        key=lambda s: (s.created, s.id),
    )
    intervals = [(s.document_id, s.annotator, s.label, s.start, s.end) for s in earliest]
    plain = measure(names, [label.name for label in store.labels()], documents, intervals)
    assert report.labels == plain.labels and report.overall == plain.overall
    declared = {
        label.name: tuple(a.name for a in label.attributes)
        for label in store.labels()
        if label.attributes
    }
    attribute_items = [
        (s.document_id, s.annotator, s.label, s.start, s.end, s.attributes) for s in earliest
    ]
    assert report.attributes == measure_attributes(names, declared, attribute_items)
    linked = dict((span_id, link) for span_id, _d, link in link_rows)
    link_items = [
        (s.document_id, s.annotator, s.label, s.start, s.end, linked.get(s.id)) for s in earliest
    ]
    assert report.links == measure_links(names, ("actor",), link_items)
    types = [(t.name, t.directed) for t in store.relation_types()]
    by_id = {span.id: span for span in spans}
    relation_rows = [
        (r.document_id, r.annotator, r.type, *_end(by_id[r.head]), *_end(by_id[r.tail]))
        for r in relations
        if r.document_id in done and r.annotator in names
    ]
    assert report.relations == measure_relation_rows(names, types, relation_rows)


def _end(span):
    return (span.start, span.end, span.label)


def _putin():
    from belannot.core.actors import Actor

    stamp = now_iso()
    return Actor("putin", "Vladimir Putin", "person", created=stamp, updated=stamp)


def test_a_symmetric_relation_matches_either_way_round_in_the_store(store, alice, bob):
    store.add_document(Document("d1", TEXT))
    stamp = now_iso()
    store.add_relation_type(RelationType("near", LABELS, LABELS, directed=False))
    spans, relations = [], []
    for user, reverse in ((alice, False), (bob, True)):
        store.add_user(user)
        first = Span(f"{user.name}-1", "d1", 0, 5, "actor", user.name, created=stamp)
        second = Span(f"{user.name}-2", "d1", 10, 20, "actor", user.name, created=stamp)
        spans += [first, second]
        head, tail = (second, first) if reverse else (first, second)
        relations.append(Relation(f"{user.name}-r", "d1", "near", head.id, tail.id, user.name))
        store.write_document_state(
            {"document_id": "d1", "annotator": user.name, "state": "done", "updated": stamp}
        )
    store.insert_spans(spans)
    store.insert_relations(relations)
    pair = compute_agreement(store).relations.type("near").pair("alice", "bob")
    assert (pair.relations, pair.matches) == ((1, 1), 1)
