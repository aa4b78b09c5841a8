"""Writing an export, a label schema or a backup to a full disk or a read-only folder: one
plain sentence, no traceback, nothing left behind (real tmpfs mounts)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core.formats.registry import EXPORT_FORMATS
from tests.core.formats_fixtures import filled_project
from tests.fs_fixtures import entries

# Every registered format, and brat's second shape (a zip).
TARGETS = [(name, f"out{fmt.suffix}") for name, fmt in EXPORT_FORMATS.items()] + [
    ("brat", "out.zip")
]


@pytest.fixture
def project(tmp_path):
    return filled_project(tmp_path / "p.belannot")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def assert_one_plain_sentence(result, *words):
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output and "Errno" not in result.output, result.output
    message = result.output.strip()
    assert message.startswith("Error: ") and "\n" not in message, message
    for word in words:
        assert word in message, message


@pytest.mark.parametrize(("fmt", "name"), TARGETS)
def test_export_to_a_full_disk_says_so_and_leaves_nothing(project, full_disk, fmt, name):
    result = run("--db", project, "export", "--format", fmt, "-o", full_disk / name)
    assert_one_plain_sentence(result, "no space left", str(full_disk))
    assert entries(full_disk) == []


@pytest.mark.parametrize(("fmt", "name"), TARGETS)
def test_export_to_a_read_only_folder_says_so(project, read_only_folder, fmt, name):
    result = run("--db", project, "export", "--format", fmt, "-o", read_only_folder / name)
    assert_one_plain_sentence(result, "is read-only", "choose another folder")
    assert entries(read_only_folder) == []


def test_a_split_export_to_a_full_disk_leaves_no_split(project, full_disk):
    out = full_disk / "out.jsonl"
    result = run("--db", project, "export", "-o", out, "--split", "train=0.5,dev=0.5")
    assert_one_plain_sentence(result, "no space left")
    assert entries(full_disk) == []


@pytest.mark.parametrize("where", ["full_disk", "read_only_folder"])
def test_labels_export_and_backup_say_so(project, where, request):
    folder = request.getfixturevalue(where)
    expected = "no space left" if where == "full_disk" else "is read-only"
    for command in (["labels", "export"], ["backup"]):
        result = run("--db", project, *command, folder / "out.json")
        assert_one_plain_sentence(result, expected)
        assert entries(folder) == []
