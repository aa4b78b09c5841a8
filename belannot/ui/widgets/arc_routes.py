"""Where a relation arc runs: in the gaps between lines and in the margins, never over words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom

LANE = 16.0  # the first margin lane's distance from the viewport's edge
LANE_STEP = 4.0  # arcs sharing a margin run side by side, this far apart
OPEN_GAP = 4.0  # how far above (below) its glyphs a run passes when no line is there
LABEL_PAD = 8.0  # between a line's last glyph and a label put after it


@dataclass(frozen=True, slots=True)
class TextLine:
    """One visual line of the article: its box and where its glyphs are (viewport pixels)."""

    left: float
    right: float  # where its last glyph ends; ``left`` for an empty line
    top: float
    bottom: float
    ink_top: float
    ink_bottom: float

    @property
    def empty(self) -> bool:
        return self.right <= self.left


@dataclass(frozen=True, slots=True)
class End:
    """One end of an arc: the lines its span covers and where on them it starts and stops."""

    first: int  # index of the span's first line in the lines given
    last: int
    first_x: tuple[float, float]  # the span's extent on its first line
    last_x: tuple[float, float]


def _stacked(upper: TextLine, lower: TextLine) -> bool:
    return lower.top - upper.bottom < 0.5


def gap_y(lines: Sequence[TextLine], at: int, side: int) -> tuple[float, float]:
    """The y of the channel above (side -1) or below (+1) line ``at``, and its height."""
    line = lines[at]
    other = at + side
    edge = line.ink_top if side < 0 else line.ink_bottom
    if 0 <= other < len(lines):
        near = lines[other]
        upper, lower = (near, line) if side < 0 else (line, near)
        if _stacked(upper, lower) and not near.empty:
            low, high = upper.ink_bottom, lower.ink_top
            return (low + high) / 2, high - low
    return edge + side * OPEN_GAP, 2 * OPEN_GAP


def _port(lines: Sequence[TextLine], end: End, side: int, level: int) -> tuple[Point, float]:
    """Where an arc leaves ``end`` upwards (side -1) or downwards: the port and the gap's y.
    Arcs sharing an end leave it at different places along it."""
    at, (left, right) = (end.first, end.first_x) if side < 0 else (end.last, end.last_x)
    x = (left + right) / 2 + 8.0 * ((level + 1) // 2) * (1 if level % 2 else -1)
    x = min(max(x, left + 1), max(left + 1, right - 1))
    line = lines[at]
    y = line.ink_top if side < 0 else line.ink_bottom
    return (x, y), gap_y(lines, at, side)[0]


def _lane(width: float, level: int, right: bool) -> float:
    offset = max(LANE - LANE_STEP * level, 3.0)
    return width - offset if right else offset


def route(
    lines: Sequence[TextLine], head: End, tail: End, width: float, level: int = 0
) -> list[Point]:
    """The arc from ``head`` to ``tail``: a stub out of each end into the gap beside its
    line, a run along that gap, and (ends further apart) a run down a margin between."""
    if head.last < tail.first:
        h_side, t_side = 1, -1
    elif tail.last < head.first:
        h_side, t_side = -1, 1
    else:
        h_side = t_side = -1
    (hx, hy), h_gap = _port(lines, head, h_side, level)
    (tx, ty), t_gap = _port(lines, tail, t_side, level)
    h_line = head.last if h_side > 0 else head.first
    t_line = tail.last if t_side > 0 else tail.first
    shared = h_line + h_side == t_line and t_line + t_side == h_line
    if h_line == t_line or shared:
        # The same line, or facing lines: one run along the gap between.
        gap = h_gap if h_line == t_line else (h_gap + t_gap) / 2
        return [(hx, hy), (hx, gap), (tx, gap), (tx, ty)]
    lane = _lane(width, level, right=(hx + tx) / 2 > width / 2)
    return [(hx, hy), (hx, h_gap), (lane, h_gap), (lane, t_gap), (tx, t_gap), (tx, ty)]


def route_to_edge(
    lines: Sequence[TextLine], near: End, up: bool, height: float, width: float, level: int = 0
) -> list[Point]:
    """From ``near`` to the viewport's top (``up``) or bottom edge, down a margin."""
    side = -1 if up else 1
    (x, y), gap = _port(lines, near, side, level)
    lane = _lane(width, level, right=x > width / 2)
    edge = 6.0 if up else height - 6.0
    return [(x, y), (x, gap), (lane, gap), (lane, edge)]


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inks(lines: Sequence[TextLine], at: int) -> list[Box]:
    """The glyph boxes a label on line ``at`` (inside its band) could touch."""
    near = lines[max(at - 1, 0) : at + 2]
    return [(n.left, n.ink_top, n.right, n.ink_bottom) for n in near if not n.empty]


def place_label(
    lines: Sequence[TextLine],
    size: tuple[float, float],
    near: Point,
    width: float,
    height: float,
    taken: Sequence[Box] = (),
) -> Box | None:
    """A box of ``size`` nearest ``near`` where it covers no glyphs and no other label:
    after a line's last word, or on an empty line. None when there is no such place."""
    w, h = size
    best: tuple[float, Box] | None = None
    for index, line in enumerate(lines):
        if line.bottom - line.top < h or line.top < 0 or line.bottom > height:
            continue
        low = 4.0 if line.empty else line.right + LABEL_PAD
        high = width - 4.0 - w
        if high < low:
            continue
        x = min(max(near[0] - w / 2, low), high)
        y = (line.top + line.bottom - h) / 2
        box = (x, y, x + w, y + h)
        if any(_overlaps(box, other) for other in taken):
            continue
        if any(_overlaps(box, ink) for ink in _inks(lines, index)):
            continue
        dx, dy = x + w / 2 - near[0], y + h / 2 - near[1]
        score = dx * dx + 4 * dy * dy  # a label on the arc's own lines beats one beside it
        if best is None or score < best[0]:
            best = (score, box)
    return best[1] if best else None
