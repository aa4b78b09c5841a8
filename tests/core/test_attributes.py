"""Typed span attributes: definitions, value checks, the commands that set them, undo."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from belannot.core import attribute_edits
from belannot.core.attributes import AttributeDef, AttributeKind, check_attributes
from belannot.core.commands import AddSpan, SetDocumentState, UpdateSpan
from belannot.core.errors import ConflictError, PermissionDeniedError
from belannot.core.history import History
from belannot.core.model import DEFAULT_LABELS, Document, DocumentState, Label, ValidationError
from belannot.core.review import ApproveSpan
from belannot.core.span_attributes import SetSpanAttribute
from belannot.core.store import Store, open_store
from tests.core.old_project_fixtures import old_project_at as old_project_at  # noqa: F401

TEXT = "Lukashenko said Belarus would almost certainly join the war by spring."
CERTAINTY = AttributeDef("certainty", AttributeKind.CHOICE, ("certain", "likely", "possible"))
DEFS = (
    CERTAINTY,
    AttributeDef("confirmed", AttributeKind.BOOL),
    AttributeDef("count", AttributeKind.NUMBER),
    AttributeDef("when", AttributeKind.DATE),
    AttributeDef("horizon", AttributeKind.DATE, free_text=True),
    AttributeDef("note", AttributeKind.TEXT),
)


@pytest.fixture
def project(store):
    store.add_document(Document("d1", TEXT))
    return store


def _span(store: Store, user, label: str = "prediction", **attributes):
    History(store).do(AddSpan("d1", 16, 69, label, attributes), user)
    return next(s for s in store.spans("d1") if s.annotator == user.name)


def test_default_schema_declares_the_issue_attributes():
    labels = {label.name: label for label in DEFAULT_LABELS}
    prediction = labels["prediction"]
    assert [d.name for d in prediction.attributes] == ["certainty", "horizon", "outcome"]
    assert prediction.attribute("certainty").choices == (
        "certain",
        "likely",
        "possible",
        "unlikely",
    )
    assert prediction.attribute("horizon").free_text
    assert prediction.attribute("outcome").choices == ("unresolved", "came true", "did not happen")
    assert labels["quote"].attribute("mode").choices == ("direct", "indirect", "partial")
    assert labels["event"].attribute("kind").choices == (
        "military",
        "political",
        "diplomatic",
        "statement",
        "other",
    )
    assert labels["actor"].attributes == ()


VALUES = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)


@given(VALUES)
def test_a_value_fits_exactly_its_kind(value):
    fits = {
        "certainty": isinstance(value, str) and value in CERTAINTY.choices,
        "confirmed": isinstance(value, bool),
        "count": isinstance(value, int | float)
        and not isinstance(value, bool)
        and value == value
        and abs(value) != float("inf"),
        "note": isinstance(value, str),
    }
    for definition in DEFS:
        if definition.name not in fits:
            continue
        if fits[definition.name]:
            check_attributes("prediction", DEFS, {definition.name: value})
        else:
            with pytest.raises(ValidationError) as error:
                check_attributes("prediction", DEFS, {definition.name: value})
            assert repr(value) in str(error.value) and definition.name in str(error.value)


@given(st.dates().map(date.isoformat) | st.text(max_size=12))
def test_dates_are_iso_unless_free_text_is_allowed(value):
    try:
        date.fromisoformat(value)
        iso = len(value) == 10
    except ValueError:
        iso = False
    if iso:
        check_attributes("x", DEFS, {"when": value})
    else:
        with pytest.raises(ValidationError, match="'when'"):
            check_attributes("x", DEFS, {"when": value})
    if value.strip():
        check_attributes("x", DEFS, {"horizon": value})


def test_unknown_attribute_is_refused_naming_it():
    with pytest.raises(ValidationError, match="no attribute 'sure'"):
        check_attributes("prediction", DEFS, {"sure": "yes"})


def test_definitions_check_themselves():
    with pytest.raises(ValidationError, match="needs choices"):
        AttributeDef("x", AttributeKind.CHOICE)
    with pytest.raises(ValidationError, match="not one of"):
        AttributeDef("x", AttributeKind.CHOICE, ("a",), default="b")
    with pytest.raises(ValidationError, match="free text"):
        AttributeDef("x", AttributeKind.TEXT, free_text=True)


def test_label_json_round_trips_definitions():
    label = Label("claim", "#123456", attributes=DEFS)
    assert Label.from_json(label.to_json()) == label
    assert "attributes" not in Label("plain", "#123456").to_json()


def test_set_attribute_is_validated_audited_and_undone(project, alice):
    span = _span(project, alice)
    history = History(project)
    with pytest.raises(ValidationError, match="'sure' is not one of"):
        history.do(SetSpanAttribute(span.id, "certainty", "sure"), alice)
    with pytest.raises(ValidationError, match="no attribute 'mood'"):
        history.do(SetSpanAttribute(span.id, "mood", "grim"), alice)
    history.do(SetSpanAttribute(span.id, "certainty", "likely"), alice)
    history.do(SetSpanAttribute(span.id, "horizon", "by spring"), alice)
    assert project.span(span.id).attributes == {"certainty": "likely", "horizon": "by spring"}
    actions = [e.action for e in project.audit_log(document_id="d1")]
    assert "Set span attribute certainty" in actions
    history.do(SetSpanAttribute(span.id, "certainty", None), alice)
    assert project.span(span.id).attributes == {"horizon": "by spring"}
    history.undo(alice)
    history.undo(alice)
    assert project.span(span.id).attributes == {"certainty": "likely"}
    history.redo(alice)
    assert project.span(span.id).attributes == {"certainty": "likely", "horizon": "by spring"}


def test_annotators_set_only_their_own_reviewers_also_the_gold(project, alice, bob, rita):
    span = _span(project, alice)
    history = History(project)
    with pytest.raises(PermissionDeniedError):
        history.do(SetSpanAttribute(span.id, "certainty", "likely"), bob)
    with pytest.raises(PermissionDeniedError):
        history.do(SetSpanAttribute(span.id, "certainty", "likely"), rita)  # not gold yet
    history.do(ApproveSpan(span.id), rita)
    history.do(SetSpanAttribute(span.id, "certainty", "certain"), rita)
    assert project.span(span.id).attributes == {"certainty": "certain"}


def test_add_span_checks_attributes(project, alice):
    with pytest.raises(ValidationError, match="'sure'"):
        History(project).do(AddSpan("d1", 0, 10, "prediction", {"certainty": "sure"}), alice)
    assert project.spans("d1") == []


def test_relabel_drops_undeclared_attributes_and_undo_restores(project, alice):
    span = _span(project, alice, certainty="likely")
    history = History(project)
    history.do(UpdateSpan(span.id, label="event"), alice)
    relabelled = project.span(span.id)
    assert (relabelled.label, relabelled.attributes) == ("event", {})
    history.undo(alice)
    restored = project.span(span.id)
    assert (restored.label, restored.attributes) == ("prediction", {"certainty": "likely"})
    # A label that declares nothing keeps free-form attributes, as before.
    history.do(UpdateSpan(span.id, label="actor"), alice)
    assert project.span(span.id).attributes == {"certainty": "likely"}


def test_done_is_refused_while_a_required_attribute_is_missing(project, alice, rita):
    required = AttributeDef("certainty", AttributeKind.CHOICE, ("certain", "likely"), required=True)
    attribute_edits.change_attribute(project, rita, "prediction", required)
    span = _span(project, alice)
    history = History(project)
    with pytest.raises(ValidationError) as error:
        history.do(SetDocumentState("d1", DocumentState.DONE), alice)
    assert "prediction [16, 69) needs certainty" in str(error.value)
    assert project.document_state("d1", "alice") is DocumentState.IN_PROGRESS
    history.do(SetSpanAttribute(span.id, "certainty", "likely"), alice)
    history.do(SetDocumentState("d1", DocumentState.DONE), alice)
    assert project.document_state("d1", "alice") is DocumentState.DONE


def test_definition_edits_add_change_remove(project, alice, rita):
    span = _span(project, alice, certainty="likely")
    flag = AttributeDef("hedged", AttributeKind.BOOL, description="Uses could or may.")
    label = attribute_edits.add_attribute(project, rita, "prediction", flag)
    assert label.attribute("hedged") == flag
    with pytest.raises(ConflictError, match="already has"):
        attribute_edits.add_attribute(project, rita, "prediction", flag)
    narrower = AttributeDef("certainty", AttributeKind.CHOICE, ("certain",))
    with pytest.raises(ConflictError, match="would not fit"):
        attribute_edits.change_attribute(project, rita, "prediction", narrower)
    assert attribute_edits.remove_attribute(project, rita, "prediction", "certainty") == 1
    assert project.span(span.id).attributes == {}
    assert project.label("prediction").attribute("certainty") is None
    actions = [e.action for e in project.audit_log()]
    assert {"add label attribute", "remove label attribute"} <= set(actions)


def test_m004_seeds_defaults_into_an_older_project(old_project_at):
    labels = [
        replace(label, name="forecast") if label.name == "prediction" else label
        for label in DEFAULT_LABELS
    ]
    store = open_store(old_project_at("m004_label_attributes", labels=labels))
    try:
        assert [d.name for d in store.label("event").attributes] == ["kind"]
        assert [d.name for d in store.label("quote").attributes] == ["mode"]
        assert store.label("forecast").attributes == ()  # renamed: left alone
    finally:
        store.close()


def test_reassigning_a_deleted_labels_spans_drops_undeclared_attributes(project, alice, rita):
    from belannot.core.schema_edits import SpanPolicy, delete_label

    span = _span(project, alice, certainty="likely")
    delete_label(project, rita, "prediction", policy=SpanPolicy.REASSIGN, reassign_to="quote")
    moved = project.span(span.id)
    assert (moved.label, moved.attributes) == ("quote", {})


def test_a_correction_to_another_label_keeps_only_its_attributes(project, alice, rita):
    from belannot.core.review import CorrectSpan

    span = _span(project, alice, certainty="likely")
    History(project).do(CorrectSpan(span.id, label="quote", new_span_id="c1"), rita)
    assert project.span("c1").attributes == {}
    assert project.span(span.id).attributes == {"certainty": "likely"}


def test_every_label_takes_a_note_and_keeps_it_when_relabelled(project, alice):
    # The tag panel stores a span's note as the attribute "note" on any label,
    # including labels that declare typed attributes and no note.
    span = _span(project, alice, certainty="likely")
    history = History(project)
    history.do(UpdateSpan(span.id, attributes={"certainty": "likely", "note": "hedged"}), alice)
    assert project.span(span.id).attributes == {"certainty": "likely", "note": "hedged"}
    history.do(UpdateSpan(span.id, label="event"), alice)
    assert project.span(span.id).attributes == {"note": "hedged"}
    with pytest.raises(ValidationError, match="note"):
        history.do(UpdateSpan(span.id, attributes={"note": 3}), alice)
