"""A command that fails or is refused changes nothing: not even the user who ran it."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core.store import Store
from tests.db_rows import every_row


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "project.belannot"
    good = tmp_path / "good.jsonl"
    good.write_bytes(
        orjson.dumps(
            {
                "id": "d0",
                "text": "Putin said so.",
                "spans": [{"start": 0, "end": 5, "label": "actor"}],
            }
        )
        + b"\n"
    )
    result = CliRunner().invoke(cli, ["--db", str(path), "--user", "alice", "import", str(good)])
    assert result.exit_code == 0, result.output
    return path


def a_span_id(path):
    store = Store.open(path)
    try:
        return store.spans("d0")[0].id
    finally:
        store.close()


def failing_commands(tmp_path, span_id):
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"id": "d9", "text": "fine"}\n{"id": "d10", "text": 3}\n')
    return {
        "import of a bad file": ["import", str(bad)],
        "approve by an annotator": ["review", "approve", span_id],
        "share layers by an annotator": ["review", "share-layers", "on"],
        "correction out of the text": ["review", "correct", span_id, "--end", "9999"],
        "a label that exists": ["labels", "add", "actor", "--color", "#123456"],
        "a label that does not exist": ["labels", "delete", "nosuch"],
        "labels from a missing file": ["labels", "import", str(tmp_path / "missing.json")],
    }


@pytest.mark.parametrize(
    "case",
    [
        "import of a bad file",
        "approve by an annotator",
        "share layers by an annotator",
        "correction out of the text",
        "a label that exists",
        "a label that does not exist",
        "labels from a missing file",
    ],
)
def test_a_failed_command_by_a_new_user_writes_nothing(tmp_path, project, case):
    args = failing_commands(tmp_path, a_span_id(project))[case]
    before = every_row(project)
    result = CliRunner().invoke(cli, ["--db", str(project), "--user", "newperson", *args])
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    assert every_row(project) == before


def test_a_command_that_succeeds_still_adds_its_user(tmp_path, project):
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            str(project),
            "--user",
            "newperson",
            "labels",
            "add",
            "place",
            "--color",
            "#123456",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = every_row(project)
    assert ("newperson", "annotator") in [row[:2] for row in rows["users"]]
    assert [row for row in rows["audit"] if row[2] == "newperson"]


@pytest.mark.parametrize(
    "command",
    [
        ["import", "{bad}"],
        ["review", "approve", "no-such-span"],
        ["labels", "delete", "no-such-label"],
    ],
)
def test_a_command_that_fails_on_a_new_project_leaves_no_file(tmp_path, command):
    """A failed command on a --db file that did not exist created an empty project."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "spans": [{"start": 0, "end": 9, "label": "actor"}]}\n')
    path = tmp_path / "new.belannot"
    args = [part.format(bad=bad) for part in command]
    result = CliRunner().invoke(cli, ["--db", str(path), "--user", "alice", *args])
    assert result.exit_code != 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl"]


def test_a_command_that_succeeds_on_a_new_project_keeps_it(tmp_path):
    path = tmp_path / "new.belannot"
    result = CliRunner().invoke(cli, ["--db", str(path), "stats"])
    assert result.exit_code == 0, result.output
    assert path.exists()
