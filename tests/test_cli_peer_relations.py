"""``belannot import`` of a Prodigy rel.manual file and a Label Studio export with relations:
the report names what was read, left out and skipped."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from belannot.cli import cli

SAMPLES = Path(__file__).resolve().parent / "samples" / "peer"


def _import(tmp_path: Path, path: Path) -> str:
    db = tmp_path / "p.belannot"
    result = CliRunner().invoke(cli, ["--db", str(db), "import", "--create-labels", str(path)])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_rel_manual_report(tmp_path):
    output = _import(tmp_path, SAMPLES / "prodigy" / "rel_manual.jsonl")
    assert "2 documents added" in output and "4 relations added" in output
    assert "not represented: Prodigy relations with an end on a token that is no span: 1" in output
    assert "skipped records: answer ignore: 1" in output


def test_the_label_studio_relations_report(tmp_path):
    output = _import(tmp_path, SAMPLES / "label_studio" / "relations_choices.json")
    assert "read: 2 documents, 6 spans, 3 relations, 5 attributes" in output
    assert "skipped records: Label Studio annotation cancelled (was_cancelled): 1" in output
    assert "Label Studio prediction results kept as suggestions: 1" in output
