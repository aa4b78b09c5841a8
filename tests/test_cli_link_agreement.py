"""Linking agreement in `belannot agreement`, text and JSON, end to end."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner

from belannot.cli import cli

TEXT = "Putin met Lukashenko in Minsk."


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "project.belannot"
    runner = CliRunner()

    def run(*args, user="admin"):
        result = runner.invoke(cli, ["--db", str(path), "--user", user, *args])
        assert result.exit_code == 0, result.output
        return result

    for name, second in (("alice", "lukashenko"), ("bob", "NIL")):
        spans = [
            {"start": 0, "end": 5, "label": "actor", "actor": "putin"},
            {"start": 10, "end": 20, "label": "actor", "actor": second},
        ]
        file = tmp_path / f"{name}.jsonl"
        file.write_bytes(orjson.dumps({"id": "d0", "text": TEXT, "spans": spans}) + b"\n")
        run("import", str(file), "--as-annotator", name, "--create-actors")
    return run


def test_agreement_json_has_links(project):
    data = orjson.loads(project("agreement", "--json").output)
    assert list(data)[-1] == "links"
    links = data["links"]
    assert links["labels"] == ["actor"]
    [pair] = links["pairs"]
    assert (pair["spans"], pair["agreed"], pair["percentage"]) == (2, 1, 50.0)
    assert pair["kappa"] == pytest.approx(1 / 3)
    assert links["group"]["mean_kappa"] == pytest.approx(1 / 3)


def test_agreement_text_has_links(project):
    lines = project("agreement").output.splitlines()
    title = next(i for i, line in enumerate(lines) if line.startswith("actor links"))
    assert "not linked" in lines[title]
    assert lines[title + 1].split() == ["link", "pair", "spans", "agreed", "agreement", "kappa"]
    assert lines[title + 2].split()[-4:] == ["2", "1", "50.0%", "0.333"]
