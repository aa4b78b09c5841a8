"""The tokens and sentences a CoNLL file gave a document, kept in its metadata for export.

A CoNLL import rebuilds the text as its tokens joined by one space and its sentences
by a line break, and notes so under ``meta.extra["conll"]``; where a token holds a
space itself, the token lengths of each sentence are kept too. The export then writes
those tokens and sentences back instead of tokenising the text again (which would
split ``Corp.`` into ``Corp`` ``.`` and start a sentence after it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from belannot.core.formats.tokens import Token
from belannot.core.model import DocumentMeta, Span

META_KEY = "conll"
SPACE_JOINED = "tokens joined by a space, sentences by a line break"


def layout_meta(sentences: Sequence[Sequence[str]]) -> DocumentMeta:
    """The metadata that tells an export how the text of ``sentences`` was built."""
    layout: dict[str, Any] = {"layout": SPACE_JOINED}
    if any(" " in token or "\n" in token for tokens in sentences for token in tokens):
        layout["token_lengths"] = [[len(token) for token in tokens] for tokens in sentences]
    return DocumentMeta(extra={META_KEY: layout})


def _lengths(line: str, kept: Any) -> list[int] | None:
    if kept is None:
        words = line.split(" ")
        return None if any(not word for word in words) else [len(word) for word in words]
    if not isinstance(kept, list) or not all(type(n) is int and n > 0 for n in kept):
        return None
    return kept if sum(kept) + len(kept) - 1 == len(line) else None


def kept_sentences(
    text: str, extra: Mapping[str, Any], spans: Iterable[Span]
) -> list[list[Token]] | None:
    """The imported sentences of tokens, cut where a span starts or ends inside a token
    and joined where a span crosses a break; None when the document was not built so
    (or its text no longer fits what was kept)."""
    layout = extra.get(META_KEY)
    if not isinstance(layout, Mapping) or layout.get("layout") != SPACE_JOINED:
        return None
    lines = text.split("\n")
    all_lengths = layout.get("token_lengths")
    if all_lengths is not None and (
        not isinstance(all_lengths, list) or len(all_lengths) != len(lines)
    ):
        return None
    spans = list(spans)
    cuts = sorted({offset for span in spans for offset in (span.start, span.end)})
    sentences: list[list[Token]] = []
    at = 0
    for index, line in enumerate(lines):
        lengths = _lengths(line, None if all_lengths is None else all_lengths[index])
        if lengths is None:
            return None
        sentence: list[Token] = []
        for length in lengths:
            sentence.extend(_cut(text, at, at + length, cuts))
            at += length + 1
        sentences.append(sentence)
    return _joined(sentences, spans)


def _cut(text: str, start: int, end: int, cuts: Sequence[int]) -> list[Token]:
    inner = [c for c in cuts if start < c < end]
    edges = [start, *inner, end]
    return [
        Token(text[a:b], a, b, b == end and text[b : b + 1].isspace())
        for a, b in zip(edges, edges[1:], strict=False)
    ]


def _joined(sentences: list[list[Token]], spans: Sequence[Span]) -> list[list[Token]]:
    """Sentences joined where a span runs across their break (tags stay valid IOB2)."""
    result: list[list[Token]] = []
    for sentence in sentences:
        if result and sentence and any(s.start < sentence[0].start < s.end for s in spans):
            result[-1].extend(sentence)
        else:
            result.append(sentence)
    return result
