"""Exported files and folders get the permissions the user's umask gives new files."""

from __future__ import annotations

import os
import stat

import pytest

from belannot.core.fileio import atomic_write
from belannot.core.formats.exporting import atomic_folder

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


@pytest.fixture(params=[0o022, 0o027, 0o077])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def test_a_written_file_follows_the_umask(tmp_path, umask):
    path = tmp_path / "out.jsonl"
    with atomic_write(path) as handle:
        handle.write(b"{}\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_a_replaced_file_follows_the_umask_too(tmp_path, umask):
    path = tmp_path / "out.jsonl"
    path.write_bytes(b"old")
    os.chmod(path, 0o600)
    with atomic_write(path, overwrite=True) as handle:
        handle.write(b"new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_a_written_folder_follows_the_umask(tmp_path, umask):
    path = tmp_path / "dataset"
    with atomic_folder(path) as folder:
        (folder / "a.txt").write_text("a")
    assert stat.S_IMODE(path.stat().st_mode) == 0o777 & ~umask
