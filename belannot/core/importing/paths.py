"""Which files an import reads: folders expanded, special and project files left alone."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from belannot.core.errors import InputError
from belannot.core.formats.brat import is_brat
from belannot.core.formats.decoding import SNIFF_BYTES, is_wide
from belannot.core.formats.registry import claimed_suffixes
from belannot.core.formats.text import METADATA_FILE
from belannot.core.store import Store

# What SQLite keeps beside a project file ("" is the file itself).
_PROJECT_LOGS = ("", "-wal", "-shm", "-journal")
_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def read_paths(paths: Iterable[Path]) -> list[Path]:
    """Expand folders to their regular files (sorted, hidden ones skipped); keep files as
    given. FIFOs, sockets and devices in a folder are left out (see :func:`special_files`)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            files.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                # A symlink inside the folder must not pull in a file from outside it.
                and p.resolve().is_relative_to(root)
            )
        elif path.exists():
            files.append(path)
        else:
            raise InputError("no such file or folder", path=path)
    return files


def special_files(folder: Path) -> list[Path]:
    """What :func:`read_paths` leaves out of ``folder`` for not being a regular file or a
    folder (FIFOs, sockets, devices, or links to them); hidden ones are not listed."""
    return [
        p
        for p in sorted(folder.rglob("*"))
        if not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.exists()
        and not p.is_file()
        and not p.is_dir()
    ]


def check_regular(path: Path) -> None:
    """Refuse a FIFO, socket or device named directly: reading one can wait forever."""
    if path.is_dir() or path.is_file():
        return
    mode = path.stat().st_mode
    kind = next((name for test, name in _SPECIAL_KINDS if test(mode)), "not a file")
    raise InputError(f"not a regular file ({kind}); only regular files are imported", path=path)


def _not_text(path: Path, suffixes: set[str]) -> bool:
    """A file of no format belannot reads that holds NUL bytes (UTF-16/32 text starts
    with a byte order mark, and is left to the reader)."""
    if path.suffix.lower() in suffixes:
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return False  # the reader says what is wrong with it
    return b"\x00" in head and not is_wide(head)


def expand(
    paths: Sequence[Path | str],
    fmt: str,
    skipped: list[tuple[Path, str]] | None = None,
    leave_out: Callable[[Path], bool] = lambda path: False,
) -> list[Path]:
    """Folders become their files, except brat folders, which the brat reader walks itself.
    What a folder holds that is not a regular file, or not text, is added to ``skipped``;
    what ``leave_out`` names is dropped before anything reads it."""
    whole: list[Path] = []
    loose: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError("no such file or folder", path=path)
        check_regular(path)
        if path.is_dir() and skipped is not None:
            skipped.extend((p, "not a regular file") for p in special_files(path))
        if path.is_dir() and (fmt == "brat" or (fmt == "auto" and is_brat(path))):
            whole.append(path)
        else:
            loose.append(path)
    files = [
        path
        for path in read_paths(loose)
        if path.name != METADATA_FILE
        and not path.name.endswith((".part", "~"))
        and not leave_out(path)
    ]
    if skipped is not None and fmt in ("auto", "txt"):
        # A picture or a PDF in a folder is left alone and reported; named on its own,
        # the reader refuses it.
        named = {Path(raw) for raw in loose if not Path(raw).is_dir()}
        suffixes = claimed_suffixes()
        binary = [p for p in files if p not in named and _not_text(p, suffixes)]
        skipped.extend((path, "not text") for path in binary)
        files = [p for p in files if p not in binary]
    if fmt == "brat" or fmt == "auto":
        # A loose .txt beside its .ann belongs to the brat reader, not the text one.
        anns = {p.with_suffix("") for p in files if p.suffix == ".ann"}
        files = [p for p in files if not (p.suffix == ".txt" and p.with_suffix("") in anns)]
    return whole + files


def is_project_file(path: Path, store: Store) -> bool:
    """A project file or a log of one. Never opened here: closing a descriptor of a live
    project drops this process's SQLite locks on it (see DATA_SAFETY.md)."""
    names = [".belannot"]
    if store.path is not None and path.parent.resolve() == store.path.parent.resolve():
        names.append(store.path.name)
    return any(path.name.endswith(name + log) for name in names for log in _PROJECT_LOGS)
