"""Relation type edits as operations, a label rename, and `belannot relations …`."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core.commands import AddSpan
from belannot.core.errors import ConflictError, NotFoundError
from belannot.core.history import History
from belannot.core.model import Document, User
from belannot.core.operations import run
from belannot.core.relation_commands import AddRelation
from belannot.core.relation_type_edits import (
    AddRelationType,
    DeleteRelationType,
    RenameRelationType,
)
from belannot.core.schema_edits import RenameLabel
from belannot.core.store import Store

TEXT = "“No,” Lukashenko said."


def _linked(store: Store, alice: User) -> str:
    store.add_document(Document("d1", TEXT))
    history = History(store)
    [quote] = history.do(AddSpan("d1", 0, 5, "quote"), alice).span_ids
    [actor] = history.do(AddSpan("d1", 6, 16, "actor"), alice).span_ids
    history.do(AddRelation(quote, actor, "speaker", relation_id="r1"), alice)
    return actor


def test_add_relation_type_checks_labels_and_names(store, alice):
    changes = run(store, AddRelationType("cites", ("quote",), ("quote",)), alice)
    assert changes.relation_types == {"cites"} and bool(changes)
    assert store.relation_type("cites").position == 4
    with pytest.raises(ConflictError, match="already exists"):
        run(store, AddRelationType("cites", ("quote",), ("quote",)), alice)
    with pytest.raises(NotFoundError, match="no label 'villain'"):
        run(store, AddRelationType("hates", ("villain",), ("actor",)), alice)
    assert [e.entity for e in store.audit_log()] == ["relation_type"]


def test_rename_keeps_relations_and_undo(store, alice):
    _linked(store, alice)
    run(store, RenameRelationType("speaker", "said_by"), alice)
    assert store.relation("r1").type == "said_by" and store.relation_type("speaker") is None
    History(store).undo(alice)  # the AddRelation step, written before the rename
    assert store.relation("r1") is None
    History(store).redo(alice)
    assert store.relation("r1").type == "said_by"


def test_delete_refuses_a_type_in_use_unless_asked(store, alice):
    _linked(store, alice)
    with pytest.raises(ConflictError, match="has 1 relation;"):
        run(store, DeleteRelationType("speaker"), alice)
    changes = run(store, DeleteRelationType("speaker", delete_relations=True), alice)
    assert store.relation("r1") is None and changes.relation_ids == {"r1"}
    assert [t.position for t in store.relation_types()] == [0, 1, 2]


def test_a_label_rename_keeps_it_allowed(store, alice):
    actor = _linked(store, alice)
    run(store, RenameLabel("actor", "person"), alice)
    assert store.relation_type("speaker").tail_labels == ("person",)
    assert store.span(actor).label == "person"


def _cli(project, *args, ok=True):
    result = CliRunner().invoke(cli, ["--db", str(project), "--user", "alice", *args])
    assert result.exit_code == (0 if ok else 1), result.output
    assert "Traceback" not in result.output
    return result.output


def test_the_relations_commands(tmp_path):
    project = tmp_path / "p.belannot"
    listed = _cli(project, "relations", "list").splitlines()
    assert listed[0].split("\t")[1:3] == ["speaker", "quote -> actor"]
    out = _cli(
        project, "relations", "add", "same", "--head", "actor", "--tail", "actor", "--symmetric"
    )
    assert out == "added same\n"
    assert "actor <-> actor" in _cli(project, "relations", "list")
    assert "villain" in _cli(
        project, "relations", "add", "x", "--head", "villain", "--tail", "actor", ok=False
    )
    assert _cli(project, "relations", "rename", "same", "alias") == "renamed same to alias\n"
    store = Store.open(project)
    _linked(store, User("alice"))
    store.close()
    assert "has 1 relation" in _cli(project, "relations", "delete", "speaker", ok=False)
    out = _cli(project, "relations", "delete", "speaker", "--delete-relations")
    assert out == "deleted speaker; 1 relations deleted\n"
    assert "speaker" not in _cli(project, "relations", "list")
