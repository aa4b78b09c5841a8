"""Working offline: alice's layer out of a team project, edited in a file, and back again."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core.actor_commands import LinkSpan
from belannot.core.commands import AddSpan, SetDocumentState, UpdateSpan
from belannot.core.errors import InputError
from belannot.core.history import History
from belannot.core.layer_file import export_layer
from belannot.core.layers import import_layer
from belannot.core.model import Document, DocumentState, User
from belannot.core.relation_commands import AddRelation
from belannot.core.store import Store, open_store

pytestmark = pytest.mark.postgres

ALICE, BOB = User("alice"), User("bob")
TEXTS = {
    "d1": "Putin met Lukashenko in Minsk 🇧🇾 on Monday.",
    "d2": "NATO expects Belarus to send troops.",
    "d3": "Moscow denied it.",
}


def team_project(url: str) -> Store:
    store = open_store(url)
    history = History(store)
    with store.transaction():
        for name in ("alice", "bob"):
            store.ensure_user(name)
        for doc_id, text in TEXTS.items():
            store.add_document(Document(doc_id, text), user="owner")
    history.do(AddSpan("d1", 0, 5, "actor", span_id="a-putin"), ALICE)
    history.do(AddSpan("d1", 10, 20, "actor", span_id="a-luka"), ALICE)
    history.do(AddSpan("d2", 0, 4, "actor", span_id="a-nato"), ALICE)
    history.do(AddSpan("d1", 0, 5, "actor", span_id="b-putin"), BOB)
    history.do(AddSpan("d3", 0, 6, "actor", span_id="b-moscow"), BOB)
    return store


def rows_of(store: Store) -> dict[str, list[tuple]]:
    return {name: sorted(store.table_rows(name), key=repr) for name in store.copy_table_names()}


def bob_rows(store: Store) -> list:
    return sorted(
        (s for d in store.document_ids() for s in store.spans(d) if s.annotator == "bob"),
        key=lambda s: s.id,
    )


def test_alice_works_offline_and_her_edits_land_beside_bobs(tmp_path, postgres_database):
    server = team_project(postgres_database)
    checkout = tmp_path / "alice-out.layer"
    exported = export_layer(server, "alice", checkout)
    assert (exported.documents, exported.spans) == (2, 3)  # d1 and d2: the ones she started
    laptop = Store.open(tmp_path / "laptop.belannot")
    assert import_layer(laptop, checkout).added == 3
    assert sorted(laptop.document_ids()) == ["d1", "d2"]

    # Offline: alice moves a boundary, adds spans, a relation, a link, marks d1 done.
    offline = History(laptop)
    offline.do(UpdateSpan("a-luka", end=30), ALICE)
    offline.do(AddSpan("d1", 24, 29, "actor", span_id="a-minsk"), ALICE)
    offline.do(AddSpan("d1", 6, 9, "event", span_id="a-met"), ALICE)
    offline.do(AddRelation("a-met", "a-putin", "participant", relation_id="a-rel"), ALICE)
    offline.do(LinkSpan("a-minsk", "NIL"), ALICE)
    offline.do(SetDocumentState("d1", DocumentState.DONE), ALICE)
    # Meanwhile on the server, bob works on.
    online = History(server)
    online.do(UpdateSpan("b-putin", label="event"), BOB)
    online.do(AddSpan("d1", 24, 29, "actor", span_id="b-minsk"), BOB)
    bobs = bob_rows(server)

    checkin = tmp_path / "alice-back.layer"
    export_layer(laptop, "alice", checkin)
    report = import_layer(server, checkin)
    assert (report.added, report.edited) == (3, 1)  # two spans, a relation; the moved boundary
    assert server.span("a-luka").end == 30
    assert server.span("a-minsk") is not None
    assert server.relation("a-rel") is not None
    assert server.span_link_row("a-minsk")["actor"] == "NIL"
    assert server.document_state("d1", "alice") is DocumentState.DONE
    assert bob_rows(server) == bobs
    # The import was alice's, audited, and is one step she can undo.
    assert server.audit_log(user="alice")[-1].action == "Import layer"

    before = rows_of(server)
    again = import_layer(server, checkin)
    assert (again.added, again.edited) == (0, 0)
    assert rows_of(server) == before

    assert History(server).undo(ALICE)
    assert server.span("a-minsk") is None and server.span("a-luka").end == 20
    assert bob_rows(server) == bobs
    laptop.close()
    server.close()


def test_a_row_of_someone_else_is_refused_naming_line_and_field(tmp_path, postgres_database):
    server = team_project(postgres_database)
    path = tmp_path / "alice.layer"
    export_layer(server, "alice", path)
    lines = path.read_bytes().splitlines()
    record = orjson.loads(lines[1])
    record["spans"][0]["annotator"] = "bob"
    forged = tmp_path / "forged.layer"
    forged.write_bytes(b"\n".join([lines[0], orjson.dumps(record), *lines[2:]]) + b"\n")
    before = rows_of(server)
    with pytest.raises(InputError) as refused:
        import_layer(server, forged)
    assert str(refused.value).startswith(
        f"{forged}:2: spans[0].annotator: 'bob' is not the layer's annotator"
    )
    # An existing id of bob's, claimed as alice's: refused too, and nothing changes.
    record["spans"][0].update(annotator="alice", id="b-putin")
    forged.write_bytes(b"\n".join([lines[0], orjson.dumps(record), *lines[2:]]) + b"\n")
    with pytest.raises(InputError, match="spans\\[0\\].id: 'b-putin' is bob's"):
        import_layer(server, forged)
    assert rows_of(server) == before
    server.close()


def test_a_document_whose_text_differs_is_refused(tmp_path, store, fresh):
    source = store
    source.ensure_user("alice")
    source.add_document(Document("d1", "one text"), user="alice")
    History(source).do(AddSpan("d1", 0, 3, "actor", span_id="s1"), ALICE)
    export_layer(source, "alice", tmp_path / "alice.layer")
    other = fresh
    other.add_document(Document("d1", "another text"), user="bob")
    before = rows_of(other)
    with pytest.raises(InputError, match=":2: content_hash: document 'd1' holds another"):
        import_layer(other, tmp_path / "alice.layer")
    assert rows_of(other) == before


def test_the_commands_export_and_import_a_layer(tmp_path):
    server = tmp_path / "server.belannot"
    store = Store.open(server)
    store.ensure_user("alice")
    store.add_document(Document("d1", "Putin spoke."), user="alice")
    History(store).do(AddSpan("d1", 0, 5, "actor", span_id="s1"), ALICE)
    store.close()
    layer = tmp_path / "alice.layer"
    runner = CliRunner()
    result = runner.invoke(
        cli, ["--db", str(server), "layer", "export", "--user", "alice", "-o", str(layer)]
    )
    assert result.exit_code == 0, result.output
    assert "1 documents, 1 spans" in result.output
    laptop = tmp_path / "laptop.belannot"
    result = runner.invoke(cli, ["--db", str(laptop), "layer", "import", str(layer)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("alice's layer: 1 rows added")
    result = runner.invoke(cli, ["--db", str(laptop), "layer", "import", str(tmp_path)])
    assert result.exit_code == 2
