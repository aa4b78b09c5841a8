"""Attribute agreement over exactly matched spans: percentage and Cohen's kappa (scikit-learn)."""

from __future__ import annotations

import math
import warnings

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from belannot.core.agreement import compute_agreement
from belannot.core.attribute_agreement import cohen_kappa, measure_attributes
from belannot.core.commands import AddSpan, SetDocumentState
from belannot.core.history import History
from belannot.core.model import Document, DocumentState
from belannot.core.span_attributes import SetSpanAttribute

DECLARED = {"prediction": ("certainty", "outcome"), "quote": ("mode",)}


def item(who, label, start, end, document="d", **attributes):
    return (document, who, label, start, end, attributes)


def test_percentage_and_kappa_by_hand():
    items = [
        item("a", "prediction", 0, 5, certainty="likely"),
        item("b", "prediction", 0, 5, certainty="likely"),
        item("a", "prediction", 10, 15, certainty="likely"),
        item("b", "prediction", 10, 15, certainty="possible"),
        item("a", "prediction", 20, 25, certainty="possible"),
        item("b", "prediction", 20, 25, certainty="possible"),
        item("a", "prediction", 30, 35, certainty="certain"),
        item("b", "prediction", 30, 35),  # unset is a value of its own
        # Not matched exactly: left out.
        item("a", "prediction", 40, 45, certainty="likely"),
        item("b", "prediction", 40, 46, certainty="certain"),
        item("b", "quote", 0, 5, mode="direct"),
    ]
    [certainty, outcome, mode] = measure_attributes(("a", "b"), DECLARED, items)
    pair = certainty.pair("a", "b")
    assert (pair.spans, pair.agreed) == (4, 2)
    assert pair.percentage == 50.0
    # po = 1/2; a: likely 2, possible 1, certain 1; b: likely 1, possible 2, unset 1.
    # pe = (2·1 + 1·2) / 16 = 1/4; kappa = (1/2 − 1/4) / (3/4) = 1/3.
    assert pair.kappa == pytest.approx(1 / 3)
    # Nobody set an outcome: they agree on every span, but kappa is undefined.
    assert (outcome.pair("a", "b").percentage, outcome.pair("a", "b").kappa) == (100.0, None)
    # No quote matched: nothing compared.
    assert (mode.pair("a", "b").spans, mode.pair("a", "b").percentage) == (0, None)
    assert mode.to_json()["pairs"][0]["kappa"] is None


def test_repeated_copies_take_the_earliest():
    items = [
        item("a", "quote", 0, 5, mode="direct"),
        item("a", "quote", 0, 5, mode="partial"),
        item("b", "quote", 0, 5, mode="direct"),
    ]
    [_, _, mode] = measure_attributes(("a", "b"), DECLARED, items)
    assert (mode.pair("a", "b").spans, mode.pair("a", "b").agreed) == (1, 1)


values = st.sampled_from(["certain", "likely", "possible", "unlikely", None])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(values, values), min_size=1, max_size=40))
def test_kappa_matches_scikit_learn(rows):
    first = [a for a, _ in rows]
    second = [b for _, b in rows]
    ours = cohen_kappa(first, second)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = cohen_kappa_score([str(v) for v in first], [str(v) for v in second], labels=None)
    if ours is None:
        assert math.isnan(theirs)
    else:
        assert ours == pytest.approx(theirs, abs=1e-12)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), values), max_size=15))
def test_identical_layers_agree_perfectly(spans):
    items = [
        item(who, "prediction", start, start + 3, **({"certainty": v} if v else {}))
        for who in "ab"
        for start, v in spans
    ]
    certainty = measure_attributes(("a", "b"), DECLARED, items)[0].pair("a", "b")
    if spans:
        assert certainty.percentage == 100.0
    assert certainty.kappa in (None, 1.0)


def test_compute_agreement_reports_attributes_in_json(store, alice, bob):
    history = History(store)
    store.add_document(Document("d1", "He may invade Ukraine. They could talk."))
    for user in (alice, bob):
        store.add_user(user)
    for user, certainty in ((alice, "likely"), (bob, "possible")):
        [first] = history.do(AddSpan("d1", 0, 21, "prediction"), user).span_ids
        [second] = history.do(AddSpan("d1", 23, 38, "prediction"), user).span_ids
        history.do(SetSpanAttribute(first, "certainty", certainty), user)
        history.do(SetSpanAttribute(second, "certainty", "certain"), user)
        history.do(SetDocumentState("d1", DocumentState.DONE), user)
    report = compute_agreement(store)
    pair = report.attribute("certainty").pair("alice", "bob")
    assert (pair.spans, pair.agreed, pair.percentage) == (2, 1, 50.0)
    data = orjson.loads(orjson.dumps(report.to_json()))
    assert data["attributes"]["certainty"]["pairs"] == [
        {
            "annotators": ["alice", "bob"],
            "spans": 2,
            "agreed": 1,
            "percentage": 50.0,
            "kappa": pytest.approx(
                cohen_kappa_score(["likely", "certain"], ["possible", "certain"])
            ),
        }
    ]
    assert set(data["attributes"]) >= {"certainty", "horizon", "outcome", "mode", "kind"}
    # --label restricts the spans whose attributes are compared.
    only_quotes = compute_agreement(store, labels=["quote"]).to_json()["attributes"]
    assert list(only_quotes) == ["mode"]
