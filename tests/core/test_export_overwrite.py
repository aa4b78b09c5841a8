"""Export never overwrites an existing file unless asked (--force), and never half-writes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core.fileio import OutputExistsError, atomic_write, scratch_prefix
from belannot.core.formats.jsonl import export_jsonl
from belannot.core.importing.pipeline import import_files

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


def a_finished_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)


@pytest.mark.skipif(os.name != "posix", reason="process liveness is checked the POSIX way")
def test_scratch_left_by_a_killed_process_is_cleared_by_the_next_write(existing, tmp_path):
    mine = scratch_prefix(existing)  # ".out.jsonl.HOST-PID."
    host = mine[len(".out.jsonl.") :].rsplit("-", 1)[0]
    dead = f".out.jsonl.{host}-{a_finished_pid()}."
    (tmp_path / f"{dead}ab12cd.part").write_bytes(b"half an export")
    (tmp_path / f"{dead}ef34gh.cache").mkdir()
    kept = [
        f"{mine}ij56kl.part",  # this process: still writing
        f"{dead}mn78op.old",  # a previous output moved aside: never thrown away
        ".out.jsonl.other-machine-1.qr90st.part",  # another machine's process
        ".out.jsonl.uv12wx.part",  # named by an older version
    ]
    for name in kept:
        (tmp_path / name).write_bytes(b"x")
    with atomic_write(existing, overwrite=True) as out:
        out.write(b"new")
    assert existing.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*kept, "out.jsonl"])


def test_export_jsonl_refuses_before_reading_the_project(project, existing):
    with pytest.raises(OutputExistsError):
        export_jsonl(project, existing)
    assert existing.read_bytes() == PRECIOUS
    report = export_jsonl(project, existing, overwrite=True)
    assert report.documents == 5 and existing.read_bytes() != PRECIOUS


@pytest.mark.file_project
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


@pytest.mark.file_project
def test_cli_export_into_a_new_folder(project, tmp_path):
    path = str(project.path)
    project.close()
    target = tmp_path / "new" / "folder" / "out.jsonl"
    result = CliRunner().invoke(cli, ["--db", path, "export", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().count(b"\n") == 5
