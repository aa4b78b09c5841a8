"""Span navigation and find-in-article, without Qt: the article view's pure logic."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from belannot.core.navigation import next_span, nudged_range
from belannot.core.search import find_all, next_match

ORDER = [(0, 5, "a"), (10, 20, "b"), (10, 15, "b2"), (30, 35, "c")]
ORDER.sort()


def linear_next(order, caret, current, backwards):
    # The plain scan the article view used before: the oracle for the bisecting version.
    if not order:
        return None
    if current is not None and current[0] <= caret <= current[1]:
        at = order.index(current)
        return order[(at + (-1 if backwards else 1)) % len(order)][2]
    if backwards:
        before = [k for k in order if k[0] < caret]
        return (before[-1] if before else order[-1])[2]
    return next((k for k in order if k[0] >= caret), order[0])[2]


def test_next_span_from_the_caret_wraps_around():
    assert next_span(ORDER, 25) == "c"
    assert next_span(ORDER, 25, backwards=True) == "b"
    assert next_span(ORDER, 40) == "a"
    assert next_span(ORDER, 0, backwards=True) == "c"
    assert next_span([], 3) is None


def test_next_span_steps_from_the_current_span_through_nested_ones():
    # Reading order: a, b2 (the shorter of two at 10), b, c.
    assert next_span(ORDER, 12, current=(10, 15, "b2")) == "b"
    assert next_span(ORDER, 12, current=(10, 20, "b")) == "c"
    assert next_span(ORDER, 12, current=(10, 15, "b2"), backwards=True) == "a"
    # A current span away from the caret does not count.
    assert next_span(ORDER, 25, current=(0, 5, "a")) == "c"


keys = st.lists(
    st.tuples(st.integers(0, 40), st.integers(1, 10), st.sampled_from("abcdef")),
    unique_by=lambda k: k[2],
).map(lambda raw: sorted((s, s + n, i) for s, n, i in raw))


@given(keys, st.integers(0, 50), st.booleans(), st.data())
def test_next_span_matches_a_plain_scan(order, caret, backwards, data):
    current = data.draw(st.sampled_from(order)) if order and data.draw(st.booleans()) else None
    assert next_span(order, caret, current, backwards) == linear_next(
        order, caret, current, backwards
    )


def test_nudged_range_moves_one_edge_and_never_empties_a_span():
    text = "Hello brave world"
    assert nudged_range(text, 6, 11, "start", -1, False) == (5, 11)
    assert nudged_range(text, 6, 11, "end", 1, True) == (6, 17)
    assert nudged_range(text, 6, 7, "end", -1, False) is None
    assert nudged_range(text, 0, 5, "start", -1, False) is None
    assert nudged_range(text, 0, 5, "middle", 1, False) is None
    assert nudged_range(text, 0, 5, "end", 2, False) is None


def test_find_all_ignores_case_unless_asked():
    text = "Hello hello HELLO"
    assert find_all(text, "hello") == [(0, 5), (6, 11), (12, 17)]
    assert find_all(text, "hello", case_sensitive=True) == [(6, 11)]
    assert find_all(text, "") == []
    assert find_all(text, "a.b") == []  # the query is text, not a pattern


def test_find_all_whole_words_only():
    text = "Putin, Putinism and putin’s"
    assert find_all(text, "putin", whole_word=True) == [(0, 5), (20, 25)]
    assert find_all("😊ab ab", "ab", whole_word=True) == [(4, 6)]


@given(st.text(alphabet="aAb ,😊", max_size=30), st.text(alphabet="aAb😊", min_size=1, max_size=3))
def test_find_all_agrees_with_re(text, query):
    expected = [m.span() for m in re.finditer(re.escape(query), text, re.IGNORECASE)]
    assert find_all(text, query) == expected


def test_next_match_forwards_backwards_and_while_typing():
    matches = [(0, 5), (6, 11), (12, 17)]
    assert next_match(matches, (0, 5)) == (6, 11)
    assert next_match(matches, (0, 5), incremental=True) == (0, 5)
    assert next_match(matches, (12, 17)) == (0, 5)
    assert next_match(matches, (6, 11), backwards=True) == (0, 5)
    assert next_match(matches, (0, 0), backwards=True) == (12, 17)
    assert next_match([], (0, 0)) is None
