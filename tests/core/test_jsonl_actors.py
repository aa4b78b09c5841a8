"""belannot JSONL carries actor links: written only when linked, read back, unknown actors."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core.actor_commands import AddActor, LinkSpan
from belannot.core.actors import NIL_AMBIGUOUS
from belannot.core.commands import AddSpan
from belannot.core.errors import InputError
from belannot.core.formats.jsonl import export_jsonl
from belannot.core.history import History
from belannot.core.importing.pipeline import import_files
from belannot.core.model import Document, User
from tests.core.cli_fixtures import cli_project as cli_project  # noqa: F401 (the fixture)
from tests.core.cli_fixtures import user_option

TEXT = "Lukashenko met Putin. 😀\r\nThe Kremlin agreed."
ALICE = User("alice")


def _linked(store):
    store.add_document(Document("d1", TEXT))
    store.add_document(Document("d2", "Nothing linked here."))
    history = History(store)
    history.do(AddActor("Vladimir Putin", "person", ("Putin",), actor_id="putin"), ALICE)
    spans = {}
    for name, start, end in (("lukashenko", 0, 10), ("putin", 15, 20), ("kremlin", 25, 36)):
        [spans[name]] = history.do(AddSpan("d1", start, end, "actor"), ALICE).span_ids
    history.do(LinkSpan(spans["putin"], "putin"), ALICE)
    history.do(LinkSpan(spans["kremlin"], NIL_AMBIGUOUS), ALICE)
    return spans


def _records(path):
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_spans_carry_their_actor_only_when_linked(store, tmp_path):
    spans = _linked(store)
    out = tmp_path / "out.jsonl"
    export_jsonl(store, out)
    first, second = _records(out)
    actors = {span["id"]: span.get("actor", "-") for span in first["spans"]}
    assert actors == {
        spans["lukashenko"]: "-",
        spans["putin"]: "putin",
        spans["kremlin"]: "NIL:ambiguous",
    }
    assert all("actor" not in span for span in second["spans"])


def test_an_export_reads_back_with_its_links(store, fresh, tmp_path):
    _linked(store)
    out = tmp_path / "out.jsonl"
    export_jsonl(store, out)
    other = fresh
    other.insert_actors([store.actor("putin")])
    import_files(other, [out], user=ALICE)
    assert other.document_links("d1") == store.document_links("d1")
    again = tmp_path / "again.jsonl"
    export_jsonl(other, again)
    assert again.read_bytes() == out.read_bytes()


def _layer(tmp_path, spans):
    path = tmp_path / "layer.jsonl"
    record = {"id": "d1", "text": TEXT, "spans": spans}
    path.write_bytes(orjson.dumps(record) + b"\n")
    return path


def test_unknown_actors_are_refused_by_name_and_nothing_is_stored(store, tmp_path):
    path = _layer(
        tmp_path,
        [
            {"start": 15, "end": 20, "label": "actor", "actor": "putin"},
            {"start": 0, "end": 10, "label": "actor", "actor": "lukashenko"},
        ],
    )
    with pytest.raises(InputError) as refused:
        import_files(store, [path], user=ALICE)
    message = str(refused.value)
    assert f"{path}:1: spans[0].actor:" in message
    assert "putin" in message and "lukashenko" in message and "--create-actors" in message
    assert store.document_count() == 0


def test_create_actors_makes_the_unknown_ones(store, tmp_path):
    path = _layer(tmp_path, [{"start": 15, "end": 20, "label": "actor", "actor": "putin"}])
    import_files(store, [path], user=ALICE, create_actors=True)
    actor = store.actor("putin")
    assert actor.name == "Putin"
    [span] = store.spans("d1")
    assert store.span_actor(span.id) == "putin"


@pytest.mark.parametrize(
    ("span", "field", "problem"),
    [
        (
            {"start": 26, "end": 29, "label": "quote", "actor": "NIL"},
            "spans[0].actor",
            "actor label",
        ),
        ({"start": 15, "end": 20, "label": "actor", "actor": 3}, "spans[0].actor", "string"),
    ],
)
def test_a_link_that_cannot_be_is_refused_at_its_field(store, tmp_path, span, field, problem):
    path = _layer(tmp_path, [span])
    with pytest.raises(InputError, match=problem) as refused:
        import_files(store, [path], user=ALICE, create_actors=True)
    assert f":1: {field}:" in str(refused.value)


def test_the_import_command_takes_create_actors(cli_project, tmp_path):
    path = _layer(tmp_path, [{"start": 15, "end": 20, "label": "actor", "actor": "putin"}])
    target, project = cli_project()
    base = ["--db", project, *user_option(target, "alice"), "import"]
    refused = CliRunner().invoke(cli, [*base, str(path)])
    assert refused.exit_code == 1 and "spans[0].actor" in refused.output
    done = CliRunner().invoke(cli, [*base, "--create-actors", str(path)])
    assert done.exit_code == 0, done.output
