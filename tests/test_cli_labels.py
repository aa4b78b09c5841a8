"""`belannot labels …`: the label schema from the terminal."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core.commands import AddSpan
from belannot.core.history import History
from belannot.core.model import Document, User
from belannot.core.store import Store


@pytest.fixture
def project(tmp_path):
    return tmp_path / "p.belannot"


def run(project, *args, ok=True):
    result = CliRunner().invoke(cli, ["--db", str(project), "--user", "alice", *args])
    if ok:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
    return result


def listed(project):
    return [line.split("\t")[:3] for line in run(project, "labels", "list").output.splitlines()]


def with_span(project, label="actor"):
    store = Store.open(project)
    store.add_document(Document("d1", "Lukashenko spoke."))
    History(store).do(AddSpan("d1", 0, 10, label), User("alice"))
    store.close()


def test_add_rename_color_hotkey_move(project):
    run(project, "labels", "add", "claim", "--color", "#112233", "--hotkey", "5")
    run(project, "labels", "rename", "claim", "assertion")
    run(project, "labels", "color", "assertion", "#445566")
    run(project, "labels", "hotkey", "assertion", "6")
    assert run(project, "labels", "move", "assertion", "1").output.split() == [
        "assertion",
        "actor",
        "event",
        "prediction",
        "quote",
    ]
    assert listed(project)[0] == ["6", "assertion", "#445566"]


def test_hotkey_taken_is_refused_with_a_message(project):
    result = run(project, "labels", "hotkey", "actor", "2", ok=False)
    assert "already bound to label 'event'" in result.output
    run(project, "labels", "hotkey", "actor", "--none")
    assert listed(project)[0] == ["-", "actor", "#0072B2"]
    run(project, "labels", "hotkey", "actor", ok=False)


def test_describe_shows_and_sets_guidelines(project, tmp_path):
    shown = run(project, "labels", "describe", "quote").output
    assert "quotation marks" in shown and "+ “Anything would help.”" in shown
    manual = tmp_path / "quote.txt"
    manual.write_text("Only direct speech.\n", encoding="utf-8")
    run(project, "labels", "describe", "quote", "Direct speech", "--guidelines", str(manual))
    shown = run(project, "labels", "describe", "quote").output
    assert shown.startswith("Direct speech\n\nOnly direct speech.\n")
    assert "“Anything would help.”" in shown  # the examples are kept


def test_delete_refused_with_spans_then_reassign(project):
    with_span(project)
    result = run(project, "labels", "delete", "actor", ok=False)
    assert "has 1 span" in result.output
    run(project, "labels", "delete", "actor", "--reassign", "x", "--delete-spans", ok=False)
    assert (
        "1 spans now event"
        in run(project, "labels", "delete", "actor", "--reassign", "event").output
    )
    store = Store.open(project)
    assert [s.label for s in store.spans("d1")] == ["event"]
    store.close()


def test_delete_with_spans(project):
    with_span(project, "quote")
    assert "1 spans deleted" in run(project, "labels", "delete", "quote", "--delete-spans").output
    assert [row[1] for row in listed(project)] == ["actor", "event", "prediction"]


def test_export_import_between_projects(project, tmp_path):
    run(project, "labels", "add", "claim", "--color", "#112233")
    exported = tmp_path / "labels.json"
    run(project, "labels", "export", str(exported))
    run(project, "labels", "export", str(exported), ok=False)
    run(project, "labels", "export", str(exported), "--force")
    assert orjson.loads(exported.read_bytes())["labels"][4]["name"] == "claim"
    other = tmp_path / "other.belannot"
    assert "1 labels added, 0 updated" in run(other, "labels", "import", str(exported)).output
    assert listed(other) == listed(project)


def test_import_of_a_bad_file_names_the_field(project, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"labels": [{"name": "x", "color": "red"}]}')
    result = run(project, "labels", "import", str(bad), ok=False)
    assert f"{bad}: labels[0].color:" in result.output


def test_every_labels_command_has_help():
    group = cli.commands["labels"]
    expected = {
        "list",
        "add",
        "rename",
        "color",
        "hotkey",
        "move",
        "describe",
        "delete",
        "export",
        "import",
    }
    assert expected <= set(group.commands)
    for name in expected:
        assert group.commands[name].help, name
