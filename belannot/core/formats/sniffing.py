"""A file's first bytes, read once and shared by every format's ``sniff``."""

from __future__ import annotations

import zipfile
from functools import cached_property
from pathlib import Path
from typing import Any

import orjson

from belannot.core.formats.decoding import is_wide, sniff_head, text_lines
from belannot.core.formats.json_whole import is_whole_json, whole_value


class Sample:
    """What the sniffers look at; each part is read only when one asks for it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.is_dir = path.is_dir()

    @cached_property
    def head(self) -> bytes:
        """The first bytes; UTF-16 and UTF-32 (by their marks) come back as UTF-8."""
        return b"" if self.is_dir else sniff_head(self.path)

    @cached_property
    def stripped(self) -> bytes:
        """The head without a UTF-8 mark and leading white space."""
        return self.head.lstrip(b"\xef\xbb\xbf").lstrip()

    @property
    def json_list(self) -> bool:
        return self.stripped.startswith(b"[")

    @cached_property
    def first_object(self) -> dict[str, Any] | None:
        """The first non-blank line as a JSON object, when the file starts with one; for a
        file that is one JSON value over its lines, that object or its array's first."""
        if self.stripped.startswith(b"[") or (
            self.stripped.startswith(b"{") and is_whole_json(self.path)
        ):
            whole = whole_value(self.path) if is_whole_json(self.path) else None
            if isinstance(whole, list):
                whole = whole[0] if whole else None
            return whole if isinstance(whole, dict) else None
        if not self.stripped.startswith(b"{"):
            return None
        with self.path.open("rb") as handle:
            wide = is_wide(handle.read(4))
        if wide:
            line = next((line for _, line, _ in text_lines(self.path) if line.strip()), "")
            first_line = line.encode("utf-8")
        else:
            with self.path.open("rb") as handle:
                first_line = b""
                while not first_line.strip():  # the first non-blank line, however long
                    first_line = handle.readline()
                    if not first_line:
                        break
            first_line = first_line.lstrip(b"\xef\xbb\xbf")
        try:
            first = orjson.loads(first_line)
        except orjson.JSONDecodeError:
            return None  # the JSONL reader reports the line and the problem
        return first if isinstance(first, dict) else None

    @cached_property
    def is_zip(self) -> bool:
        return not self.is_dir and zipfile.is_zipfile(self.path)

    @cached_property
    def text(self) -> str:
        return self.head.decode("utf-8", "replace")
