"""Import files of any known format into a project, in one transaction."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from belannot.core.errors import InputError
from belannot.core.formats import (
    CancelFn,
    DocumentRecord,
    ImportReport,
    ProgressFn,
    import_records,
    read_paths,
)
from belannot.core.formats.jsonl import read_jsonl
from belannot.core.formats.text import METADATA_FILE, read_text_files
from belannot.core.model import User
from belannot.core.store import Store

FORMATS = ("auto", "txt", "jsonl")
_EXTENSIONS = {".txt": "txt", ".text": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def detect_format(path: Path) -> str:
    """The format of ``path`` by its extension, else by its first bytes."""
    by_extension = _EXTENSIONS.get(path.suffix.lower())
    if by_extension:
        return by_extension
    with path.open("rb") as handle:
        head = handle.read(1024).lstrip(b"\xef\xbb\xbf").lstrip()
    return "jsonl" if head.startswith(b"{") else "txt"


def iter_records(
    files: Sequence[Path],
    fmt: str = "auto",
    *,
    encoding: str = "utf-8",
    progress: ProgressFn | None = None,
) -> Iterator[DocumentRecord]:
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    text_files: list[Path] = []
    for number, path in enumerate(files, start=1):
        kind = detect_format(path) if fmt == "auto" else fmt
        if kind == "jsonl":
            yield from read_jsonl(path)
        else:
            text_files.append(path)
        if progress is not None:
            progress(number, len(files))
    yield from read_text_files(text_files, encoding=encoding)


def import_files(
    store: Store,
    paths: Sequence[Path | str],
    *,
    user: User,
    fmt: str = "auto",
    as_annotator: str | None = None,
    encoding: str = "utf-8",
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ImportReport:
    """Import files and folders (recursively); all of them, or on error none."""
    files = [
        path
        for path in read_paths(Path(p) for p in paths)
        if path.name != METADATA_FILE and not path.name.endswith((".part", "~"))
    ]
    if not files:
        raise InputError("no files to import", path=", ".join(str(p) for p in paths))
    report = import_records(
        store,
        iter_records(files, fmt, encoding=encoding, progress=progress),
        user=user,
        as_annotator=as_annotator,
        cancel=cancel,
    )
    report.files = len(files)
    return report
