"""`belannot actors …`: the registry from the terminal, its JSONL both ways, mentions."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core.actor_commands import LinkSpan
from belannot.core.commands import AddSpan
from belannot.core.history import History
from belannot.core.model import Document, User
from belannot.core.store import Store
from tests.cli_helpers import invoke as run


@pytest.fixture
def project(tmp_path):
    return tmp_path / "p.belannot"


def _ids(project):
    return [line.split("\t")[0] for line in run(project, "actors", "list").output.splitlines()]


def test_add_alias_merge_and_list(project):
    run(project, "actors", "add", "Alexander Lukashenko", "--kind", "person", "--alias", "Batka")
    run(project, "actors", "add", "Belarusian President", "--id", "president")
    run(project, "actors", "alias", "alexander-lukashenko", "Lukashenko")
    run(project, "actors", "alias", "alexander-lukashenko", "batka", "--remove")
    assert _ids(project) == ["alexander-lukashenko", "president"]
    run(project, "actors", "merge", "president", "alexander-lukashenko")
    [line] = run(project, "actors", "list").output.splitlines()
    assert line.split("\t")[:4] == [
        "alexander-lukashenko",
        "person",
        "Alexander Lukashenko",
        "Lukashenko, Belarusian President",
    ]
    result = run(project, "actors", "add", "alexander LUKASHENKO", ok=False)
    assert "already" in result.output
    refused = CliRunner().invoke(cli, ["--db", str(project), "actors", "add", "X", "--kind", "a"])
    assert refused.exit_code == 2
    assert "'a' is not one of 'person', 'state'" in refused.output


def test_export_then_import_gives_the_same_registry(project, tmp_path):
    run(
        project,
        "actors",
        "add",
        "Vladimir Putin",
        "--kind",
        "person",
        "--alias",
        "Putin",
        "--ref",
        "Q7747",
    )
    out = tmp_path / "actors.jsonl"
    run(project, "actors", "export", str(out))
    assert orjson.loads(out.read_bytes()) == {
        "id": "vladimir-putin",
        "name": "Vladimir Putin",
        "kind": "person",
        "aliases": ["Putin"],
        "ref": "Q7747",
        "description": "",
    }
    other = tmp_path / "other.belannot"
    assert "1 actor" in run(other, "actors", "import", str(out)).output
    assert run(other, "actors", "list").output == run(project, "actors", "list").output
    assert "0 actors" in run(other, "actors", "import", str(out)).output  # nothing new


@pytest.mark.parametrize(
    ("lines", "where"),
    [
        (['{"id": "a", "name": "A"}', '{"id": "b", "name": "B", "kind": "nation"}'], ":2: kind:"),
        (['{"id": "a", "name": "A"}', '{"id": "b"}'], ":2: name: missing"),
        (['{"id": "a", "name": "A", "aliases": ["ok", 3]}'], ":1: aliases[1]:"),
        (['{"id": "a", "name": "A"}', '{"id": "a", "name": "B"}'], ":2: id: the same id"),
        (['{"id": "a", "name": "A", "colour": 1}'], ":1: colour: unknown field"),
        (['{"id": "NIL", "name": "A"}'], ":1: id:"),
        (["{not json"], ":1: not JSON"),
    ],
)
def test_a_bad_registry_line_is_named_and_nothing_is_stored(project, tmp_path, lines, where):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(project, "actors", "import", str(bad), ok=False)
    assert f"{bad}{where}" in result.output
    assert _ids(project) == []


def test_an_import_clashing_with_a_stored_name_is_refused_whole(project, tmp_path):
    run(project, "actors", "add", "Vladimir Putin", "--id", "putin")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "a", "name": "A"}\n{"id": "vp", "name": "vladimir putin"}\n', encoding="utf-8"
    )
    result = run(project, "actors", "import", str(bad), ok=False)
    assert f"{bad}:2: name:" in result.output
    assert _ids(project) == ["putin"]


def test_mentions_lists_every_linked_span_with_its_document_and_context(project):
    run(project, "actors", "add", "Vladimir Putin", "--id", "putin", "--alias", "Putin")
    store = Store.open(project)
    alice = User("alice")
    history = History(store)
    store.add_document(Document("d1", "Lukashenko met Putin in Minsk."))
    store.add_document(Document("d2", "Putin said nothing."))
    for document, start in (("d2", 0), ("d1", 15)):
        [span] = history.do(AddSpan(document, start, start + 5, "actor"), alice).span_ids
        history.do(LinkSpan(span, "putin"), alice)
    store.close()
    lines = run(project, "actors", "mentions", "putin").output.splitlines()
    assert [line.split("\t")[:3] for line in lines] == [["d1", "15", "20"], ["d2", "0", "5"]]
    assert "Lukashenko met Putin in Minsk." in lines[0]
    # By a name or alias too, normalised.
    assert run(project, "actors", "mentions", "the PUTIN").output.splitlines() == lines
    assert "no actor" in run(project, "actors", "mentions", "Medvedev", ok=False).output


def test_labels_shows_and_sets_the_linkable_labels(project):
    assert run(project, "actors", "labels").output.split() == ["actor"]
    run(project, "actors", "labels", "actor", "event")
    assert run(project, "actors", "labels").output.split() == ["actor", "event"]
    assert "unknown label" in run(project, "actors", "labels", "nope", ok=False).output


def test_an_actor_nobody_linked_yet_says_so_rather_than_printing_nothing(project):
    run(project, "actors", "add", "Vladimir Putin", "--id", "putin")
    result = CliRunner().invoke(
        cli, ["--db", str(project), "--user", "alice", "actors", "mentions", "putin"]
    )
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no span is linked to Vladimir Putin yet" in result.stderr
