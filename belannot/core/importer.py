"""Import files of any known format into a project, in one transaction."""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import orjson

from belannot.core.errors import InputError
from belannot.core.formats import (
    WARN_CHARS,
    CancelFn,
    DocumentRecord,
    ImportReport,
    ProgressFn,
    import_records,
    read_paths,
    special_files,
)
from belannot.core.formats.brat import is_brat
from belannot.core.formats.conll import looks_like_conll
from belannot.core.formats.decoding import (
    SNIFF_BYTES,
    check_encoding,
    is_wide,
    sniff_head,
    text_lines,
)
from belannot.core.formats.doccano import looks_like_doccano
from belannot.core.formats.label_studio import looks_like_label_studio
from belannot.core.formats.prodigy import looks_like_prodigy
from belannot.core.formats.registry import IMPORT_FORMATS, ReadOptions
from belannot.core.formats.text import METADATA_FILE, read_text_files
from belannot.core.formats.unpacking import UnpackLimits, parse_size
from belannot.core.model import User
from belannot.core.store import Store

__all__ = [
    "FORMATS",
    "WARN_CHARS",
    "UnpackLimits",
    "detect_format",
    "import_files",
    "iter_records",
    "parse_size",
]

FORMATS = ("auto", *IMPORT_FORMATS)
_EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".ann": "brat",
    ".zip": "brat",
    ".conll": "conll",
    ".conll2003": "conll",
    ".iob": "conll",
    ".iob2": "conll",
    ".bio": "conll",
}
# What SQLite keeps beside a project file ("" is the file itself).
_PROJECT_LOGS = ("", "-wal", "-shm", "-journal")
# belannot JSONL's own fields; doccano and Prodigy lines never carry these.
_BELANNOT_KEYS = ("states", "done")


def detect_format(path: Path) -> str:
    """The format of ``path``: by extension where it is unambiguous, else by its content."""
    if path.is_dir():
        return "brat" if is_brat(path) else "txt"
    by_extension = _EXTENSIONS.get(path.suffix.lower())
    if by_extension == "brat" and path.suffix.lower() == ".zip" and not is_brat(path):
        raise InputError("a zip without brat .ann files; unzip it first", path=path)
    if by_extension:
        return by_extension
    head = sniff_head(path)  # UTF-16 and UTF-32 (by their marks) come back as UTF-8
    stripped = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if stripped.startswith(b"["):
        if looks_like_label_studio(stripped):
            return "label-studio"
        first_line, _, rest = stripped.partition(b"\n")
        if rest.strip() and _parses(first_line):
            return "jsonl"  # JSON lines whose first line is a list: the reader says which line
        raise InputError("a JSON list, but not of Label Studio tasks (no 'data')", path=path)
    if stripped.startswith(b"{"):
        with path.open("rb") as handle:
            wide = is_wide(handle.read(4))
        if wide:
            line = next((line for _, line, _ in text_lines(path) if line.strip()), "")
            return _json_lines_kind(line.encode("utf-8"))
        with path.open("rb") as handle:
            first_line = b""
            while not first_line.strip():  # the first non-blank line, however long
                first_line = handle.readline()
                if not first_line:
                    break
        return _json_lines_kind(first_line.lstrip(b"\xef\xbb\xbf"))
    if zipfile.is_zipfile(path):
        return "brat"
    return "conll" if looks_like_conll(head.decode("utf-8", "replace")) else "txt"


def _parses(data: bytes) -> bool:
    try:
        orjson.loads(data)
    except orjson.JSONDecodeError:
        return False
    return True


def _json_lines_kind(first_line: bytes) -> str:
    try:
        first = orjson.loads(first_line)
    except orjson.JSONDecodeError:
        return "jsonl"  # the JSONL reader reports the line and the problem
    if not isinstance(first, dict) or any(key in first for key in _BELANNOT_KEYS):
        return "jsonl"
    if looks_like_prodigy(first):  # before doccano: a Prodigy task may carry "label" too
        return "prodigy"
    if looks_like_doccano(first):
        return "doccano"
    return "jsonl"


def iter_records(
    files: Sequence[Path],
    fmt: str = "auto",
    *,
    encoding: str = "utf-8",
    as_annotator: str | None = None,
    progress: ProgressFn | None = None,
    unpack_limits: UnpackLimits | None = None,
) -> Iterator[DocumentRecord]:
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    options = ReadOptions(
        encoding=encoding, as_annotator=as_annotator, limits=unpack_limits or UnpackLimits()
    )
    text_files: list[Path] = []
    for number, path in enumerate(files, start=1):
        kind = detect_format(path) if fmt == "auto" else fmt
        if kind == "txt":
            text_files.append(path)
        else:
            yield from IMPORT_FORMATS[kind].reader(path, options)
        if progress is not None:
            progress(number, len(files))
    yield from read_text_files(text_files, encoding=encoding)


_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _check_regular(path: Path) -> None:
    """Refuse a FIFO, socket or device named directly: reading one can wait forever."""
    if path.is_dir() or path.is_file():
        return
    mode = path.stat().st_mode
    kind = next((name for test, name in _SPECIAL_KINDS if test(mode)), "not a file")
    raise InputError(f"not a regular file ({kind}); only regular files are imported", path=path)


def _not_text(path: Path) -> bool:
    """A file of no format belannot reads that holds NUL bytes (UTF-16/32 text starts
    with a byte order mark, and is left to the reader)."""
    if path.suffix.lower() in _EXTENSIONS:
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return False  # the reader says what is wrong with it
    return b"\x00" in head and not is_wide(head)


def _expand(
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
        _check_regular(path)
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
        binary = [p for p in files if p not in named and _not_text(p)]
        skipped.extend((path, "not text") for path in binary)
        files = [p for p in files if p not in binary]
    if fmt == "brat" or fmt == "auto":
        # A loose .txt beside its .ann belongs to the brat reader, not the text one.
        anns = {p.with_suffix("") for p in files if p.suffix == ".ann"}
        files = [p for p in files if not (p.suffix == ".txt" and p.with_suffix("") in anns)]
    return whole + files


def _is_project_file(path: Path, store: Store) -> bool:
    """A project file or a log of one. Never opened here: closing a descriptor of a live
    project drops this process's SQLite locks on it (see DATA_SAFETY.md)."""
    names = [".belannot"]
    if store.path is not None and path.parent.resolve() == store.path.parent.resolve():
        names.append(store.path.name)
    return any(path.name.endswith(name + log) for name in names for log in _PROJECT_LOGS)


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
    unpack_limits: UnpackLimits | None = None,
    warn_chars: int = WARN_CHARS,
) -> ImportReport:
    """Import files and folders (recursively); all of them, or on error none.

    Only regular files are read: FIFOs, sockets and devices in a folder are listed in
    ``report.skipped``, and one named directly is refused. A project file or its log is
    never read (not even its first bytes), named or found in a folder. Zips unpack
    within ``unpack_limits``; texts over ``warn_chars`` characters are listed in
    ``report.warnings``.
    """
    for raw in paths:
        if _is_project_file(Path(raw), store):
            raise InputError(
                "a belannot project (or its log), not a file to import: export it "
                "(belannot --db PROJECT export) and import the export",
                path=raw,
            )
    check_encoding(encoding, ", ".join(str(p) for p in paths))
    skipped: list[tuple[Path, str]] = []
    files = _expand(paths, fmt, skipped, leave_out=lambda path: _is_project_file(path, store))
    if not files:
        raise InputError("no files to import", path=", ".join(str(p) for p in paths))
    records = iter_records(
        files,
        fmt,
        encoding=encoding,
        as_annotator=as_annotator,
        progress=progress,
        unpack_limits=unpack_limits,
    )
    report = import_records(
        store, records, user=user, as_annotator=as_annotator, cancel=cancel, warn_chars=warn_chars
    )
    report.files = len(files)
    report.skipped = skipped
    return report
