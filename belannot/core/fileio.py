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
    return _clear_dead_scratch(Path(path).parent, name=Path(path).name)


def clear_stale_scratch_in(folder: Path) -> int:
    """Remove every scratch file a dead process of this machine left in ``folder``,
    whatever output it was for (backups are named by the time they were taken), with
    the -journal, -wal and -shm SQLite kept beside a scratch copy."""
    return _clear_dead_scratch(Path(folder), name=None)


def _scratch_pattern(name: str | None) -> re.Pattern[str]:
    output = re.escape(name) if name is not None else ".+"
    kinds = "|".join(re.escape(kind[1:]) for kind in _CLEARABLE)
    return re.compile(
        rf"\.{output}\.{re.escape(_HOST)}-(?P<pid>\d+)\.[^.]+\.(?:{kinds})"
        r"(?:-journal|-wal|-shm)?"
    )


def _clear_dead_scratch(folder: Path, *, name: str | None) -> int:
    if os.name != "posix":  # os.kill(pid, 0) would end the process on Windows
        return 0
    pattern = _scratch_pattern(name)
    prefix = f".{name}.{_HOST}-" if name is not None else "."
    removed = 0
    try:
        entries = list(folder.glob(glob.escape(prefix) + "*"))
    except OSError:
        return 0
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None or _running(int(match["pid"])):
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


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows (threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o077)  # elsewhere: set and restore; a strict moment is harmless
    os.umask(mask)
    return mask


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
        # NamedTemporaryFile makes 0600 files: give the output the mode open() would.
        os.chmod(handle.name, 0o666 & ~current_umask())
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


def sync_file(path: Path | str) -> None:
    """Flush ``path`` to the disk. Only for a file no SQLite connection of this process
    holds (a scratch copy): closing this descriptor drops the process's locks on it."""
    with open(path, "rb") as written:
        os.fsync(written.fileno())


def held_by_this_process(path: Path | str) -> bool:
    """Whether a descriptor of this process is open on the file at ``path``."""
    try:
        wanted = os.stat(path)
    except FileNotFoundError:
        return False
    for folder in ("/proc/self/fd", "/dev/fd"):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            try:
                found = os.fstat(int(name))
            except (OSError, ValueError):
                continue
            if (found.st_dev, found.st_ino) == (wanted.st_dev, wanted.st_ino):
                return True
        return False
    return False


def scratch_beside(target: Path) -> str:
    """A new empty scratch file beside ``target``, to be renamed onto it when complete;
    the stale scratch files of earlier, killed runs are cleared first."""
    target.parent.mkdir(parents=True, exist_ok=True)
    clear_stale_scratch(target)
    handle, part = tempfile.mkstemp(
        dir=target.parent, prefix=scratch_prefix(target), suffix=".part"
    )
    os.close(handle)
    return part


def copy_unheld(source: Path, target: Path) -> None:
    """Copy ``source`` byte for byte to ``target`` (atomically), for a file SQLite cannot
    copy (a damaged project). Refused while this process has the file open: closing our
    descriptor would drop the locks of the connection holding it."""
    if held_by_this_process(source):
        raise BelannotError(f"{source} is open in this belannot; close it there and try again")
    part = scratch_beside(target)
    try:
        shutil.copyfile(source, part)
        sync_file(part)
        os.replace(part, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(part)
        raise
