"""Export never overwrites an existing file unless asked (--force), and never half-writes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core.fileio import OutputExistsError, atomic_write
from belannot.core.formats.jsonl import export_jsonl
from belannot.core.importer import import_files

PRECIOUS = b"someone's earlier export\n"


@pytest.fixture
def project(store, alice, corpus_copy):
    import_files(store, [corpus_copy], user=alice)
    return store


@pytest.fixture
def existing(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_bytes(PRECIOUS)
    return path


def test_atomic_write_refuses_an_existing_file(existing):
    with pytest.raises(OutputExistsError, match="--force"), atomic_write(existing) as out:
        out.write(b"new")
    assert existing.read_bytes() == PRECIOUS


def test_atomic_write_overwrites_only_when_asked(existing):
    with atomic_write(existing, overwrite=True) as out:
        out.write(b"new")
    assert existing.read_bytes() == b"new"


def test_a_failure_while_writing_keeps_the_old_file_and_leaves_no_temporary(existing):
    with pytest.raises(RuntimeError), atomic_write(existing, overwrite=True) as out:
        out.write(b"half of the new")
        raise RuntimeError("disk full")
    assert existing.read_bytes() == PRECIOUS
    assert sorted(p.name for p in existing.parent.iterdir()) == ["out.jsonl"]


def test_export_jsonl_refuses_before_reading_the_project(project, existing):
    with pytest.raises(OutputExistsError):
        export_jsonl(project, existing)
    assert existing.read_bytes() == PRECIOUS
    report = export_jsonl(project, existing, overwrite=True)
    assert report.documents == 5 and existing.read_bytes() != PRECIOUS


def test_cli_export_needs_force_to_overwrite(project, existing):
    path = str(project.path)
    project.close()
    refused = CliRunner().invoke(cli, ["--db", path, "export", "-o", str(existing)])
    assert refused.exit_code == 1
    assert "exists; use --force" in refused.output and "Traceback" not in refused.output
    assert existing.read_bytes() == PRECIOUS
    forced = CliRunner().invoke(cli, ["--db", path, "export", "-o", str(existing), "--force"])
    assert forced.exit_code == 0, forced.output
    assert existing.read_bytes().count(b"\n") == 5


def test_cli_export_into_a_new_folder(project, tmp_path):
    path = str(project.path)
    project.close()
    target = tmp_path / "new" / "folder" / "out.jsonl"
    result = CliRunner().invoke(cli, ["--db", path, "export", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().count(b"\n") == 5
