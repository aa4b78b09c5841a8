"""Reading CoNLL columns: the tag column, comments, a numbering column, the tagging scheme.

The token is the first column (the second when the first numbers the tokens 1, 2, 3 …,
as GermEval and CoNLL-U do) and the tag the last, or the column ``column`` (1-based)
names. Tab-separated lines split at tabs only (a token may hold spaces), others at
any white space. A line starting with ``#`` whose tag column holds no tag is a comment.
IOB1, IOB2, BIOES (``S-``/``E-``) and BILOU (``U-``/``L-``) are told apart and
reported. The text is rebuilt as the tokens joined by one space, sentences by a line
break; the document keeps that tokenisation (:mod:`.conll_tokens`) for its export.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from belannot.core.errors import InputError
from belannot.core.formats.conll_tokens import layout_meta
from belannot.core.formats.decoding import text_lines
from belannot.core.formats.records import DocumentRecord, SpanRecord
from belannot.core.formats.tally import ReadTally
from belannot.core.progress import ProgressFn

DOCSTART = "-DOCSTART-"
_STARTS = frozenset("BSU")  # a tag that always opens a chunk
_ENDS = frozenset("ESLU")  # a tag that always closes its chunk
_PREFIXES = frozenset("BIESLU")


def is_tag(value: str) -> bool:
    prefix, dash, label = value.partition("-")
    return value == "O" or (bool(dash) and prefix in _PREFIXES and bool(label))


def scheme_of(prefixes: set[str], iob1: bool) -> str:
    """The tagging scheme the prefixes seen tell (``iob1``: an I- opened a chunk)."""
    if prefixes & {"L", "U"}:
        return "BILOU"
    if prefixes & {"E", "S"}:
        return "BIOES"
    if iob1:
        return "IOB1"
    return "IOB2" if prefixes else "no chunks (every tag O)"


class _Builder:
    """One document's tokens and spans, as its lines come."""

    def __init__(self, path: str, line: int) -> None:
        self.path = path
        self.line = line
        self.sentences: list[list[str]] = [[]]
        self.length = 0  # characters of text so far
        self.spans: list[SpanRecord] = []
        self.open: SpanRecord | None = None

    def token(self, token: str, tag: str) -> tuple[str, bool]:
        """Add a token; its tag's prefix, and whether an I- opened a chunk (IOB1)."""
        sentence = self.sentences[-1]
        if sentence or len(self.sentences) > 1:
            self.length += 1  # the space before this token, or the line break before it
        start = self.length
        sentence.append(token)
        self.length += len(token)
        if tag == "O":
            self.open = None
            return "", False
        prefix, _, label = tag.partition("-")
        opened_by_inside = False
        if prefix in _STARTS or self.open is None or self.open.label != label:
            opened_by_inside = prefix == "I"
            self.open = SpanRecord(start=start, end=self.length, label=label)
            self.spans.append(self.open)
        else:
            self.open.end = self.length
        if prefix in _ENDS:
            self.open = None
        return prefix, opened_by_inside

    def end_sentence(self) -> None:
        self.open = None
        if self.sentences[-1]:
            self.sentences.append([])

    def record(self) -> DocumentRecord | None:
        sentences = [tokens for tokens in self.sentences if tokens]
        if not sentences:
            return None
        text = "\n".join(" ".join(tokens) for tokens in sentences)
        return DocumentRecord(
            text=text,
            meta=layout_meta(sentences),
            spans=self.spans,
            path=self.path,
            line=self.line,
        )


def read_conll(
    path: Path | str,
    *,
    encoding: str = "utf-8",
    progress: ProgressFn | None = None,
    column: int | None = None,
    tally: ReadTally | None = None,
) -> Iterator[DocumentRecord]:
    """Documents rebuilt from CoNLL tokens and tags (see the module docstring)."""
    path = Path(path)
    name = str(path)
    total = path.stat().st_size
    builder: _Builder | None = None
    found = False
    width = 0  # columns of the first token line
    token_at: int | None = None  # the token's column, decided at the first token line
    prefixes: set[str] = set()
    iob1 = False
    for number, raw_line, done in text_lines(path, encoding):
        line = raw_line.lstrip("\ufeff").rstrip("\r\n")
        if line.startswith(DOCSTART):
            if builder is not None and (record := builder.record()) is not None:
                found = True
                yield record
            builder = _Builder(name, number)
            continue
        if not line.strip():
            if builder is not None:
                builder.end_sentence()
            continue
        columns = line.split("\t") if "\t" in line else line.split()
        tag_at = len(columns) - 1 if column is None else column - 1
        if line.startswith("#") and (tag_at >= len(columns) or not is_tag(columns[tag_at].strip())):
            continue  # a comment ("# sent_id = 3", GermEval's source line)
        if len(columns) < 2:
            raise InputError(
                "expected a token and a tag separated by a tab", path=path, line=number
            )
        if tag_at >= len(columns):
            raise InputError(
                f"--conll-column {column} asks for column {column}; "
                f"this line has {len(columns)} columns",
                path=path,
                line=number,
            )
        if token_at is None:
            width = len(columns)
            token_at = 1 if columns[0].strip() == "1" and len(columns) > 2 else 0
        tag = columns[tag_at].strip()
        if not is_tag(tag):
            raise InputError(
                f"tag {tag!r} is not O or <prefix>-<label> "
                f"(column {tag_at + 1}; prefixes B, I, E, S, L, U)",
                path=path,
                line=number,
            )
        if builder is None:
            builder = _Builder(name, number)
        prefix, opened_by_inside = builder.token(columns[token_at].strip(), tag)
        if prefix:
            prefixes.add(prefix)
            iob1 = iob1 or opened_by_inside
        if progress is not None:
            progress(done, total)
    if builder is not None and (record := builder.record()) is not None:
        found = True
        yield record
    if not found:
        raise InputError("empty file: no tokens", path=path)
    if tally is not None:
        which = "the last" if column is None else "--conll-column"
        note = f"{name}: tags from column {(column or width)} of {width} ({which})"
        note += f", scheme {scheme_of(prefixes, iob1)}"
        if token_at == 1:
            note += "; tokens from column 2 (column 1 numbers them)"
        tally.note(note)
