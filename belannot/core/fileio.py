"""Writing files so that a crash never leaves a truncated one under the final name."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import re
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from belannot.core.errors import BelannotError, InputError

WRITE_BUFFER_BYTES = 1 << 20
# Scratch files and folders beside an output are named ".NAME.HOST-PID.RANDOM.KIND", so
# that one left by a killed process can be told from one still being written.
_HOST = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname()) or "host"
# The kinds a later run may clear; ".old" (a previous output moved aside) is never cleared.
_CLEARABLE = (".part", ".cache")


class OutputExistsError(BelannotError):
    """The output file exists and overwriting was not asked for."""


class OutputStorageError(BelannotError):
    """An output (export, label schema, backup) could not be written: the disk is full or
    the folder is read-only. Nothing was left behind."""


_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
# Libraries that write for us (pyarrow, spaCy) may lose errno and keep only the text.
_NO_SPACE_TEXT = ("No space left on device", "Disk quota exceeded")
_READ_ONLY_TEXT = ("Read-only file system", "Permission denied")


def output_error(error: OSError, path: Path | str) -> BelannotError | None:
    """One plain sentence for a full disk, a read-only folder or another refused write of
    ``path``; None for an OSError that carries no system error."""
    folder = Path(path).parent
    text = str(error)
    if error.errno in _NO_SPACE or any(t in text for t in _NO_SPACE_TEXT):
        return no_space_error(path)
    if error.errno == errno.EROFS or _READ_ONLY_TEXT[0] in text:
        return OutputStorageError(
            f"{folder} is read-only: choose another folder (nothing was written to {path})"
        )
    if error.errno in _READ_ONLY or _READ_ONLY_TEXT[1] in text:
        return OutputStorageError(
            f"{folder} cannot be written to (permission denied): choose another folder "
            f"(nothing was written to {path})"
        )
    if error.errno is not None:  # a write refused by the system, not a bug: say it plainly
        return OutputStorageError(f"{path} could not be written: {error.strerror or error}")
    return None


def no_space_error(path: Path | str) -> OutputStorageError:
    return OutputStorageError(
        f"no space left on the disk holding {Path(path).parent}: nothing was written to "
        f"{path}; free some space or choose another folder"
    )


@contextlib.contextmanager
def output_errors(path: Path | str) -> Iterator[None]:
    """Turn a full disk or read-only folder met while writing ``path`` into that sentence."""
    try:
        yield
    except OSError as error:
        translated = output_error(error, path)
        if translated is None:
            raise
        raise translated from error


def scratch_prefix(path: Path) -> str:
    """The name prefix of this process's temporary siblings of ``path``."""
    return f".{path.name}.{_HOST}-{os.getpid()}."


def clear_stale_scratch(path: Path) -> int:
    """Remove the temporary siblings of ``path`` that a process of this machine left when
    it was killed (an export or a backup cut short). Returns how many were removed.

    A process still running keeps its own; names of other machines and of older
    versions are left alone.
    """
    if os.name != "posix":  # os.kill(pid, 0) would end the process on Windows
        return 0
    prefix = f".{path.name}.{_HOST}-"
    removed = 0
    for entry in Path(path.parent).glob(glob.escape(prefix) + "*"):
        pid, dot, _ = entry.name[len(prefix) :].partition(".")
        if not dot or not pid.isdigit() or not entry.name.endswith(_CLEARABLE):
            continue
        if _running(int(pid)):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
        removed += 1
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


@contextlib.contextmanager
def atomic_write(path: Path | str, *, overwrite: bool = False) -> Iterator[BinaryIO]:
    """Write to a temporary file beside ``path`` and rename it into place on success.

    A full disk or a read-only folder raises :class:`OutputStorageError`, the file
    beside removed.
    """
    with output_errors(path), _atomic_write(path, overwrite=overwrite) as handle:
        yield handle


@contextlib.contextmanager
def _atomic_write(path: Path | str, *, overwrite: bool = False) -> Iterator[BinaryIO]:
    path = Path(path)
    if path.exists() and not overwrite:
        raise OutputExistsError(f"{path} exists; use --force to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    clear_stale_scratch(path)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed on success
        mode="wb",
        # Exports write a line per document: a 1 MB buffer makes 300 MB 300 system calls.
        buffering=WRITE_BUFFER_BYTES,
        dir=path.parent,
        prefix=scratch_prefix(path),
        suffix=".part",
        delete=False,
    )
    try:
        with handle:
            yield handle  # type: ignore[misc]  # a BinaryIO in all but name
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(handle.name)
        raise


def safe_member_path(root: Path | str, name: str, *, archive: Path | str | None = None) -> Path:
    """Where an archive member called ``name`` goes under ``root``; refuses to leave it.

    For importers that unpack archives or follow names found in files (brat, zips):
    absolute names, ``..`` and symlinks that lead outside ``root`` are refused.
    """
    base = Path(root).resolve()
    relative = Path(name.replace("\\", "/"))
    target = (base / relative).resolve()
    if relative.is_absolute() or not target.is_relative_to(base) or target == base:
        raise InputError(
            f"member {name!r} points outside the folder it is unpacked into",
            path=archive if archive is not None else root,
        )
    return target
