"""Word boundaries for selections: snapping a drag to whole words, double-click words, nudging."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Literal

ZWJ = "\u200d"
ZWNJ = "\u200c"

# Between two digits these keep a number whole: "1,000", "3.5", "10:30". Hyphens and
# apostrophes deliberately split words, so that "Putin" can be picked out of "Putin’s"
# and "Ukraine" out of "Russia-Ukraine" without being pulled across the mark.
_DIGIT_JOINERS = frozenset(",.:")

# Opening quote -> the closing quotes that balance it. A selection that starts with an
# opening quote and ends with a matching closing one was made around a quotation on
# purpose (the quote label wants the marks), so snapping keeps both marks.
_QUOTE_PAIRS: dict[str, frozenset[str]] = {
    '"': frozenset('"'),
    "'": frozenset("'"),
    "“": frozenset("”"),
    "‘": frozenset("’"),
    "„": frozenset("“”"),
    "‚": frozenset("‘’"),
    "«": frozenset("»"),
    "»": frozenset("«"),
    "‹": frozenset("›"),
    "›": frozenset("‹"),
    "「": frozenset("」"),
    "『": frozenset("』"),
    "”": frozenset("”"),  # Swedish/Finnish style
}


@lru_cache(maxsize=4096)
def is_word_char(char: str) -> bool:
    """Letters, digits, marks, emoji and the joiners inside emoji sequences."""
    if char.isalnum() or char == "_" or char in (ZWJ, ZWNJ):
        return True
    category = unicodedata.category(char)
    if category[0] == "M":  # combining accents, variation selectors, keycaps
        return True
    if category == "So":  # emoji and other pictographs
        return True
    code = ord(char)
    # Skin-tone modifiers (Sk) and the tag characters of subdivision flags (Cf).
    return 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F


@lru_cache(maxsize=4096)
def _is_trimmable(char: str) -> bool:
    """Whitespace, punctuation (quotes, brackets, commas …) and invisible controls."""
    if char in (ZWJ, ZWNJ):
        return False
    category = unicodedata.category(char)
    return category[0] in "PZ" or category in ("Cc", "Cf") or char.isspace()


def _in_word(text: str, i: int) -> bool:
    """Whether the character at ``i`` belongs to a word (a number's separators count)."""
    if i < 0 or i >= len(text):
        return False
    char = text[i]
    if is_word_char(char):
        return True
    if char in _DIGIT_JOINERS and 0 < i < len(text) - 1:
        return text[i - 1].isdigit() and text[i + 1].isdigit()
    return False


def _strip(text: str, start: int, end: int, keep_quotes: bool) -> tuple[int, int]:
    def trimmable(char: str) -> bool:
        if keep_quotes and (char in _QUOTE_PAIRS or char in "”’»«›‹」』“‘"):
            return False
        return _is_trimmable(char)

    while start < end and trimmable(text[start]):
        start += 1
    while end > start and trimmable(text[end - 1]):
        end -= 1
    return start, end


def _is_quoted(text: str, start: int, end: int) -> bool:
    if end - start < 3:
        return False
    closing = _QUOTE_PAIRS.get(text[start])
    if closing is None or text[end - 1] not in closing:
        return False
    return any(is_word_char(c) for c in text[start + 1 : end - 1])


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Expand ``[start, end)`` to whole words and trim whitespace and punctuation around it.

    A selection enclosed in a balanced pair of quotation marks (``“…”``, ``"…"``, ``«…»``)
    keeps the marks; a lone mark at one end is trimmed. Returns ``None`` when nothing but
    whitespace and punctuation was selected.
    """
    start = min(max(start, 0), len(text))
    end = min(max(end, start), len(text))
    start, end = _strip(text, start, end, keep_quotes=True)
    if _is_quoted(text, start, end):
        return start, end
    start, end = _strip(text, start, end, keep_quotes=False)
    if start >= end:
        return None
    if _in_word(text, start):
        while _in_word(text, start - 1):
            start -= 1
    if _in_word(text, end - 1):
        while _in_word(text, end):
            end += 1
    return start, end


def word_at(text: str, pos: int) -> tuple[int, int] | None:
    """The word at code point ``pos`` (or just before it, at a word's end), for double-click."""
    for i in (pos, pos - 1):
        if _in_word(text, i):
            start = end = i
            while _in_word(text, start - 1):
                start -= 1
            while _in_word(text, end):
                end += 1
            return start, end
    return None


def is_word_start(text: str, pos: int) -> bool:
    return _in_word(text, pos) and not _in_word(text, pos - 1)


def is_word_end(text: str, pos: int) -> bool:
    return _in_word(text, pos - 1) and not _in_word(text, pos)


def next_word_boundary(
    text: str,
    pos: int,
    direction: int,
    edge: Literal["start", "end"] | None = None,
) -> int | None:
    """The nearest word boundary strictly after (``direction`` +1) or before (-1) ``pos``.

    ``edge`` restricts it to word starts or word ends (what a span's start or end nudges
    to); ``None`` accepts either. Returns ``None`` when there is none in that direction.
    """
    if direction not in (-1, 1):
        raise ValueError(f"direction must be -1 or +1, got {direction}")

    def wanted(p: int) -> bool:
        if edge == "start":
            return is_word_start(text, p)
        if edge == "end":
            return is_word_end(text, p)
        return is_word_start(text, p) or is_word_end(text, p)

    p = min(max(pos, 0), len(text)) + direction
    while 0 <= p <= len(text):
        if wanted(p):
            return p
        p += direction
    return None


def _joins_previous(text: str, pos: int) -> bool:
    """Whether a cursor may not stop at ``pos`` because it splits one visible character."""
    if pos <= 0 or pos >= len(text):
        return False
    char, before = text[pos], text[pos - 1]
    if before == "\r" and char == "\n":
        return True
    if unicodedata.category(char)[0] == "M" or char == ZWJ or before == ZWJ:
        return True
    return 0x1F3FB <= ord(char) <= 0x1F3FF or 0xE0020 <= ord(char) <= 0xE007F


def next_char_boundary(text: str, pos: int, direction: int) -> int | None:
    """One visible character after/before ``pos``: skips combining marks, ZWJ sequences, CRLF."""
    if direction not in (-1, 1):
        raise ValueError(f"direction must be -1 or +1, got {direction}")
    p = min(max(pos, 0), len(text)) + direction
    while 0 < p < len(text) and _joins_previous(text, p):
        p += direction
    return p if 0 <= p <= len(text) else None
