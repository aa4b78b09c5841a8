"""OffsetMap: the one conversion between Qt document positions and stored code points."""

from __future__ import annotations

import re
from bisect import bisect_right

# Qt counts UTF-16 units, so a character outside the Basic Multilingual Plane takes two
# positions; QTextDocument.setPlainText turns "\r\n" into ONE block separator, so the pair
# takes one position. Every other code point (lone "\r", "\n", tabs, U+2028 …) takes one.
_IRREGULAR = re.compile("[\U00010000-\U0010ffff]|\r\n")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def has_astral(text: str) -> bool:
    """Whether any character lies outside the BMP (two UTF-16 units); faster than a regex."""
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


class OffsetMap:
    """Converts between Qt positions (UTF-16, CRLF collapsed) and code points of ``text``.

    Lookups are O(log n) over the irregular characters only (astral characters and CRLF
    pairs); a plain BMP text with "\\n" line ends converts by identity.
    """

    __slots__ = ("_cp_breaks", "_cp_deltas", "_length", "_qt_breaks", "_qt_deltas", "_qt_length")

    def __init__(self, text: str) -> None:
        self._length = len(text)
        # Sorted breakpoints: from _cp_breaks[i] on, qt = cp + _cp_deltas[i];
        # from _qt_breaks[i] on, cp = qt - _qt_deltas[i].
        self._cp_breaks: list[int] = []
        self._cp_deltas: list[int] = []
        self._qt_breaks: list[int] = []
        self._qt_deltas: list[int] = []
        delta = 0
        if "\r\n" not in text:
            # Most articles: identity, or a few emoji.
            if text.isascii() or not has_astral(text):
                self._qt_length = self._length
            else:
                self._astral_only(text)
            return
        for match in _IRREGULAR.finditer(text):
            at = match.start()
            if match.group() == "\r\n":
                # The "\n" has no position of its own: both it and the character after
                # the pair map to the start of the next block.
                self._cp_breaks.append(at + 2)
                self._qt_breaks.append(at + delta + 1)
                delta -= 1
            else:
                self._cp_breaks.append(at + 1)
                # The middle of the surrogate pair (at + delta + 1) rounds down to the
                # character itself.
                self._qt_breaks.append(at + delta + 1)
                delta += 1
            self._cp_deltas.append(delta)
            self._qt_deltas.append(delta)
        self._qt_length = self._length + delta

    def _astral_only(self, text: str) -> None:
        # The common irregular case (emoji, no CRLF), built list by list: a 1 MB article
        # with 13,000 emoji would spend ~20 ms in a loop over match objects.
        starts = [match.start() for match in _ASTRAL.finditer(text)]
        deltas = list(range(1, len(starts) + 1))
        self._cp_breaks = [at + 1 for at in starts]
        self._cp_deltas = deltas
        # The i-th astral character (0-based) sits at Qt position at + i.
        self._qt_breaks = [at + i + 1 for i, at in enumerate(starts)]
        self._qt_deltas = deltas
        self._qt_length = self._length + len(starts)

    @property
    def length(self) -> int:
        """Length of the text in code points."""
        return self._length

    @property
    def qt_length(self) -> int:
        """Length of the text in Qt positions."""
        return self._qt_length

    @property
    def is_identity(self) -> bool:
        return not self._cp_breaks

    def to_utf16(self, cp: int) -> int:
        """The Qt position of code point offset ``cp`` (clamped to the text)."""
        cp = min(max(cp, 0), self._length)
        i = bisect_right(self._cp_breaks, cp) - 1
        return cp if i < 0 else cp + self._cp_deltas[i]

    def to_code_point(self, u16: int) -> int:
        """The code point offset of Qt position ``u16`` (clamped to the text)."""
        u16 = min(max(u16, 0), self._qt_length)
        i = bisect_right(self._qt_breaks, u16) - 1
        cp = u16 if i < 0 else u16 - self._qt_deltas[i]
        return min(max(cp, 0), self._length)

    def utf16_range(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def code_point_range(self, start: int, end: int) -> tuple[int, int]:
        return self.to_code_point(start), self.to_code_point(end)
