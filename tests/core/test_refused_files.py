"""Each reason a project does not open has its own error, and only a damaged file calls
for a backup; a refused file is left exactly as it was, with nothing new beside it."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import subprocess
from pathlib import Path

import pytest

from belannot.core import backup, restoring
from belannot.core.errors import (
    DamagedProjectError,
    NewerProjectError,
    ProjectFileError,
    StorageError,
)
from belannot.core.store import Store
from tests.core.spoiled_projects import make_project, newer_schema, truncated_half
from tests.store_helpers import integrity_check


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` with its bytes (none of them is a live project)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@contextlib.contextmanager
def mounted_disk(folder: Path, size: str):
    """A small filesystem of its own at ``folder`` (tmpfs); skips where mounting is impossible."""
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a filesystem here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def fill(folder: Path) -> None:
    """Write into ``folder`` until its disk has no room left."""
    with (folder / "filler").open("wb") as filler:
        with contextlib.suppress(OSError):
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        with contextlib.suppress(OSError):
            os.fsync(filler.fileno())
    with pytest.raises(OSError) as caught, (folder / "probe").open("wb") as probe:
        probe.write(b"\0" * 65536)
        probe.flush()
    assert caught.value.errno == errno.ENOSPC


def make_read_only(path: Path) -> None:
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)


REFUSED = [
    (truncated_half, DamagedProjectError, "cannot be read as a project"),
    (newer_schema, NewerProjectError, "Upgrade belannot"),
    (make_read_only, StorageError, "read-only"),
]


@pytest.mark.parametrize(
    ("spoil", "kind", "words"), REFUSED, ids=["truncate", "make_newer", "make_read_only"]
)
def test_a_refused_file_gets_its_own_error_and_nothing_new_on_disk(
    spoil, kind, words, tmp_path, alice, corpus_copy
):
    folder = tmp_path / "projects"
    folder.mkdir()
    path = make_project(folder / "work.belannot", alice, corpus_copy)
    spoil(path)
    before = snapshot(folder)
    try:
        with pytest.raises(kind, match=words):
            Store.open(path)
        # Refused twice, as a window and a terminal would: still nothing new.
        with pytest.raises(kind):
            Store.open(path)
        assert snapshot(folder) == before
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_only_damage_is_a_damaged_project_error():
    assert not issubclass(StorageError, ProjectFileError)
    assert not issubclass(NewerProjectError, DamagedProjectError)
    assert issubclass(DamagedProjectError, ProjectFileError)


def test_a_project_on_a_read_only_disk_says_so(tmp_path, alice, corpus_copy):
    with mounted_disk(tmp_path / "disk", "8m") as disk:
        path = make_project(disk / "work.belannot", alice, corpus_copy)
        remount_read_only(disk)
        before = snapshot(disk)
        with pytest.raises(StorageError, match="read-only") as caught:
            Store.open(path)
        assert not isinstance(caught.value, ProjectFileError)
        assert "mounted read-only" in str(caught.value)
        assert snapshot(disk) == before


def test_a_project_on_a_full_disk_says_no_space(tmp_path, alice, corpus_copy):
    with mounted_disk(tmp_path / "disk", "4m") as disk:
        path = make_project(disk / "work.belannot", alice, corpus_copy)
        expected = make_project(tmp_path / "copy.belannot", alice, corpus_copy)
        fill(disk)
        with pytest.raises(StorageError, match="no space left") as caught:
            Store.open(path)
        assert not isinstance(caught.value, ProjectFileError)
        assert "cannot be read" not in str(caught.value)
        (disk / "filler").unlink()
        (disk / "probe").unlink(missing_ok=True)
        store = Store.open(path)
        assert store.document_count() == Store.contents(expected).documents == 5
        assert integrity_check(store) == "ok"
        store.close()


def test_restore_over_a_newer_project_is_refused_and_changes_nothing(tmp_path, alice, corpus_copy):
    path = make_project(tmp_path / "work.belannot", alice, corpus_copy)
    store = Store.open(path)
    saved = backup.backup_project(store)
    store.close()
    newer_schema(path)
    before = snapshot(tmp_path)
    with pytest.raises(ProjectFileError, match="not damaged"):
        restoring.restore(path, saved)
    assert snapshot(tmp_path) == before
