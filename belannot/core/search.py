"""Finding a string in an article: every match, and the one to go to next."""

from __future__ import annotations

import re
from collections.abc import Sequence

from belannot.core.snapping import is_word_char

Match = tuple[int, int]


def find_all(
    text: str, query: str, *, case_sensitive: bool = False, whole_word: bool = False
) -> list[Match]:
    """Every non-overlapping match of ``query`` in ``text`` as code-point ``(start, end)``.

    ``whole_word`` keeps only matches with no word character just outside them."""
    if not query:
        return []
    pattern = re.compile(re.escape(query), 0 if case_sensitive else re.IGNORECASE)
    matches = [(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]
    if whole_word:
        matches = [m for m in matches if _stands_alone(text, *m)]
    return matches


def _stands_alone(text: str, start: int, end: int) -> bool:
    before = start > 0 and is_word_char(text[start - 1])
    after = end < len(text) and is_word_char(text[end])
    return not (before or after)


def next_match(
    matches: Sequence[Match],
    selection: tuple[int, int],
    *,
    backwards: bool = False,
    incremental: bool = False,
) -> Match | None:
    """The match to go to from ``selection``, wrapping around.

    Forwards: the first starting at or after the selection's end (its start while typing,
    ``incremental``, so that a match that still fits stays). Backwards: the last starting
    before the selection."""
    if not matches:
        return None
    sel_start, sel_end = selection
    if backwards:
        before = [m for m in matches if m[0] < sel_start]
        return before[-1] if before else matches[-1]
    after = sel_start if incremental else sel_end
    return next((m for m in matches if m[0] >= after), matches[0])
