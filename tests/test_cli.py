"""The terminal face: every foundation command through click's CliRunner."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner

from belannot import __version__
from belannot.cli import cli
from belannot.core.project import default_project_path


@pytest.fixture
def run(tmp_path):
    runner = CliRunner()
    db = tmp_path / "p.belannot"

    def invoke(*args, user="alice", input=None):
        return runner.invoke(cli, ["--db", str(db), "--user", user, *args], input=input)

    return invoke


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_import_corpus_then_stats_json(run, corpus_copy):
    result = run("import", str(corpus_copy))
    assert result.exit_code == 0, result.output
    assert "5 documents added" in result.output
    stats = orjson.loads(run("stats", "--json").output)
    assert stats["documents"] == 5
    assert stats["spans"] == 0
    assert stats["labels"] == {"actor": 0, "event": 0, "prediction": 0, "quote": 0}
    again = run("import", str(corpus_copy))
    assert "0 documents added, 5 already present" in again.output


def test_export_round_trip_through_the_cli(run, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "d1", "text": "Putin met Lukashenko.", '
        '"spans": [{"start": 0, "end": 5, "label": "actor", "status": "approved"},'
        ' {"start": 6, "end": 9, "label": "event"}]}\n'
    )
    assert run("import", str(source)).exit_code == 0
    out = tmp_path / "out.jsonl"
    # d1 still has a pending span (not reviewed): --documents all takes it anyway.
    result = run(
        "export", "--format", "jsonl", "-o", str(out), "--approved-only", "--documents", "all"
    )
    assert result.exit_code == 0, result.output
    record = orjson.loads(out.read_bytes())
    assert [(s["text"], s["annotator"]) for s in record["spans"]] == [("Putin", "alice")]
    refused = run("export", "-o", str(out))
    assert refused.exit_code == 1 and "--force" in refused.output
    assert run("export", "-o", str(out), "--force", "--label", "event").exit_code == 0
    assert [s["text"] for s in orjson.loads(out.read_bytes())["spans"]] == ["met"]


def test_bad_file_is_a_message_not_a_traceback(run, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "abc", "spans": [{"start": 0, "end": 7, "label": "actor"}]}\n')
    result = run("import", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:1: spans[0]: end 7 is past the end" in result.output
    assert "Traceback" not in result.output
    assert orjson.loads(run("stats", "--json").output)["documents"] == 0


def test_users_and_roles(run):
    assert run("users", "add", "rita", "--role", "reviewer").exit_code == 0
    listed = run("users", "list").output.splitlines()
    assert "rita\treviewer" in listed
    invalid = run("users", "add", " ")
    assert invalid.exit_code == 1 and "user name" in invalid.output


def test_labels_list_shows_hotkeys_in_schema_order(run):
    lines = run("labels", "list").output.splitlines()
    assert [line.split("\t")[:2] for line in lines] == [
        ["1", "actor"],
        ["2", "event"],
        ["3", "prediction"],
        ["4", "quote"],
    ]


def test_default_project_is_seeded_with_the_corpus(monkeypatch):
    result = CliRunner().invoke(cli, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    assert orjson.loads(result.output)["documents"] == 5
    assert default_project_path().exists()


def test_environment_names_project_and_user(tmp_path, monkeypatch, corpus_copy):
    monkeypatch.setenv("BELANNOT_DB", str(tmp_path / "env.belannot"))
    monkeypatch.setenv("BELANNOT_USER", "zoe")
    assert CliRunner().invoke(cli, ["import", str(corpus_copy)]).exit_code == 0
    assert "zoe\tannotator" in CliRunner().invoke(cli, ["users", "list"]).output


def test_a_non_project_file_is_refused_cleanly(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database")
    result = CliRunner().invoke(cli, ["--db", str(path), "stats"])
    assert result.exit_code == 1
    assert "not a belannot project" in result.output
    assert path.read_text() == "not a database"


def test_python_dash_m_runs_the_cli():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "belannot", "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and __version__ in result.stdout


@pytest.fixture
def three_documents(run, tmp_path):
    """One reviewed document, one with a pending span, one nobody annotated."""
    source = tmp_path / "three.jsonl"
    source.write_text(
        '{"id": "gold", "text": "Putin met Lukashenko.", "spans": [{"start": 0, "end": 5, '
        '"label": "actor", "status": "approved"}]}\n'
        '{"id": "open", "text": "Xi met Putin.", "spans": [{"start": 0, "end": 2, '
        '"label": "actor"}], "done": false}\n'
        '{"id": "bare", "text": "Nothing here."}\n'
    )
    assert run("import", str(source)).exit_code == 0


def test_an_approved_only_export_takes_the_reviewed_documents(run, tmp_path, three_documents):
    out = tmp_path / "gold.conll"
    result = run("export", "--format", "conll", "-o", str(out), "--approved-only")
    assert result.exit_code == 0, result.output
    assert "2 documents left out: not reviewed" in result.output
    assert "Nothing" not in out.read_text() and "Xi" not in out.read_text()


@pytest.mark.parametrize(
    ("args", "ids", "said"),
    [
        ([], ["gold", "open", "bare"], None),
        (["--documents", "done"], ["gold"], "2 documents left out: not done"),
        (["--approved-only", "--documents", "all"], ["gold", "open", "bare"], None),
        (["--documents", "reviewed"], ["gold"], "2 documents left out: not reviewed"),
    ],
)
def test_export_documents_option(run, tmp_path, three_documents, args, ids, said):
    out = tmp_path / "out.jsonl"
    result = run("export", "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    assert [orjson.loads(line)["id"] for line in out.read_bytes().splitlines()] == ids
    assert (said in result.output) if said else ("left out" not in result.output)


def test_a_folder_import_skips_pictures_and_says_so(run, corpus_copy):
    (corpus_copy / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    result = run("import", str(corpus_copy))
    assert result.exit_code == 0, result.output
    assert "5 documents added" in result.output
    assert f"skipped {corpus_copy / 'photo.png'}: not text" in result.output


def test_a_picture_named_on_its_own_is_still_refused(run, tmp_path):
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    result = run("import", str(picture))
    assert result.exit_code == 1 and "binary" in result.output


def test_a_wrong_encoding_names_the_option(run, tmp_path):
    article = tmp_path / "a.txt"
    article.write_bytes("Лукашенко".encode("cp1251"))
    result = run("import", str(article))
    assert result.exit_code == 1 and "--encoding" in result.output
    assert run("import", "--encoding", "cp1251", str(article)).exit_code == 0
