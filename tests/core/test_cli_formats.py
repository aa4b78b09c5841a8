"""`belannot export --format F` and `belannot import --format F` from the terminal."""

from __future__ import annotations

import orjson
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core.store import Store
from tests.core.formats_fixtures import TEXTS, filled_project


def make_project(tmp_path):
    return filled_project(tmp_path / "p.belannot")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_export_every_format_and_split(tmp_path):
    db = make_project(tmp_path)
    result = run(
        "--db",
        db,
        "export",
        "--format",
        "conll",
        "-o",
        tmp_path / "o.conll",
        "--split",
        "train=0.5,dev=0.5",
        "--seed",
        "3",
        "--conll-overlap",
        "first",
    )
    assert result.exit_code == 0, result.output
    assert "train: wrote" in result.output and "dev: wrote" in result.output
    assert "overlapping spans dropped" in result.output
    assert (tmp_path / "o.train.conll").exists() and (tmp_path / "o.dev.conll").exists()


def test_export_filters_by_status_and_refuses_overwrite(tmp_path):
    db = make_project(tmp_path)
    out = tmp_path / "o.jsonl"
    result = run("--db", db, "export", "--format", "doccano", "-o", out, "--status", "rejected")
    assert result.exit_code == 0, result.output
    labels = [orjson.loads(line)["label"] for line in out.read_bytes().splitlines()]
    assert sum(len(x) for x in labels) == 1
    again = run("--db", db, "export", "--format", "doccano", "-o", out)
    assert again.exit_code == 1 and "use --force" in again.output
    assert run("--db", db, "export", "--format", "doccano", "-o", out, "--force").exit_code == 0


def test_bad_split_is_a_clear_error(tmp_path):
    db = make_project(tmp_path)
    result = run("--db", db, "export", "-o", tmp_path / "x.jsonl", "--split", "train=0.8,dev=0.1")
    assert result.exit_code == 1
    assert "add up to 0.9" in result.output


def test_import_with_format_and_annotator(tmp_path):
    db = make_project(tmp_path)
    out = tmp_path / "o.json"
    assert run("--db", db, "export", "--format", "label-studio", "-o", out).exit_code == 0
    fresh = tmp_path / "fresh.belannot"
    result = run("--db", fresh, "--user", "lead", "import", "--format", "label-studio", out)
    assert result.exit_code == 0, result.output
    assert f"{len(TEXTS)} documents added" in result.output
    brat = tmp_path / "b"
    assert run("--db", db, "export", "--format", "brat", "-o", brat).exit_code == 0
    other = tmp_path / "other.belannot"
    result = run("--db", other, "import", "--format", "brat", "--as-annotator", "dana", brat)
    assert result.exit_code == 0, result.output
    store = Store.open(other)
    assert set(store.stats()["annotators"]) == {"dana"}
    store.close()
