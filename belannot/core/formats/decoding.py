"""Imported bytes to text: the codec checked once, byte order marks, lone surrogates refused."""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from pathlib import Path

from belannot.core.errors import InputError

SNIFF_BYTES = 8192
# Said to window and terminal users alike; each caller adds how to choose one.
OTHER_ENCODING = "the file may use another encoding"
# UTF-32 LE before UTF-16 LE: its mark begins with UTF-16 LE's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WIDE = ("utf-16", "utf-32")
# Codecs such as utf-7 and unicode_escape decode to halves of a pair on their own:
# not characters, and neither SQLite nor a hash can encode them.
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_encoding(encoding: str, path: Path | str | None = None) -> None:
    """Refuse an unknown codec, or one that does not decode bytes to text (rot13, base64)."""
    try:
        codecs.lookup(encoding)
        b"a".decode(encoding)  # not b"": an empty input is never looked up
    except LookupError as error:
        known = "unknown encoding" if "not a text" not in str(error) else "not a text encoding:"
        raise InputError(f"{known} {encoding!r}", path=path) from error
    except (UnicodeError, ValueError):
        pass  # a text codec that cannot decode b"a" (utf-16 wants two bytes)


def _said(error: Exception) -> str:
    """A codec's message on one line (punycode quotes the character it stopped at)."""
    return str(error).replace("\r", "\\r").replace("\n", "\\n")


def bom_codec(data: bytes) -> str | None:
    """The codec a byte order mark at the start of ``data`` names, if any."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def codec_for(head: bytes, encoding: str) -> str:
    """The codec to read a file with: its byte order mark's, else ``encoding``."""
    codec = bom_codec(head)
    if codec is not None:
        return codec
    return "utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding


def is_wide(head: bytes) -> bool:
    """UTF-16 or UTF-32 by its mark: bytes that are not ASCII-compatible."""
    return bom_codec(head) in _WIDE


def check_characters(text: str, path: Path | str, encoding: str, first_line: int = 1) -> None:
    """Refuse decoded text holding a lone surrogate (what utf-7 or unicode_escape can make)."""
    found = _SURROGATE.search(text)
    if found is not None:
        raise InputError(
            f"decoded as {encoding}, it holds a lone surrogate (U+{ord(found.group()):04X}), "
            "which is not a character; pass the encoding the file was written in",
            path=path,
            line=first_line + text.count("\n", 0, found.start()),
        )


def decode_bytes(data: bytes, path: Path | str, encoding: str = "utf-8") -> str:
    """``data`` as text: by its byte order mark, else ``encoding``; located errors."""
    try:
        codec = codec_for(data[:4], encoding)
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        if b"\x00" in data[:SNIFF_BYTES] and not is_wide(data[:4]):
            raise InputError("binary file (contains NUL bytes), not text", path=path) from error
        before = data[: error.start].decode(codec, "replace") if error.start else ""
        raise InputError(
            f"not valid {encoding} (byte 0x{data[error.start]:02x}); {OTHER_ENCODING}",
            path=path,
            line=before.count("\n") + 1,
        ) from error
    except LookupError as error:
        raise InputError(f"unknown encoding {encoding!r}", path=path) from error
    except (UnicodeError, ValueError, IndexError) as error:  # punycode raises plain UnicodeError
        raise InputError(f"cannot be decoded as {encoding}: {_said(error)}", path=path) from error
    if "\x00" in text[:SNIFF_BYTES]:
        raise InputError("binary file (contains NUL bytes), not text", path=path)
    check_characters(text, path, encoding)
    return text


def text_lines(path: Path, encoding: str = "utf-8") -> Iterator[tuple[int, str, int]]:
    """(line number, line with its ending, bytes read so far) of a text file, streamed.

    Lines end at "\\n" only, as in the bytes readers; the byte order mark, if any,
    chooses the codec and is not part of the first line.
    """
    with path.open("rb") as raw:
        head = raw.read(4)
        raw.seek(0)
        try:
            codec = codec_for(head, encoding)
        except LookupError as error:
            raise InputError(f"unknown encoding {encoding!r}", path=path) from error
        handle = io.TextIOWrapper(raw, encoding=codec, errors="strict", newline="\n")
        number = 0
        try:
            for number, line in enumerate(handle, start=1):  # noqa: B007 - used after the loop
                check_characters(line, path, encoding, number)
                yield number, line, raw.tell()
        except UnicodeDecodeError as error:
            raise InputError(
                f"not valid {encoding}; {OTHER_ENCODING}",
                path=path,
                line=number + 1,
            ) from error
        except (UnicodeError, ValueError, IndexError) as error:
            raise InputError(
                f"cannot be decoded as {encoding}: {_said(error)}", path=path, line=number + 1
            ) from error


def sniff_head(path: Path, size: int = 65536) -> bytes:
    """The first bytes of ``path``, as UTF-8 when a byte order mark says UTF-16 or UTF-32."""
    with path.open("rb") as handle:
        head = handle.read(size)
    codec = bom_codec(head)
    if codec in _WIDE:
        decoder = codecs.getincrementaldecoder(codec)("replace")
        return decoder.decode(head, final=False).encode("utf-8", "replace")
    return head
