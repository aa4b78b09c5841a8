"""Changing a relation type's colour, key, labels, direction and description (audited)."""

from __future__ import annotations

import pytest

from belannot.core.commands import AddSpan
from belannot.core.errors import ConflictError, NotFoundError
from belannot.core.history import History
from belannot.core.model import Document, ValidationError
from belannot.core.operations import run
from belannot.core.relation_commands import AddRelation
from belannot.core.relation_type_edits import AddRelationType, ChangeRelationType


def test_change_writes_and_audits_only_what_differs(store, alice):
    changes = run(
        store,
        ChangeRelationType(
            "speaker",
            color="#123456",
            hotkey="s",
            head_labels=("quote", "prediction"),
            directed=False,
            text="Who says it.",
        ),
        alice,
    )
    assert changes.relation_types == {"speaker"}
    changed = store.relation_type("speaker")
    assert (changed.color, changed.hotkey, changed.head_labels, changed.directed) == (
        "#123456",
        "s",
        ("quote", "prediction"),
        False,
    )
    assert changed.description == "Who says it." and changed.tail_labels == ("actor",)
    [entry] = [e for e in store.audit_log() if e.entity == "relation_type"]
    assert entry.before["color"] == "#1f77b4" and entry.after["color"] == "#123456"
    assert not run(store, ChangeRelationType("speaker", color="#123456"), alice)
    # An empty key takes the key away.
    run(store, ChangeRelationType("speaker", hotkey=""), alice)
    assert store.relation_type("speaker").hotkey is None


def test_change_refuses_what_would_break(store, alice):
    run(store, AddRelationType("cites", ("quote",), ("quote",), hotkey="c"), alice)
    with pytest.raises(ConflictError, match="already bound"):
        run(store, ChangeRelationType("speaker", hotkey="c"), alice)
    with pytest.raises(NotFoundError, match="no label 'villain'"):
        run(store, ChangeRelationType("speaker", tail_labels=("villain",)), alice)
    with pytest.raises(NotFoundError, match="no relation type"):
        run(store, ChangeRelationType("nothing", color="#000000"), alice)
    with pytest.raises(ValidationError):
        run(store, ChangeRelationType("speaker", color="red"), alice)
    assert store.relation_type("speaker").color == "#1f77b4"


def test_narrowing_labels_is_refused_while_relations_need_them(store, alice):
    store.add_document(Document("d1", "“No,” Lukashenko said."))
    history = History(store)
    [quote] = history.do(AddSpan("d1", 0, 5, "quote"), alice).span_ids
    [actor] = history.do(AddSpan("d1", 6, 16, "actor"), alice).span_ids
    history.do(AddRelation(quote, actor, "speaker", relation_id="r1"), alice)
    with pytest.raises(ConflictError, match="1 relation of type 'speaker' would not fit"):
        run(store, ChangeRelationType("speaker", head_labels=("prediction",)), alice)
    assert store.relation_type("speaker").head_labels == ("quote",)
    run(store, ChangeRelationType("speaker", head_labels=("quote", "prediction")), alice)
    assert store.relation("r1") is not None
