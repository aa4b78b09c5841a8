"""A whole project copied file → server → file: every row, every export byte, and undo."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core import operations
from belannot.core.actor_commands import AddActor, LinkSpan
from belannot.core.commands import AddSpan, SetDocumentState, UpdateSpan
from belannot.core.errors import BelannotError, CancelledError
from belannot.core.formats.registry import export
from belannot.core.history import History
from belannot.core.model import DocumentState, Role, User
from belannot.core.project_copy import copy_locations
from belannot.core.recommenders.base import Suggestion
from belannot.core.relation_commands import AddRelation
from belannot.core.review import ApproveSpan, CorrectSpan
from belannot.core.schema_edits import rename_label
from belannot.core.store import Store, open_store
from belannot.core.suggestion_commands import AcceptSuggestion, RejectSuggestion
from belannot.core.user_edits import SetUserRole
from tests.core.formats_fixtures import TEXTS, find
from tests.core.relations_fixtures import fill_related
from tests.postgres_server import drop_database, fresh_database

pytestmark = pytest.mark.postgres

ALICE, BOB, RITA = User("alice"), User("bob"), User("rita", Role.REVIEWER)


def build(store: Store) -> Store:
    """A project with a bit of everything, made through the commands where they exist."""
    fill_related(store)  # non-BMP texts, two annotators' spans, attributes, relations
    history = History(store)
    operations.run(store, SetUserRole(RITA), RITA)
    text = TEXTS["plain"]
    moscow = find(text, "Moscow")
    history.do(AddSpan("plain", moscow, moscow + 6, "actor", span_id="alice-moscow"), ALICE)
    belarus = find(text, "Belarus")
    history.do(AddSpan("plain", belarus, belarus + 7, "actor", span_id="alice-belarus"), ALICE)
    history.do(AddSpan("plain", 0, 4, "event", attributes={}, span_id="bob-nato-event"), BOB)
    history.do(AddRelation("alice-moscow", "alice-belarus", "same", relation_id="r-new"), ALICE)
    history.do(UpdateSpan("alice-moscow", attributes={"named": True, "mentions": 2}), ALICE)
    history.do(ApproveSpan("alice-belarus"), RITA)
    history.do(ApproveSpan("span-000"), RITA)
    history.do(CorrectSpan("span-001", label="event", new_span_id="fix-1"), RITA)
    changes = history.do(AddActor("Belarus", kind="state", actor_id="belarus"), ALICE)
    assert changes
    history.do(LinkSpan("alice-belarus", "belarus"), ALICE)
    history.do(LinkSpan("alice-moscow", "NIL"), ALICE)
    history.do(SetDocumentState("plain", DocumentState.DONE), ALICE)
    history.do(SetDocumentState("emoji", DocumentState.IN_PROGRESS), BOB)
    rename_label(store, RITA, "quote", "citation")
    history.do(RejectSuggestion(Suggestion("plain", 13, 20, "event", 0.5, "rules")), ALICE)
    accepted = Suggestion("plain", 24, 35, "prediction", 0.75, "rules")
    history.do(AcceptSuggestion(accepted), BOB)
    history.do(AddSpan("combining", 0, 4, "event", span_id="alice-undone"), ALICE)
    assert history.undo(ALICE)  # an undone entry the copy must keep undone
    return store


def rows_of(store: Store) -> dict[str, list[tuple]]:
    tables = store.copy_table_names()
    found = {name: sorted(store.table_rows(name), key=repr) for name in tables}
    found["(search index)"] = store.search_index_rows()
    return found


def exports(store: Store, folder: Path) -> dict[str, str]:
    folder.mkdir()
    digests = {}
    # brat as a folder: a zip stamps each member with the time of writing.
    for name, suffix in (("jsonl", ".jsonl"), ("label-studio", ".json"), ("brat", "")):
        target = folder / f"out-{name}{suffix}"
        export(store, name, target)
        files = sorted(target.rglob("*")) if target.is_dir() else [target]
        for file in files:
            if file.is_file():
                digests[f"{name}:{file.name}"] = hashlib.sha256(file.read_bytes()).hexdigest()
    digests["jsonl-text"] = (folder / "out-jsonl.jsonl").read_text(encoding="utf-8")
    return digests


@pytest.fixture
def source(tmp_path) -> Path:
    path = tmp_path / "source.belannot"
    store = build(Store.open(path))
    store.close()
    return path


def test_a_project_goes_to_a_server_and_back_with_every_row(source, tmp_path, postgres_database):
    final = tmp_path / "final.belannot"
    copy_locations(source, postgres_database)
    copy_locations(postgres_database, final)
    original, server, back = (open_store(p) for p in (source, postgres_database, final))
    try:
        assert rows_of(back) == rows_of(original)
        # The server's tables hold the same rows (its search index is its own).
        assert {
            name: sorted(server.table_rows(name), key=repr) for name in server.copy_table_names()
        } == {name: rows for name, rows in rows_of(original).items() if name[0] != "("}
        expected = exports(original, tmp_path / "original")
        assert exports(server, tmp_path / "server") == expected
        assert exports(back, tmp_path / "back") == expected
        # Search finds the same documents on every end.
        found = original.document_list_positions("alice", search="Moscow")
        assert len(found) == 1
        for store in (server, back):
            assert list(store.document_list_positions("alice", search="Moscow")) == list(found)
    finally:
        for store in (original, server, back):
            store.close()


def test_undo_works_on_the_copy_for_the_user_whose_history_came_along(
    source, tmp_path, postgres_database
):
    copy_locations(source, postgres_database)
    server = open_store(postgres_database)
    try:
        history = History(server)
        rejected = ("plain", "alice", 13, 20, "event")
        assert server.rejection_row(*rejected) is not None
        assert history.undo(ALICE)  # alice's newest step still done: the rejection
        assert server.rejection_row(*rejected) is None
        assert history.redo(ALICE)
        assert server.rejection_row(*rejected) is not None
        # Redo of the copied undone step brings its span back; new rows take new ids.
        assert history.redo(ALICE)
        assert server.span("alice-undone") is not None
        ids = [entry.id for entry in server.audit_log()]
        assert ids == sorted(set(ids))
    finally:
        server.close()


def test_copying_into_a_project_that_holds_work_is_refused_and_changes_nothing(
    source, tmp_path, postgres_database
):
    copy_locations(source, postgres_database)
    target = tmp_path / "busy.belannot"
    copy_locations(source, target)
    for destination in (postgres_database, target):
        store = open_store(destination)
        before = rows_of(store)
        store.close()
        with pytest.raises(BelannotError, match="not empty"):
            copy_locations(source, destination)
        store = open_store(destination)
        assert rows_of(store) == before
        store.close()


def test_a_failed_copy_leaves_no_new_file(source, tmp_path):
    with pytest.raises(BelannotError, match="does not exist"):
        copy_locations(tmp_path / "missing.belannot", tmp_path / "new.belannot")
    assert not (tmp_path / "new.belannot").exists()
    with pytest.raises(BelannotError, match="source itself"):
        copy_locations(source, source)


def test_a_copy_that_fails_half_way_leaves_the_destination_as_it_was(
    source, tmp_path, postgres_database
):
    def fail_half_way(done: int, total: int) -> None:
        if done > total // 2:
            raise CancelledError("stopped")

    new_file = tmp_path / "new.belannot"
    for destination in (postgres_database, new_file):
        with pytest.raises(CancelledError):
            copy_locations(source, destination, fail_half_way)
    assert not new_file.exists()
    server = open_store(postgres_database)
    try:
        assert not server.holds_work()
    finally:
        server.close()
    # Nothing half-written blocks a second try.
    copy_locations(source, postgres_database)


def test_the_command_copies_and_refuses_in_one_line(source, tmp_path):
    target = tmp_path / "copy.belannot"
    result = CliRunner().invoke(cli, ["project", "copy", str(source), str(target)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"copied {source} to {target}: 3 documents, 19 spans")
    again = CliRunner().invoke(cli, ["project", "copy", str(source), str(target)])
    assert again.exit_code == 1
    assert again.output.strip().splitlines() == [
        f"Error: {target} is not empty: copy into a new project file or an empty database; "
        "nothing was written"
    ]


def test_server_to_server_keeps_the_identity_counters_ahead(
    source, postgres_admin_url, postgres_database
):
    copy_locations(source, postgres_database)
    second = fresh_database(postgres_admin_url)
    try:
        copy_locations(postgres_database, second)
        one, two = open_store(postgres_database), open_store(second)
        try:
            assert rows_of(two) == rows_of(one)
            newest = max(entry.id for entry in two.audit_log())
            History(two).do(AddSpan("plain", 0, 4, "actor", span_id="after-copy"), BOB)
            assert min(e.id for e in two.audit_log() if e.entity_id == "after-copy") > newest
        finally:
            one.close()
            two.close()
    finally:
        drop_database(postgres_admin_url, second)
