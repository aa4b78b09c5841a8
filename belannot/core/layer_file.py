"""A layer file: one annotator's spans, relations, links and states on chosen documents.

The first line says whose layer it is; each further line is a belannot JSONL record of
one document (its text, and the layer's rows only) with the text's ``content_hash``,
so that a document whose text differs at the other end is refused, not annotated.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from belannot.core.errors import BelannotError, InputError, NotFoundError
from belannot.core.fileio import atomic_write
from belannot.core.formats.exporting import ExportOptions
from belannot.core.formats.jsonl import export_jsonl, json_lines, parse_record
from belannot.core.formats.records import DocumentRecord
from belannot.core.model import content_hash, now_iso
from belannot.core.store import SpanFilter, Store

LAYER_KEY = "belannot_layer"
LAYER_VERSION = 1


@dataclass(slots=True)
class LayerExport:
    path: Path
    user: str
    documents: int = 0
    spans: int = 0
    relations: int = 0


def export_layer(
    store: Store,
    user: str,
    path: Path | str,
    document_ids: Sequence[str] | None = None,
    *,
    overwrite: bool = False,
) -> LayerExport:
    """Write ``user``'s layer on ``document_ids`` (default: every document they have
    spans in or have started) to ``path``, atomically."""
    path = Path(path)
    if store.user(user) is None:
        raise NotFoundError(f"--user {user}: no such user in this project")
    chosen = list(document_ids) if document_ids is not None else store.documents_worked_on(user)
    for document_id in chosen:
        if not store.has_document(document_id):
            raise NotFoundError(f"--documents: no document {document_id!r}")
    wanted = set(chosen)
    report = LayerExport(path, user)
    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / "layer.jsonl"
        options = ExportOptions(
            span_filter=SpanFilter(annotators=(user,)), document_filter=wanted.__contains__
        )
        export_jsonl(store, plain, options)
        with atomic_write(path, overwrite=overwrite) as out:
            header = {LAYER_KEY: LAYER_VERSION, "user": user, "exported": now_iso()}
            out.write(orjson.dumps(header, option=orjson.OPT_APPEND_NEWLINE))
            for _, record in json_lines(plain):
                _own_rows_only(record, user)
                record["content_hash"] = content_hash(record["text"])
                report.documents += 1
                report.spans += len(record["spans"])
                report.relations += len(record.get("relations", ()))
                out.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
    return report


def _own_rows_only(record: dict[str, Any], user: str) -> None:
    """The layer's rows: the user's relations and state, not others' on the same spans."""
    relations = [r for r in record.get("relations", ()) if r.get("annotator") == user]
    if relations:
        record["relations"] = relations
    else:
        record.pop("relations", None)
    states = record.get("states") or {}
    record["states"] = {name: state for name, state in states.items() if name == user}


@dataclass(frozen=True, slots=True)
class LayerLine:
    """One document of a layer file: its record and the content hash the file gives."""

    record: DocumentRecord
    content_hash: str


def read_layer_user(path: Path | str) -> str:
    """Whose layer the file holds (its first line only)."""
    return _header(str(path), json_lines(path))


def read_layer(path: Path | str) -> tuple[str, list[LayerLine]]:
    """The layer's user and its documents; a fault is an InputError naming line and field."""
    name = str(path)
    lines = json_lines(path)
    user = _header(name, lines)
    return user, list(_documents(lines, name))


def _header(name: str, lines: Iterator[tuple[int, Any]]) -> str:
    first = next(lines, None)
    if first is None:
        raise InputError("the file is empty: not a layer file", path=name, line=1)
    number, header = first
    if not isinstance(header, dict) or header.get(LAYER_KEY) != LAYER_VERSION:
        raise InputError(
            f"not a belannot layer file (the first line lacks {LAYER_KEY!r}: "
            f"{LAYER_VERSION}); `belannot layer export` writes one",
            path=name,
            line=number,
            field=LAYER_KEY,
        )
    user = header.get("user")
    if not isinstance(user, str) or not user.strip():
        raise InputError("the layer names no user", path=name, line=number, field="user")
    return user


def _documents(lines: Iterator[tuple[int, Any]], name: str) -> Iterator[LayerLine]:
    for number, data in lines:
        if not isinstance(data, dict):
            raise InputError("a line must be a JSON object", path=name, line=number)
        digest = data.pop("content_hash", None)
        if not isinstance(digest, str):
            raise InputError("no content hash", path=name, line=number, field="content_hash")
        record = parse_record(data, path=name, line=number)
        if record.id is None:
            raise record.error("a layer's document needs its id", "id")
        if content_hash(record.text) != digest:
            raise record.error("the text does not match its content hash", "content_hash")
        yield LayerLine(record, digest)


def check_layer_user(user: str, login: str) -> None:
    """On a team project only the layer's own annotator may bring it in."""
    if login != user:
        raise BelannotError(
            f"this is {user}'s layer: on a team project only {user} may import it "
            f"(you are connected as {login})"
        )
