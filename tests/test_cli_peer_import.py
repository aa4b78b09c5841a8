"""``belannot import`` of files other tools wrote: the report it prints and its options."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from belannot.cli import cli

SAMPLES = Path(__file__).resolve().parent / "samples" / "peer"


@pytest.fixture
def run(tmp_path):
    runner = CliRunner()
    db = tmp_path / "p.belannot"

    def invoke(*args):
        return runner.invoke(cli, ["--db", str(db), "--user", "lead", *args])

    return invoke


def stats(run) -> dict:
    return orjson.loads(run("stats", "--json").output)


def test_a_conll_txt_is_never_stored_as_an_article(run):
    path = SAMPLES / "conll" / "spacy_conll_ner.txt"
    refused = run("import", str(path))
    assert refused.exit_code == 1 and "unknown label 'GPE'" in refused.output
    assert stats(run)["documents"] == 0
    result = run("import", "--create-labels", str(path))
    assert result.exit_code == 0, result.output
    assert "read: 1 document, 2 spans" in result.output
    assert "tags from column 2 of 2 (the last), scheme IOB2" in result.output
    assert "created labels: GPE" in result.output
    assert stats(run)["spans"] == 2


def test_conll_column_option(run):
    path = SAMPLES / "conll" / "flair_germeval.tsv"
    result = run("import", "--create-labels", "--conll-column", "3", str(path))
    assert result.exit_code == 0, result.output
    assert "tags from column 3 of 4 (--conll-column), scheme IOB2" in result.output
    assert "tokens from column 2" in result.output
    assert stats(run)["spans"] == 1


def test_the_report_lists_what_was_not_represented_and_strict_refuses_it(run):
    folder = str(SAMPLES / "brat")
    strict = run("import", "--format", "brat", "--create-labels", "--strict", folder)
    assert strict.exit_code == 1 and "Traceback" not in strict.output
    assert "brat # notes on relations: 1" in strict.output
    assert stats(run)["documents"] == 0
    result = run("import", "--format", "brat", "--create-labels", folder)
    assert result.exit_code == 0, result.output
    assert "read: 1 document, 14 spans, 8 relations, 2 attributes" in result.output
    assert "not represented: brat # notes on relations: 1" in result.output


def test_every_unknown_label_is_named_in_one_line(run):
    result = run("import", "--format", "brat", str(SAMPLES / "brat"))
    assert result.exit_code == 1
    [line] = [line for line in result.output.splitlines() if "unknown label" in line]
    for name in ("'GPE'", "'Organization'", "'Merge-org'", "'Person'", "--create-labels"):
        assert name in line


def test_discontinuous_option(run):
    folder = str(SAMPLES / "brat_discontinuous")
    result = run("import", "--format", "brat", "--create-labels", folder)
    assert result.exit_code == 0, result.output
    assert "2 discontinuous brat spans read as one span per fragment" in result.output
    assert stats(run)["spans"] == 4
    covered = run("import", "--discontinuous", "cover", "--format", "brat", folder)
    assert covered.exit_code == 0, covered.output
    assert "2 discontinuous brat spans read as the span covering" in covered.output
