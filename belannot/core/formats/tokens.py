"""Tokens, sentences and IOB2 tags for token-based formats (CoNLL, HF, Prodigy), without spaCy.

Tokenisation: a token is a run of word characters (``\\w``) or one other
non-space character. Combining marks, variation selectors, emoji modifiers,
zero-width joiner sequences and regional-indicator pairs stay with the
character they modify, so ``e`` + U+0301 or a family emoji is one token.
Token boundaries are also placed at the start and end of every span being
exported, so every span covers whole tokens.

Sentences end at a line break (``\\n``, ``\\r\\n`` or ``\\r``) or after a token
``.``, ``!``, ``?`` or ``…`` (and any closing quotes or brackets after it)
followed by whitespace, except inside a span: a quote of several sentences
stays in one sentence so that its tags remain valid IOB2. A ``.`` right after
an initial ("Willie R. Smith") or a title before a name ("Gen. Lee") ends none.

All offsets are code points into the document text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from belannot.core.formats.exporting import OverlapPolicy
from belannot.core.model import Span

_PIECE = re.compile(r"\w+|\S")
_ZWJ = "\u200d"
_SENTENCE_END = frozenset(".!?…")
_CLOSERS = frozenset("\"'”’»)]}")
# Titles written before a name: their stop is an abbreviation, not a sentence end.
_TITLES = frozenset(
    "Mr Mrs Ms Dr Prof Gen Lt Col Maj Capt Sgt Adm Gov Sen Rep Pres Rev Hon St".split()
)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    # Whitespace follows the token (Prodigy's "ws", spaCy's spaces).
    ws: bool


def _is_modifier(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char).startswith("M")  # combining marks, VS16 (Mn)
        or 0x1F3FB <= code <= 0x1F3FF  # emoji skin-tone modifiers
        or 0xE0020 <= code <= 0xE007F  # tag characters (subdivision flags)
        or char == _ZWJ
    )


def _is_regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def _joins(previous: str, piece: str) -> bool:
    """Whether ``piece`` continues the token ``previous`` it directly follows."""
    first, last = piece[0], previous[-1]
    if _is_modifier(first) or last == _ZWJ:
        return True
    if _is_regional(first) and len(previous) == 1 and _is_regional(last):
        return True
    # "cafe" + U+0301 + "s": the word goes on after its combining mark.
    return (
        (first.isalnum() or first == "_")
        and unicodedata.category(last).startswith("M")
        and (previous[0].isalnum() or previous[0] == "_")
    )


def tokenize(text: str, boundaries: Iterable[int] = ()) -> list[Token]:
    """Tokens of ``text``; every offset in ``boundaries`` falls between two tokens."""
    pieces: list[list[int]] = []
    for match in _PIECE.finditer(text):
        start, end = match.span()
        if pieces and pieces[-1][1] == start and _joins(text[pieces[-1][0] : start], match[0]):
            pieces[-1][1] = end
        else:
            pieces.append([start, end])
    cuts = sorted(set(boundaries))
    tokens: list[Token] = []
    index = 0
    for start, end in pieces:
        while index < len(cuts) and cuts[index] <= start:
            index += 1
        position = start
        while index < len(cuts) and cuts[index] < end:
            tokens.append(Token(text[position : cuts[index]], position, cuts[index], False))
            position = cuts[index]
            index += 1
        tokens.append(Token(text[position:end], position, end, text[end : end + 1].isspace()))
    return tokens


def span_boundaries(spans: Iterable[Span]) -> set[int]:
    found: set[int] = set()
    for span in spans:
        found.add(span.start)
        found.add(span.end)
    return found


def sentences(text: str, tokens: Sequence[Token], spans: Sequence[Span]) -> list[list[Token]]:
    """Split ``tokens`` into sentences (see the module docstring); never inside a span."""
    inside = bytearray(len(text) + 1)
    for span in spans:
        inside[span.start + 1 : span.end] = b"\x01" * max(0, span.end - span.start - 1)
    result: list[list[Token]] = []
    current: list[Token] = []
    ended = False  # the sentence so far ends with . ! ? (and closers)
    for token in tokens:
        if current and not inside[token.start]:
            gap = text[current[-1].end : token.start]
            if "\n" in gap or "\r" in gap or (ended and gap):
                result.append(current)
                current = []
                ended = False
        current.append(token)
        if token.text in _SENTENCE_END:
            ended = not (token.text == "." and _abbreviation(current))
        elif not (ended and token.text in _CLOSERS):
            ended = False
    if current:
        result.append(current)
    return result


def _abbreviation(current: Sequence[Token]) -> bool:
    """Whether the stop just added to ``current`` follows an initial or a title."""
    if len(current) < 2 or current[-2].end != current[-1].start:
        return False
    word = current[-2].text
    return (len(word) == 1 and word.isupper()) or word in _TITLES


def resolve_overlaps(
    spans: Sequence[Span], policy: OverlapPolicy, label_rank: Sequence[str] = ()
) -> tuple[list[Span], int]:
    """The non-overlapping spans ``policy`` keeps, sorted by start; and how many it dropped."""
    unique: dict[tuple[int, int, str], Span] = {}
    for span in spans:
        unique.setdefault((span.start, span.end, span.label), span)
    rank = {name: index for index, name in enumerate(label_rank)}

    def key(span: Span) -> tuple[int, ...]:
        length = span.end - span.start
        if policy is OverlapPolicy.FIRST:
            return (span.start, -length)
        if policy is OverlapPolicy.PRIORITY:
            return (rank.get(span.label, len(rank)), -length, span.start)
        return (-length, span.start)

    kept: list[Span] = []
    for span in sorted(unique.values(), key=key):
        if not any(span.overlaps(other) for other in kept):
            kept.append(span)
    kept.sort(key=lambda s: s.start)
    return kept, len(unique) - len(kept)


def iob_tags(tokens: Sequence[Token], kept: Sequence[Span]) -> tuple[list[str], int]:
    """IOB2 tags of ``tokens`` for non-overlapping ``kept`` spans; and spans with no token."""
    tags = ["O"] * len(tokens)
    starts = [token.start for token in tokens]
    empty = 0
    for span in kept:
        index = bisect.bisect_left(starts, span.start)
        first = True
        while index < len(tokens) and tokens[index].end <= span.end:
            tags[index] = f"{'B' if first else 'I'}-{span.label}"
            first = False
            index += 1
        if first:
            empty += 1
    return tags, empty


def is_valid_iob2(tags: Sequence[str]) -> bool:
    """Every I-X follows B-X or I-X; every tag is O, B-… or I-…."""
    previous = "O"
    for tag in tags:
        if tag != "O" and not tag.startswith(("B-", "I-")):
            return False
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            return False
        previous = tag
    return True
