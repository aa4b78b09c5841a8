"""Writing files so that a crash never leaves a truncated one under the final name."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from belannot.core.errors import BelannotError, InputError

WRITE_BUFFER_BYTES = 1 << 20


class OutputExistsError(BelannotError):
    """The output file exists and overwriting was not asked for."""


@contextlib.contextmanager
def atomic_write(path: Path | str, *, overwrite: bool = False) -> Iterator[BinaryIO]:
    """Write to a temporary file beside ``path`` and rename it into place on success."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise OutputExistsError(f"{path} exists; use --force to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed on success
        mode="wb",
        # Exports write a line per document: a 1 MB buffer makes 300 MB 300 system calls.
        buffering=WRITE_BUFFER_BYTES,
        dir=path.parent,
        prefix=f".{path.name}.",
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
