"""Moving through a document's spans: the next or previous span, and nudged span edges."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from belannot.core.snapping import next_char_boundary, next_word_boundary

# A span as the article orders them: (start, end, id), in code points.
SpanKey = tuple[int, int, str]


def next_span(
    order: Sequence[SpanKey],
    caret: int,
    current: SpanKey | None = None,
    backwards: bool = False,
) -> str | None:
    """The id of the span after (before) the caret, wrapping around; None without spans.

    ``order`` is sorted. When ``current`` holds the caret, the step is from it, so that
    nested and overlapping spans are each visited once."""
    if not order:
        return None
    if current is not None and current[0] <= caret <= current[1]:
        at = bisect_left(order, current)
        return order[(at + (-1 if backwards else 1)) % len(order)][2]
    # The first span starting at or after the caret.
    first_after = bisect_left(order, (caret,))
    if backwards:
        return order[first_after - 1][2]  # -1 wraps to the last span
    return order[first_after % len(order)][2]


def nudged_range(
    text: str,
    start: int,
    end: int,
    edge: str,
    direction: int,
    by_word: bool,
) -> tuple[int, int] | None:
    """``[start, end)`` with one edge moved by a character or a word; None if it cannot move
    (past the text's ends, or the span would be empty)."""
    if edge not in ("start", "end") or direction not in (-1, 1):
        return None
    at = start if edge == "start" else end
    moved = (
        next_word_boundary(text, at, direction, edge="start" if edge == "start" else "end")
        if by_word
        else next_char_boundary(text, at, direction)
    )
    if moved is None:
        return None
    result = (moved, end) if edge == "start" else (start, moved)
    if not 0 <= result[0] < result[1] <= len(text):
        return None
    return result
