"""Arc routes on any layout of lines: runs keep to the gaps and margins, labels to free space."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from belannot.ui.widgets.arc_routes import End, TextLine, place_label, route, route_to_edge

WIDTH, LINE, MARGIN = 480.0, 20.0, 28.0


@st.composite
def layouts(draw):
    lines = []
    top = draw(st.floats(-15, 5))
    for n in range(draw(st.integers(2, 30))):
        # Some empty lines (paragraph breaks), never only those: an arc needs ends.
        empty = n > 0 and draw(st.booleans()) and draw(st.booleans())
        right = MARGIN if empty else draw(st.floats(MARGIN + 20, WIDTH - MARGIN))
        above, below = draw(st.floats(1, 4)), draw(st.floats(0, 2))
        lines.append(TextLine(MARGIN, right, top, top + LINE, top + above, top + LINE - below))
        top += LINE
    return lines


@st.composite
def ends(draw, lines):
    full = [n for n, line in enumerate(lines) if not line.empty]
    first = draw(st.sampled_from(full))
    last = draw(st.sampled_from([n for n in full if first <= n <= first + 3]))

    def extent(n):
        line = lines[n]
        a = draw(st.floats(line.left, line.right - 4))
        return a, draw(st.floats(a + 4, line.right))

    if first == last:
        both = extent(first)
        return End(first, last, both, both)
    return End(first, last, extent(first), extent(last))


def _inside(point, line) -> bool:
    x, y = point
    return line.left < x < line.right and line.ink_top < y < line.ink_bottom


def _crosses(a, b, line) -> bool:
    steps = max(2, int(abs(a[0] - b[0]) + abs(a[1] - b[1])))
    return any(
        _inside((a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps), line)
        for i in range(steps + 1)
    )


def _check(lines, points, stubs=2):
    # The first and last segments are the stubs into the ends: short and upright (to an
    # edge, the last runs down the margin instead).
    for a, b in (points[0:2], points[-2:])[:stubs]:
        assert a[0] == b[0] and abs(a[1] - b[1]) <= LINE / 2
    inner = points[1 : len(points) - stubs + 1]
    for a, b in zip(inner, inner[1:], strict=False):
        assert a[0] == b[0] or a[1] == b[1]  # upright or level: no diagonal over the words
        for line in lines:
            assert not _crosses(a, b, line), (a, b, line)


@given(st.data())
def test_a_route_crosses_no_glyphs_but_at_its_ends(data):
    lines = data.draw(layouts())
    head, tail = data.draw(ends(lines)), data.draw(ends(lines))
    level = data.draw(st.integers(0, 3))
    _check(lines, route(lines, head, tail, WIDTH, level))
    up = data.draw(st.booleans())
    _check(lines, route_to_edge(lines, head, up, 600.0, WIDTH, level), stubs=1)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@given(st.data())
def test_a_label_covers_no_glyphs_and_no_other_label(data):
    lines = data.draw(layouts())
    taken = []
    for _ in range(3):
        size = (data.draw(st.floats(20, 200)), 14.0)
        near = (data.draw(st.floats(0, WIDTH)), data.draw(st.floats(0, 600)))
        box = place_label(lines, size, near, WIDTH, 600.0, taken)
        if box is None:
            continue
        for line in lines:
            if not line.empty:
                assert not _overlap(box, (line.left, line.ink_top, line.right, line.ink_bottom))
        for other in taken:
            assert not _overlap(box, other)
        assert 0 <= box[1] and box[3] <= 600.0 and 0 <= box[0] and box[2] <= WIDTH
        taken.append(box)
