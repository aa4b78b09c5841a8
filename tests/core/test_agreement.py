"""Agreement: hand-computed cases, the reference packages on random data, the store's view."""

from __future__ import annotations

import warnings

import krippendorff
import numpy as np
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from belannot.core.agreement import AgreementError, compute_agreement, measure
from belannot.core.commands import AddSpan, SetDocumentState
from belannot.core.errors import CancelledError, NotFoundError
from belannot.core.formats import DocumentRecord, SpanRecord, import_records
from belannot.core.history import History
from belannot.core.importing.pipeline import import_files
from belannot.core.model import Document, DocumentState, User
from belannot.core.review import CorrectSpan

LABELS = ("actor", "event", "prediction", "quote")


def run(spans, length=10, annotators=("a", "b"), labels=LABELS):
    """``spans``: (annotator, label, start, end) in one document of ``length``."""
    intervals = [("d", who, label, start, end) for who, label, start, end in spans]
    return measure(annotators, labels, [("d", length)], intervals)


def test_perfect_agreement():
    spans = [
        (who, label, s, e) for who in "ab" for label, s, e in (("actor", 0, 5), ("event", 10, 15))
    ]
    report = run(spans, length=20)
    for entry in (report.label("actor"), report.label("event"), report.overall):
        pair = entry.pair("a", "b")
        assert (pair.exact_f1, pair.overlap_f1, pair.kappa, entry.alpha) == (1, 1, 1, 1)
    assert report.overall.pair("a", "b").exact_matches == 2
    assert report.characters == 20


def test_no_agreement():
    report = run([("a", "actor", 0, 5), ("b", "actor", 5, 10)])
    pair = report.label("actor").pair("a", "b")
    assert (pair.exact_f1, pair.overlap_f1) == (0, 0)
    # Every character disagrees: po = 0, pe = 0.5.
    assert pair.kappa == pytest.approx(-1)
    # n = 20 values, 10 ones, 10 disagreeing units: 1 - 19 * 10 / (10 * 10).
    assert report.label("actor").alpha == pytest.approx(-0.9)


def test_partial_overlap():
    report = run([("a", "actor", 0, 10), ("b", "actor", 5, 15)], length=20)
    pair = report.label("actor").pair("a", "b")
    assert (pair.exact_f1, pair.overlap_f1) == (0, 1)
    # 5 characters in each cell of the 2x2 table.
    assert pair.kappa == pytest.approx(0)
    assert report.label("actor").alpha == pytest.approx(1 - 39 * 10 / 400)


def test_overlap_matching_is_one_to_one_and_greedy():
    # [0,10) overlaps [8,13) by 2 and [12,14) overlaps it by 1: the larger wins, once.
    report = run([("a", "actor", 0, 10), ("a", "actor", 12, 14), ("b", "actor", 8, 13)], length=20)
    pair = report.label("actor").pair("a", "b")
    assert (pair.spans, pair.overlap_matches) == ((2, 1), 1)
    assert pair.overlap_f1 == pytest.approx(2 / 3)
    # Identical ranges match each other first, even against an equal overlap elsewhere.
    report = run(
        [("a", "actor", 2, 4), ("a", "actor", 0, 6), ("b", "actor", 2, 4), ("b", "actor", 0, 3)]
    )
    assert report.label("actor").pair("a", "b").overlap_matches == 2


def test_one_annotator_empty():
    report = run([("a", "actor", 0, 5)])
    pair = report.label("actor").pair("a", "b")
    assert pair.spans == (1, 0)
    assert (pair.exact_f1, pair.overlap_f1) == (0, 0)
    assert pair.kappa == pytest.approx(0)  # po = pe = 0.5
    assert report.label("actor").alpha == pytest.approx(1 - 19 * 5 / (5 * 15))


def test_a_label_only_one_annotator_used_and_the_overall_choice():
    report = run([("a", "actor", 0, 5), ("a", "event", 5, 8), ("b", "actor", 0, 5)])
    event = report.label("event").pair("a", "b")
    assert (event.spans, event.exact_f1, event.overlap_f1) == ((1, 0), 0, 0)
    assert report.label("actor").pair("a", "b").exact_f1 == 1
    # Nobody used prediction: undefined, not perfect.
    nobody = report.label("prediction")
    assert (nobody.pair("a", "b").exact_f1, nobody.pair("a", "b").kappa, nobody.alpha) == (
        None,
        None,
        None,
    )
    overall = report.overall.pair("a", "b")
    assert overall.exact_f1 == pytest.approx(2 / 3)  # micro: 1 match, 2 + 1 spans
    # Categories per character: a = actor×5, event×3, none×2; b = actor×5, none×5.
    # po = 7/10, pe = (5·5 + 2·5) / 100.
    assert overall.kappa == pytest.approx((0.7 - 0.35) / 0.65)


def test_overlapping_labels_form_their_own_category():
    # A quote containing an actor: the characters of both are one category, 'actor+quote'.
    spans = [(who, "quote", 0, 10) for who in "ab"] + [("a", "actor", 1, 3), ("b", "actor", 1, 3)]
    report = run(spans, length=12)
    assert report.overall.pair("a", "b").kappa == 1
    assert report.overall.alpha == 1


def test_deeply_nested_spans_widen_the_packed_counts(monkeypatch):
    documents = [("d0", 30), ("d1", 30), ("d2", 30)]
    intervals = [
        (doc, who, label, start, 30 - start)
        for doc, _ in documents
        for who in "ab"
        for label in ("actor", "quote")
        for start in range(0, 12 if who == "a" else 9, 1 if doc != "d0" else 4)
    ]
    expected = measure("ab", LABELS, documents, intervals).to_json()
    import belannot.core.span_tally as agreement

    monkeypatch.setattr(agreement, "_INITIAL_WIDTH", 2)  # widen at the 2nd span
    assert measure("ab", LABELS, documents, intervals).to_json() == expected


def test_group_means_skip_undefined_pairs():
    report = run(
        [("a", "actor", 0, 5), ("b", "actor", 0, 5), ("c", "actor", 5, 6)],
        annotators=("a", "b", "c"),
    )
    entry = report.label("actor")
    assert [p.exact_f1 for p in entry.pairs] == [1, 0, 0]
    assert entry.mean_exact_f1 == pytest.approx(1 / 3)
    assert report.label("quote").mean_exact_f1 is None


def test_progress_and_cancel():
    documents = [(f"d{i}", 5) for i in range(1200)]
    intervals = [(d, who, "actor", 0, 2) for d, _ in documents for who in "ab"]
    seen = []
    measure("ab", LABELS, documents, intervals, progress=lambda done, total: seen.append(done))
    assert seen == [500, 1000, 1200]
    with pytest.raises(CancelledError):
        measure("ab", LABELS, documents, intervals, cancel=lambda: True)
    with pytest.raises(AgreementError):
        measure("a", LABELS, documents, intervals)


# -- against the reference packages ---------------------------------------------------


@st.composite
def corpora(draw):
    annotators = tuple("abcd"[: draw(st.integers(2, 4))])
    labels = LABELS[: draw(st.integers(1, 3))]
    lengths = draw(st.lists(st.integers(1, 30), min_size=1, max_size=3))
    intervals = []
    for index, length in enumerate(lengths):
        for who in annotators:
            for _ in range(draw(st.integers(0, 4))):
                start = draw(st.integers(0, length - 1))
                end = draw(st.integers(start + 1, length))
                intervals.append((f"d{index}", who, draw(st.sampled_from(labels)), start, end))
    documents = [(f"d{i}", n) for i, n in enumerate(lengths)]
    return annotators, labels, documents, intervals


def characters(annotators, labels, documents, intervals):
    """annotator → one frozenset of labels per character, all documents in a row."""
    coded = {who: [] for who in annotators}
    for document_id, length in documents:
        for who in annotators:
            cells = [set() for _ in range(length)]
            for doc, owner, label, start, end in intervals:
                if doc == document_id and owner == who:
                    for i in range(start, end):
                        cells[i].add(label)
            coded[who].extend(frozenset(c) for c in cells)
    return coded


def reference_kappa(first, second):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = cohen_kappa_score(first, second)
    return None if np.isnan(value) else value


def reference_alpha(rows):
    try:
        return krippendorff.alpha(reliability_data=np.array(rows), level_of_measurement="nominal")
    except ValueError:  # one value in the whole domain: undefined
        return None


def reference_greedy(first, second):
    candidates = sorted(
        (-(min(e1, e2) - max(s1, s2)), (s1, e1) != (s2, e2), s1, e1, s2, e2)
        for s1, e1 in first
        for s2, e2 in second
        if min(e1, e2) > max(s1, s2)
    )
    used_first, used_second = set(), set()
    for _, _, s1, e1, s2, e2 in candidates:
        if (s1, e1) not in used_first and (s2, e2) not in used_second:
            used_first.add((s1, e1))
            used_second.add((s2, e2))
    return len(used_first)


def close(ours, reference):
    if reference is None:
        return ours is None
    return ours is not None and ours == pytest.approx(reference, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(corpora())
def test_against_sklearn_and_krippendorff(corpus):
    annotators, labels, documents, intervals = corpus
    report = measure(annotators, labels, documents, intervals)
    coded = characters(annotators, labels, documents, intervals)
    codes = {}
    overall = {who: [codes.setdefault(c, len(codes)) for c in coded[who]] for who in annotators}
    views = [(report.overall, overall)]
    for label in labels:
        binary = {who: [int(label in c) for c in coded[who]] for who in annotators}
        views.append((report.label(label), binary))
    for entry, values in views:
        assert close(entry.alpha, reference_alpha([values[w] for w in annotators]))
        for pair in entry.pairs:
            first, second = pair.annotators
            assert close(pair.kappa, reference_kappa(values[first], values[second]))


@settings(max_examples=150, deadline=None)
@given(corpora())
def test_span_f1_against_brute_force(corpus):
    annotators, labels, documents, intervals = corpus
    report = measure(annotators, labels, documents, intervals)
    made = {(who, label): set() for who in annotators for label in labels}
    for doc, who, label, start, end in intervals:
        made[(who, label)].add((doc, start, end))
    for label in labels:
        for pair in report.label(label).pairs:
            first, second = (made[(who, label)] for who in pair.annotators)
            assert pair.spans == (len(first), len(second))
            assert pair.exact_matches == len(first & second)
            greedy = sum(
                reference_greedy(
                    [(s, e) for d, s, e in first if d == doc],
                    [(s, e) for d, s, e in second if d == doc],
                )
                for doc, _ in documents
            )
            assert pair.overlap_matches == greedy
    for pair in report.overall.pairs:
        per_label = [report.label(label).pair(*pair.annotators) for label in labels]
        assert pair.exact_matches == sum(p.exact_matches for p in per_label)
        assert pair.overlap_matches == sum(p.overlap_matches for p in per_label)


# -- from a project ------------------------------------------------------------------------


@pytest.fixture
def project(store, alice, bob, rita):
    history = History(store)
    for number in range(3):
        store.add_document(Document(f"d{number}", f"Putin spoke in Kyiv today {number}."))
    for user in (alice, bob, rita):
        store.add_user(user)
    history.do(AddSpan("d0", 0, 5, "actor", span_id="alice-putin"), alice)
    history.do(AddSpan("d0", 0, 5, "actor"), bob)
    history.do(AddSpan("d1", 15, 19, "actor"), alice)
    history.do(AddSpan("d2", 0, 5, "actor"), alice)
    for document_id in ("d0", "d1"):
        for user in (alice, bob):
            history.do(SetDocumentState(document_id, DocumentState.DONE), user)
    history.do(SetDocumentState("d2", DocumentState.DONE), alice)
    return history


def test_only_documents_all_annotators_marked_done(store, project, rita):
    # A reviewer's correction is not an annotation.
    project.do(CorrectSpan("alice-putin", label="event"), rita)
    report = compute_agreement(store)
    assert report.annotators == ("alice", "bob")
    assert report.documents == ("d0", "d1")
    assert report.excluded_documents == 1
    assert report.characters == 2 * len("Putin spoke in Kyiv today 0.")
    pair = report.label("actor").pair("alice", "bob")
    assert (pair.spans, pair.exact_matches) == ((2, 1), 1)
    data = orjson.loads(orjson.dumps(report.to_json()))
    assert data["documents"] == ["d0", "d1"]
    assert data["annotators"] == ["alice", "bob"]
    assert set(data["labels"]) == set(LABELS)
    assert data["labels"]["actor"]["pairs"][0]["exact_f1"] == pytest.approx(2 / 3)
    assert set(data["overall"]["group"]) == {
        "alpha",
        "mean_exact_f1",
        "mean_overlap_f1",
        "mean_kappa",
    }


def test_choosing_annotators_and_labels(store, project):
    report = compute_agreement(store, annotators=["bob", "alice"], labels=["quote", "actor"])
    assert [entry.label for entry in report.labels] == ["actor", "quote"]
    with pytest.raises(AgreementError, match="at least two"):
        compute_agreement(store, annotators=["alice"])
    with pytest.raises(NotFoundError, match="nobody"):
        compute_agreement(store, annotators=["alice", "nobody"])
    with pytest.raises(NotFoundError, match="unknown label"):
        compute_agreement(store, labels=["nope"])
    # With rita as the second annotator, no document was done by both.
    assert compute_agreement(store, annotators=["alice", "rita"]).documents == ()


def write_jsonl(path, records):
    path.write_bytes(b"\n".join(orjson.dumps(r) for r in records) + b"\n")


def test_importing_a_layer_marks_its_documents_done(store, tmp_path):
    text = "Putin spoke in Kyiv today."
    write_jsonl(
        tmp_path / "alice.jsonl",
        [
            {"id": "d1", "text": text, "spans": [{"start": 0, "end": 5, "label": "actor"}]},
            {
                "id": "d2",
                "text": text + " 2",
                "spans": [{"start": 0, "end": 5, "label": "actor"}],
                "done": False,
            },
        ],
    )
    admin = User("admin")
    import_files(store, [tmp_path / "alice.jsonl"], user=admin, as_annotator="alice")
    assert store.document_state("d1", "alice") is DocumentState.DONE
    assert store.document_state("d2", "alice") is DocumentState.IN_PROGRESS
    # Spans naming their annotator mark the document done for that annotator.
    write_jsonl(
        tmp_path / "bob.jsonl",
        [{"text": text, "spans": [{"start": 0, "end": 5, "label": "actor", "annotator": "bob"}]}],
    )
    import_files(store, [tmp_path / "bob.jsonl"], user=admin)
    assert store.document_state("d1", "bob") is DocumentState.DONE
    assert store.document_state("d1", "admin") is DocumentState.NEW
    assert compute_agreement(store).documents == ("d1",)


def test_an_empty_layer_needs_done_true(store):
    # A record without spans says nothing about any annotator unless it says done.
    admin = User("admin")
    import_records(
        store, [DocumentRecord("Nothing here.", id="d1")], user=admin, as_annotator="bob"
    )
    assert store.document_state("d1", "bob") is DocumentState.NEW
    import_records(
        store, [DocumentRecord("Nothing here.", id="d1", done=True)], user=admin, as_annotator="bob"
    )
    assert store.document_state("d1", "bob") is DocumentState.DONE
    record = DocumentRecord("Nothing here.", spans=[SpanRecord(0, 7, "actor")], done=None)
    import_records(store, [record], user=admin, as_annotator="carol")
    assert store.document_state("d1", "carol") is DocumentState.DONE
