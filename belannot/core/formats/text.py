"""Plain-text articles: one document per file, stored exactly as decoded.

A folder may carry ``metadata.json`` mapping file names to their metadata
(title, source, url, author, published); the bundled corpus does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson

from belannot.core.errors import InputError
from belannot.core.formats import DocumentRecord, ProgressFn
from belannot.core.formats.base import Format, ReadOptions
from belannot.core.formats.decoding import decode_bytes
from belannot.core.formats.sniffing import Sample
from belannot.core.model import DocumentMeta

METADATA_FILE = "metadata.json"
_TITLE_LIMIT = 200


def decode_text(data: bytes, path: Path, encoding: str = "utf-8") -> str:
    """Decode a text file, refusing binary and empty files with a located message."""
    text = decode_bytes(data, path, encoding)
    if not text.strip():
        raise InputError("empty file: no text", path=path)
    return text


def first_line_title(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:_TITLE_LIMIT]
    return ""


def load_metadata(folder: Path) -> Mapping[str, Any]:
    path = folder / METADATA_FILE
    if not path.is_file():
        return {}
    try:
        data = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as error:
        raise InputError(f"not JSON: {error}", path=path) from error
    if not isinstance(data, dict):
        raise InputError("expected an object mapping file names to metadata", path=path)
    return data


def meta_from(entry: Any, path: Path, text: str) -> DocumentMeta:
    if not isinstance(entry, dict):
        return DocumentMeta(title=first_line_title(text))
    known = ("title", "source", "url", "author", "published")
    for name in known:
        if entry.get(name) is not None and not isinstance(entry[name], str):
            raise InputError("must be a string", path=path.parent / METADATA_FILE, field=name)
    return DocumentMeta(
        title=entry.get("title") or first_line_title(text),
        source=entry.get("source"),
        url=entry.get("url"),
        author=entry.get("author"),
        published=entry.get("published"),
        extra={k: v for k, v in entry.items() if k not in known and k != "id"},
    )


def read_text_files(
    files: list[Path],
    *,
    encoding: str = "utf-8",
    progress: ProgressFn | None = None,
) -> Iterator[DocumentRecord]:
    """One record per file; the file's stem is its id unless metadata.json gives one."""
    metadata_by_folder: dict[Path, Mapping[str, Any]] = {}
    for number, path in enumerate(files, start=1):
        folder = path.parent
        if folder not in metadata_by_folder:
            metadata_by_folder[folder] = load_metadata(folder)
        text = decode_text(path.read_bytes(), path, encoding)
        entry = metadata_by_folder[folder].get(path.name)
        record_id = entry.get("id") if isinstance(entry, dict) else None
        yield DocumentRecord(
            text=text,
            id=record_id if isinstance(record_id, str) else path.stem,
            meta=meta_from(entry, path, text),
            path=str(path),
        )
        if progress is not None:
            progress(number, len(files))


def _sniff(sample: Sample) -> bool:
    # Whatever no other format claims, but a JSON list: that is a Label Studio file
    # gone wrong, which detection names rather than storing it as an article.
    return not sample.json_list


def _read(path: Path, options: ReadOptions) -> Iterator[DocumentRecord]:
    return read_text_files([path], encoding=options.encoding, progress=options.progress)


# The importer reads a call's text files together (a folder's metadata.json covers them).
FORMAT = Format("txt", "plain text", (".txt", ".text"), _sniff, _read, None)
