"""A JSON file that is one value rather than JSON lines: a pretty-printed object, or an array
of records, each found with the line it starts on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from belannot.core.errors import InputError
from belannot.core.formats.decoding import decode_bytes, is_wide

_SPACE = " \t\r\n"


def is_whole_json(path: Path) -> bool:
    """Whether ``path`` holds one JSON value over its lines: ``{`` or ``[`` on a line of
    its own, an array on one line, or an object broken over lines that parses whole."""
    with path.open("rb") as handle:
        if is_wide(handle.read(4)):
            first = next(
                (ln for ln in decode_bytes(path.read_bytes(), path).splitlines() if ln.strip()), ""
            )
            line = first.encode("utf-8")
        else:
            handle.seek(0)
            line = b""
            while not line.strip():
                line = handle.readline()
                if not line:
                    return False
    line = line.lstrip(b"\xef\xbb\xbf").strip()
    if line in (b"{", b"["):
        return True
    if not line.startswith((b"{", b"[")):
        return False
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError:
        # A broken first line of JSON lines is reported as that; an object broken over
        # lines is one value.
        return whole_value(path) is not None
    return isinstance(value, list)


def whole_value(path: Path) -> Any:
    """The file's one JSON value; None when it is not one."""
    try:
        return orjson.loads(decode_bytes(path.read_bytes(), path).encode("utf-8"))
    except (orjson.JSONDecodeError, InputError):
        return None


def whole_items(path: Path) -> Iterator[tuple[int, Any]]:
    """(line, record) for the object the file holds, or for each item of its array."""
    text = decode_bytes(path.read_bytes(), path)
    decoder = json.JSONDecoder()
    at = _skip(text, 0)
    try:
        if text.startswith("{", at):
            item, at = _decoded(decoder, text, at)
            yield item
        elif text.startswith("[", at):
            at = _skip(text, at + 1)
            while not text.startswith("]", at):
                item, at = _decoded(decoder, text, at)
                yield item
                if text.startswith(",", at):
                    at = _skip(text, at + 1)
                elif not text.startswith("]", at):
                    raise json.JSONDecodeError("expected ',' or ']'", text, at)
            at = _skip(text, at + 1)
        if at < len(text):
            raise json.JSONDecodeError("more after the JSON value", text, at)
    except json.JSONDecodeError as error:
        raise InputError(f"not JSON: {error.msg}", path=path, line=error.lineno) from error
    except RecursionError as error:
        raise InputError("nested too deeply to read", path=path) from error


def _decoded(decoder: json.JSONDecoder, text: str, at: int) -> tuple[tuple[int, Any], int]:
    """(its line, the value) starting at ``at``, and where the next one may start."""
    value, end = decoder.raw_decode(text, at)
    return (text.count("\n", 0, at) + 1, value), _skip(text, end)


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in _SPACE:
        at += 1
    return at
