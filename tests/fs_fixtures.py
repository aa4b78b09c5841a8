"""Real small, full and read-only filesystems for tests (tmpfs mounts, unmounted on teardown)."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


def _mount(*args: str) -> bool:
    if shutil.which("mount") is None:
        return False
    result = subprocess.run(["mount", *args], capture_output=True, check=False)
    return result.returncode == 0


def _umount(folder: Path) -> None:
    # Lazy: a test that failed may still hold a descriptor open inside it.
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@contextlib.contextmanager
def tmpfs(size: str = "256k", *, read_only: bool = False) -> Iterator[Path]:
    """A freshly mounted tmpfs of ``size``; skips the test where mounting is impossible."""
    folder = Path(tempfile.mkdtemp(prefix="belannot-fs-"))
    options = f"size={size},mode=0777" + (",ro" if read_only else "")
    if not _mount("-t", "tmpfs", "-o", options, "tmpfs", str(folder)):
        folder.rmdir()
        pytest.skip("cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)")
    try:
        yield folder
    finally:
        _umount(folder)
        with contextlib.suppress(OSError):
            folder.rmdir()


def fill(folder: Path) -> None:
    """Fill the filesystem holding ``folder`` until not one more byte fits."""
    with open(folder / "ballast", "wb", buffering=0) as out:
        for size in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    out.write(b"\0" * size)


@contextlib.contextmanager
def read_only_bind(source: Path) -> Iterator[Path]:
    """``source`` seen read-only through a bind mount (mode bits do not stop root)."""
    folder = Path(tempfile.mkdtemp(prefix="belannot-ro-"))
    if not _mount("--bind", str(source), str(folder)):
        folder.rmdir()
        pytest.skip("cannot bind-mount here (needs root or CAP_SYS_ADMIN)")
    try:
        if not _mount("-o", "remount,bind,ro", str(folder)):
            pytest.skip("cannot remount a bind mount read-only here")
        yield folder
    finally:
        _umount(folder)
        with contextlib.suppress(OSError):
            folder.rmdir()


@contextlib.contextmanager
def read_only_view(folder: Path) -> Iterator[Path]:
    """``folder`` as a program may not write it: a read-only bind mount for root (mode
    bits do not stop root), the write bits taken away for anyone else."""
    if os.geteuid() == 0:
        with read_only_bind(folder) as view:
            yield view
        return
    mode = folder.stat().st_mode
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        yield folder
    finally:
        folder.chmod(mode)


@pytest.fixture
def full_disk() -> Iterator[Path]:
    """A folder on a tmpfs with no space left (only names that need no new blocks fit)."""
    with tmpfs("256k") as folder:
        out = folder / "out"
        out.mkdir()
        fill(folder)
        yield out


@pytest.fixture
def read_only_folder() -> Iterator[Path]:
    """An empty folder on a filesystem mounted read-only."""
    with tmpfs("64k", read_only=True) as folder:
        yield folder


def entries(folder: Path) -> list[str]:
    """Every name under ``folder``, hidden ones too, sorted (what a failed write left)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
