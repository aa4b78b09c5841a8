"""`belannot export --format F` and `belannot import --format F` from the terminal."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core.store import open_store
from tests.core.cli_fixtures import cli_project as cli_project  # noqa: F401 (the fixture)
from tests.core.cli_fixtures import user_option
from tests.core.formats_fixtures import TEXTS, fill


@pytest.fixture
def make_project(cli_project):
    """The filled project's --db argument, on the run's backend."""
    return lambda: cli_project(fill)[1]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_export_every_format_and_split(make_project, tmp_path):
    db = make_project()
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


def test_export_filters_by_status_and_refuses_overwrite(make_project, tmp_path):
    db = make_project()
    out = tmp_path / "o.jsonl"
    result = run("--db", db, "export", "--format", "doccano", "-o", out, "--status", "rejected")
    assert result.exit_code == 0, result.output
    labels = [orjson.loads(line)["label"] for line in out.read_bytes().splitlines()]
    assert sum(len(x) for x in labels) == 1
    again = run("--db", db, "export", "--format", "doccano", "-o", out)
    assert again.exit_code == 1 and "use --force" in again.output
    assert run("--db", db, "export", "--format", "doccano", "-o", out, "--force").exit_code == 0


def test_bad_split_is_a_clear_error(make_project, tmp_path):
    db = make_project()
    result = run("--db", db, "export", "-o", tmp_path / "x.jsonl", "--split", "train=0.8,dev=0.1")
    assert result.exit_code == 1
    assert "add up to 0.9" in result.output


def test_import_with_format_and_annotator(make_project, cli_project, tmp_path):
    db = make_project()
    out = tmp_path / "o.json"
    assert run("--db", db, "export", "--format", "label-studio", "-o", out).exit_code == 0
    target, fresh = cli_project()
    lead = user_option(target, "lead")
    result = run("--db", fresh, *lead, "import", "--format", "label-studio", out)
    assert result.exit_code == 0, result.output
    assert f"{len(TEXTS)} documents added" in result.output
    brat = tmp_path / "b"
    assert run("--db", db, "export", "--format", "brat", "-o", brat).exit_code == 0
    other = cli_project()[1]
    result = run("--db", other, "import", "--format", "brat", "--as-annotator", "dana", brat)
    assert result.exit_code == 0, result.output
    store = open_store(other)
    assert set(store.stats()["annotators"]) == {"dana"}
    store.close()
