"""Per-span agreement among a document's annotators."""

from __future__ import annotations

from belannot.core.model import Span
from belannot.core.span_agreement import AgreementKind, document_annotators, span_agreements


def span(span_id, start, end, label, annotator, corrects=None):
    return Span(span_id, "d", start, end, label, annotator, corrects=corrects)


def kinds(spans, annotators=None):
    return {k: v.kind for k, v in span_agreements(spans, annotators).items()}


def test_identical_copies_of_every_annotator_agree():
    spans = [span("a1", 0, 5, "actor", "alice"), span("b1", 0, 5, "actor", "bob")]
    found = span_agreements(spans)
    assert {k: v.kind for k, v in found.items()} == {
        "a1": AgreementKind.ALL,
        "b1": AgreementKind.ALL,
    }
    assert found["a1"].describe() == "all 2/2"


def test_a_span_only_one_annotator_made_is_some():
    spans = [span("a1", 0, 5, "actor", "alice"), span("b1", 10, 15, "event", "bob")]
    found = span_agreements(spans)
    assert found["a1"].kind is AgreementKind.SOME and found["a1"].describe() == "some 1/2"


def test_same_range_other_label_is_a_label_conflict():
    spans = [span("a1", 0, 5, "actor", "alice"), span("b1", 0, 5, "event", "bob")]
    assert kinds(spans) == {"a1": AgreementKind.LABEL_CONFLICT, "b1": AgreementKind.LABEL_CONFLICT}


def test_overlap_with_other_boundaries_is_a_boundary_conflict():
    spans = [span("a1", 0, 9, "actor", "alice"), span("b1", 4, 9, "actor", "bob")]
    assert kinds(spans) == {
        "a1": AgreementKind.BOUNDARY_CONFLICT,
        "b1": AgreementKind.BOUNDARY_CONFLICT,
    }


def test_nested_spans_of_other_labels_and_one_annotators_own_overlaps_do_not_conflict():
    spans = [
        span("a1", 0, 20, "quote", "alice"),
        span("a2", 2, 6, "actor", "alice"),
        span("a3", 4, 9, "actor", "alice"),
        span("b1", 0, 20, "quote", "bob"),
    ]
    found = kinds(spans)
    assert found["a1"] is found["b1"] is AgreementKind.ALL
    assert found["a2"] is found["a3"] is AgreementKind.SOME


def test_three_annotators_two_agree_and_corrections_are_marked():
    spans = [
        span("a1", 0, 5, "actor", "alice"),
        span("b1", 0, 5, "actor", "bob"),
        span("r1", 0, 4, "actor", "rita", corrects="a1"),
    ]
    found = span_agreements(spans, ["alice", "bob", "carol"])
    assert found["a1"].kind is AgreementKind.SOME and found["a1"].describe() == "some 2/3"
    assert found["r1"].kind is AgreementKind.CORRECTION


def test_annotators_of_a_document_include_those_who_marked_it_done_without_spans():
    spans = [span("a1", 0, 5, "actor", "alice"), span("r1", 0, 4, "actor", "rita", "a1")]
    assert document_annotators(spans, ["bob"]) == ["alice", "bob"]
    assert kinds(spans[:1], document_annotators(spans, ["bob"])) == {"a1": AgreementKind.SOME}


def test_same_content_other_attribute_is_shown_as_attributes_differ():
    spans = [
        Span("a1", "d", 0, 5, "prediction", "alice", attributes={"certainty": "likely"}),
        Span("b1", "d", 0, 5, "prediction", "bob", attributes={"certainty": "possible"}),
        Span("c1", "d", 0, 5, "prediction", "carol", attributes={"certainty": "likely"}),
        Span("a2", "d", 10, 15, "quote", "alice", attributes={"mode": "direct"}),
        Span("b2", "d", 10, 15, "quote", "bob", attributes={"mode": "direct"}),
        Span("c2", "d", 10, 15, "quote", "carol"),
    ]
    found = span_agreements(spans)
    for span_id in ("a1", "b1", "c1"):
        assert found[span_id].kind is AgreementKind.ATTRIBUTES_DIFFER
        assert found[span_id].differing == ("certainty",)
        assert found[span_id].agreeing == 3
    assert found["a1"].describe() == "≠ certainty"
    # Not given is a value of its own: carol left the mode out.
    assert found["a2"].differing == ("mode",)
    assert not found["a2"].is_conflict
    # The same attributes: they agree.
    same = [
        Span("a1", "d", 0, 5, "prediction", "alice", attributes={"certainty": "likely"}),
        Span("b1", "d", 0, 5, "prediction", "bob", attributes={"certainty": "likely"}),
    ]
    assert kinds(same) == {"a1": AgreementKind.ALL, "b1": AgreementKind.ALL}


def test_a_label_conflict_wins_over_differing_attributes():
    spans = [
        Span("a1", "d", 0, 5, "prediction", "alice", attributes={"certainty": "likely"}),
        Span("b1", "d", 0, 5, "prediction", "bob"),
        Span("c1", "d", 0, 5, "event", "carol"),
    ]
    assert kinds(spans)["a1"] is AgreementKind.LABEL_CONFLICT
