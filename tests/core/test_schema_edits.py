"""Label schema management: add, rename, recolour, rebind, move, describe, delete, files."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from belannot.core import schema_edits
from belannot.core.commands import AddSpan
from belannot.core.errors import ConflictError, InputError, NotFoundError
from belannot.core.history import History
from belannot.core.model import DEFAULT_LABELS, Document, Example, Guidelines, ValidationError
from belannot.core.schema_edits import SpanPolicy
from belannot.core.store import Store
from tests.core.shared_project_fixtures import undone_after

TEXT = "Lukashenko said Belarus could join the war."


@pytest.fixture
def doc(store):
    store.add_document(Document("d1", TEXT))
    return "d1"


def add_span(store, user, label, start=0, end=10):
    return History(store).do(AddSpan("d1", start, end, label), user)


def names(store):
    return [label.name for label in store.labels()]


def label_audit(store):
    return [(e.action, e.entity_id) for e in store.audit_log() if e.entity == "label"]


def test_add_appends_with_next_position_and_audits(store, alice):
    label = schema_edits.add_label(store, alice, "claim", "#112233", hotkey="5", description="d")
    assert store.label("claim") == label
    assert label.position == 4
    assert names(store)[-1] == "claim"
    assert label_audit(store) == [("add label", "claim")]


def test_add_refuses_taken_name_and_taken_key(store, alice):
    with pytest.raises(ConflictError, match="already exists"):
        schema_edits.add_label(store, alice, "actor", "#112233")
    with pytest.raises(ConflictError, match="bound to label 'actor'"):
        schema_edits.add_label(store, alice, "claim", "#112233", hotkey="1")
    with pytest.raises(ValidationError):
        schema_edits.add_label(store, alice, "claim", "red")
    assert "claim" not in names(store)
    assert label_audit(store) == []


def test_rename_moves_spans_and_keeps_undo_working(store, alice, doc):
    changes = add_span(store, alice, "actor")
    (span_id,) = changes.span_ids
    schema_edits.rename_label(store, alice, "actor", "agent")
    assert store.label("actor") is None
    assert store.span(span_id).label == "agent"
    assert store.label("agent").hotkey == "1"
    # The undo step recorded before the rename still applies after it.
    History(store).undo(alice)
    assert store.span(span_id) is None
    History(store).redo(alice)
    assert store.span(span_id).label == "agent"
    assert ("rename label", "actor") in label_audit(store)


def test_rename_refuses_existing_name_and_unknown_label(store, alice):
    with pytest.raises(ConflictError):
        schema_edits.rename_label(store, alice, "actor", "event")
    with pytest.raises(NotFoundError):
        schema_edits.rename_label(store, alice, "nope", "other")
    with pytest.raises(ValidationError):
        schema_edits.rename_label(store, alice, "actor", " padded")


def test_recolor_and_describe(store, alice):
    schema_edits.recolor_label(store, alice, "event", "#000000")
    guidelines = Guidelines("Mark it.", (Example("x", positive=False),))
    schema_edits.describe_label(store, alice, "event", description="new", guidelines=guidelines)
    label = store.label("event")
    assert (label.color, label.description, label.guidelines) == ("#000000", "new", guidelines)
    with pytest.raises(ValidationError):
        schema_edits.recolor_label(store, alice, "event", "#00000")
    audit = [e for e in store.audit_log() if e.entity == "label"]
    assert [e.action for e in audit] == ["recolour label", "describe label"]
    assert audit[0].before["color"] == "#E69F00" and audit[0].after["color"] == "#000000"


def test_unchanged_edit_writes_no_audit(store, alice):
    schema_edits.recolor_label(store, alice, "event", "#E69F00")
    assert label_audit(store) == []


def test_rebind_refuses_a_key_bound_elsewhere(store, alice):
    with pytest.raises(ConflictError, match="already bound to label 'event'"):
        schema_edits.rebind_hotkey(store, alice, "actor", "2")
    assert store.label("actor").hotkey == "1"
    schema_edits.rebind_hotkey(store, alice, "actor", "a")
    assert store.label("actor").hotkey == "a"
    schema_edits.rebind_hotkey(store, alice, "actor", "a")  # its own key: fine
    schema_edits.rebind_hotkey(store, alice, "actor", None)
    assert store.label("actor").hotkey is None
    schema_edits.rebind_hotkey(store, alice, "event", "1")
    assert store.label("event").hotkey == "1"


@pytest.mark.parametrize("key", ["ab", " ", "\t", "\x00"])
def test_rebind_refuses_keys_that_are_not_one_printable_character(store, alice, key):
    with pytest.raises(ValidationError):
        schema_edits.rebind_hotkey(store, alice, "actor", key)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from([label.name for label in DEFAULT_LABELS]), st.integers(0, 6))
def test_move_puts_the_label_at_the_position_and_keeps_the_rest_in_order(store, name, position):
    from belannot.core.model import User

    before = names(store)
    with undone_after(store):
        order = [label.name for label in schema_edits.move_label(store, User("a"), name, position)]
        assert order.index(name) == min(position, len(before) - 1)
        assert [n for n in order if n != name] == [n for n in before if n != name]
        assert [label.position for label in store.labels()] == list(range(len(before)))


def test_move_audits_the_new_order(store, alice):
    schema_edits.move_label(store, alice, "quote", 0)
    assert names(store) == ["quote", "actor", "event", "prediction"]
    (entry,) = [e for e in store.audit_log() if e.action == "move label"]
    assert entry.after == {"order": names(store)}


def test_delete_without_spans(store, alice):
    assert schema_edits.delete_label(store, alice, "quote") == 0
    assert names(store) == ["actor", "event", "prediction"]
    assert [label.position for label in store.labels()] == [0, 1, 2]
    assert ("delete label", "quote") in label_audit(store)


def test_delete_with_spans_is_refused_and_changes_nothing(store, alice, doc):
    add_span(store, alice, "actor")
    with pytest.raises(ConflictError, match="1 span"):
        schema_edits.delete_label(store, alice, "actor")
    assert store.label("actor") is not None
    assert store.label_span_count("actor") == 1


def test_delete_reassigning_spans(store, alice, bob, doc):
    add_span(store, alice, "actor")
    add_span(store, bob, "actor", 16, 23)
    count = schema_edits.delete_label(
        store, alice, "actor", policy=SpanPolicy.REASSIGN, reassign_to="event"
    )
    assert count == 2
    assert store.label("actor") is None
    assert [s.label for s in store.spans("d1")] == ["event", "event"]
    reassigned = [e for e in store.audit_log() if e.action.startswith("reassign span")]
    assert len(reassigned) == 2
    assert {e.before["label"] for e in reassigned} == {"actor"}


def test_delete_reassign_needs_another_existing_label(store, alice, doc):
    add_span(store, alice, "actor")
    with pytest.raises(NotFoundError):
        schema_edits.delete_label(
            store, alice, "actor", policy=SpanPolicy.REASSIGN, reassign_to="nope"
        )
    with pytest.raises(Exception, match="another label"):
        schema_edits.delete_label(
            store, alice, "actor", policy=SpanPolicy.REASSIGN, reassign_to="actor"
        )
    assert store.label_span_count("actor") == 1


def test_delete_with_its_spans(store, alice, doc):
    add_span(store, alice, "actor")
    add_span(store, alice, "event", 11, 15)
    assert schema_edits.delete_label(store, alice, "actor", policy=SpanPolicy.DELETE) == 1
    assert [s.label for s in store.spans("d1")] == ["event"]
    deleted = [e for e in store.audit_log() if e.action == "delete span with label actor"]
    assert len(deleted) == 1 and deleted[0].after is None


def test_export_then_import_round_trips(store, alice, tmp_path):
    target = tmp_path / "labels.json"
    assert schema_edits.export_labels(store, target) == 4
    data = orjson.loads(target.read_bytes())
    assert data["format"] == "belannot-labels"
    assert data["labels"][0]["guidelines"]["examples"]
    other = Store.memory(seed_labels=False)
    assert schema_edits.import_labels(other, alice, target) == (4, 0)
    assert other.labels() == store.labels()
    assert schema_edits.import_labels(other, alice, target) == (0, 0)


def test_export_refuses_to_overwrite_unless_asked(store, tmp_path):
    target = tmp_path / "labels.json"
    target.write_text("keep")
    with pytest.raises(Exception, match="exists"):
        schema_edits.export_labels(store, target)
    assert target.read_text() == "keep"
    schema_edits.export_labels(store, target, overwrite=True)


def test_import_merges_swaps_keys_and_keeps_unnamed_labels(store, alice, tmp_path):
    source = tmp_path / "labels.json"
    source.write_text(
        orjson.dumps(
            {
                "format": "belannot-labels",
                "version": 1,
                "labels": [
                    {"name": "event", "color": "#111111", "hotkey": "1"},
                    {"name": "actor", "color": "#0072B2", "hotkey": "2"},
                    {
                        "name": "claim",
                        "color": "#222222",
                        "hotkey": "9",
                        "guidelines": "Plain text guidelines.",
                    },
                ],
            }
        ).decode()
    )
    assert schema_edits.import_labels(store, alice, source) == (1, 2)
    assert names(store) == ["event", "actor", "claim", "prediction", "quote"]
    assert store.label("event").hotkey == "1" and store.label("actor").hotkey == "2"
    assert store.label("claim").guidelines.text == "Plain text guidelines."


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ("{", None),
        ('{"labels": 3}', "labels"),
        ('{"labels": [{"name": "x"}]}', "labels[0].color"),
        ('{"labels": [{"name": "x", "color": "blue"}]}', "labels[0].color"),
        ('{"labels": [{"name": "x", "color": "#123456", "hotkey": "ab"}]}', "labels[0].hotkey"),
        (
            '{"labels": [{"name": "x", "color": "#123456"}, {"name": "x", "color": "#123456"}]}',
            "labels[1].name",
        ),
        ('{"version": 99, "labels": []}', "version"),
        ('{"format": "other", "labels": []}', "format"),
        (
            '{"labels": [{"name": "x", "color": "#123456", "guidelines": {"examples": [{}]}}]}',
            "labels[0].guidelines.examples[0].text",
        ),
    ],
)
def test_import_refuses_bad_files_with_located_messages(store, alice, tmp_path, content, field):
    source = tmp_path / "bad.json"
    source.write_text(content)
    before = store.labels()
    with pytest.raises(InputError) as caught:
        schema_edits.import_labels(store, alice, source)
    assert caught.value.path == str(source)
    assert caught.value.field == field
    assert store.labels() == before


def test_import_refusing_a_key_clash_with_a_kept_label(store, alice, tmp_path):
    source = tmp_path / "labels.json"
    source.write_text('{"labels": [{"name": "claim", "color": "#123456", "hotkey": "4"}]}')
    with pytest.raises(ConflictError, match="'quote' and 'claim'|'claim' and 'quote'"):
        schema_edits.import_labels(store, alice, source)
    assert store.label("claim") is None
