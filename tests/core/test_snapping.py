"""Selections snap to whole words; double-click words; word and character nudging."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from belannot.core.snapping import (
    next_char_boundary,
    next_word_boundary,
    snap_to_words,
    word_at,
)

TEXT = "He said “Putin needs support,” the official told CNN. It costs 1,000 dollars."


def snapped(text: str, fragment: str, occurrence: int = 0) -> str | None:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(fragment, start + 1)
    result = snap_to_words(text, start, start + len(fragment))
    return None if result is None else text[result[0] : result[1]]


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("eeds supp", "needs support"),  # partial words grow to whole words
        (" needs ", "needs"),  # whitespace is trimmed
        ("support,” ", "support"),  # trailing comma and lone closing quote trimmed
        ("“Putin", "Putin"),  # lone opening quote trimmed
        ("“Putin needs support,”", "“Putin needs support,”"),  # balanced quotes kept
        (" “Putin needs support,” ", "“Putin needs support,”"),
        ("CNN.", "CNN"),
        ("(CNN)", None),  # not in the text: replaced below
        ("1,0", "1,000"),  # a number's separators stay inside the word
        ("000 dollars.", "1,000 dollars"),
        (",” ", None),  # nothing but punctuation and space
    ],
)
def test_snap_examples(fragment, expected):
    text = TEXT
    if fragment == "(CNN)":
        text, expected = "Leaders (CNN) said", "CNN"
    assert snapped(text, fragment) == expected


def test_snap_does_not_cross_apostrophes_or_hyphens():
    text = "Putin’s Russia-Ukraine war"
    assert snapped(text, "Putin") == "Putin"
    assert snapped(text, "Puti") == "Putin"
    assert snapped(text, "Ukraine") == "Ukraine"
    assert snapped(text, "ussia-Ukr") == "Russia-Ukraine"


def test_snap_keeps_emoji_sequences_and_combining_marks_whole():
    text = "we 👩\u200d❤\ufe0f\u200d👩 love cafe\u0301s"
    zwj = "👩\u200d❤\ufe0f\u200d👩"
    start = text.index(zwj) + 2  # in the middle of the sequence
    assert snap_to_words(text, start, start + 1) == (text.index(zwj), text.index(zwj) + len(zwj))
    accent = text.index("\u0301")
    s, e = snap_to_words(text, accent, accent + 1)
    assert text[s:e] == "cafe\u0301s"


def test_snap_rtl_words():
    text = "قال الرئيس إن الحرب"
    s, e = snap_to_words(text, text.index("ئيس"), text.index("ئيس") + 2)
    assert text[s:e] == "الرئيس"


def test_snap_clamps_and_empty():
    assert snap_to_words("", 0, 0) is None
    assert snap_to_words("abc", 2, 2) is None
    assert snap_to_words("abc def", -5, 99) == (0, 7)


def test_word_at():
    text = "Hello, wörld 😊!"
    assert word_at(text, 0) == (0, 5)
    assert word_at(text, 5) == (0, 5)  # at the end of a word: that word
    assert word_at(text, 9) == (7, 12)
    assert word_at(text, text.index("😊")) == (13, 14)
    assert word_at(text, 6) is None  # between ", " and the next word


def test_next_word_boundary():
    text = "one two  three"
    assert next_word_boundary(text, 0, +1) == 3
    assert next_word_boundary(text, 3, +1) == 4
    assert next_word_boundary(text, 0, +1, edge="start") == 4
    assert next_word_boundary(text, 4, +1, edge="end") == 7
    assert next_word_boundary(text, 7, -1, edge="end") == 3
    assert next_word_boundary(text, 9, -1, edge="start") == 4
    assert next_word_boundary(text, 14, +1) is None
    assert next_word_boundary(text, 0, -1) is None
    with pytest.raises(ValueError):
        next_word_boundary(text, 0, 2)


def test_next_char_boundary_skips_clusters():
    text = "a😊e\u0301\r\nb👩\u200d👩"
    assert next_char_boundary(text, 0, +1) == 1
    assert next_char_boundary(text, 1, +1) == 2
    assert next_char_boundary(text, 2, +1) == 4  # e + combining acute
    assert next_char_boundary(text, 4, +1) == 6  # CRLF is one step
    assert next_char_boundary(text, 6, -1) == 4
    assert next_char_boundary(text, 7, +1) == 10  # the whole ZWJ sequence
    assert next_char_boundary(text, 10, +1) is None
    assert next_char_boundary(text, 0, -1) is None


ALPHABET = st.sampled_from(
    list("ab Zé,.;:!?\"'“”‘’«»()[]-—\t\n\r0123456789")
    + ["😊", "\u200d", "\u0301", "\ufe0f", "ש", "ع", "\u00a0", "\u2029"]
)
TEXTS = st.lists(ALPHABET, max_size=40).map("".join)


@st.composite
def text_and_range(draw):
    text = draw(TEXTS)
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return text, start, end


@settings(deadline=None, max_examples=300)
@given(text_and_range())
def test_snap_properties(case):
    text, start, end = case
    result = snap_to_words(text, start, end)
    core = text[start:end].strip(" \t\r\n\u00a0\u2029,.;:!?\"'“”‘’«»()[]-—")
    if result is None:
        assert not any(c.isalnum() or c == "😊" for c in text[start:end])
        return
    s, e = result
    assert 0 <= s < e <= len(text)
    assert not text[s].isspace() and not text[e - 1].isspace()
    assert snap_to_words(text, s, e) == result  # idempotent
    if core:  # the selection's non-space, non-punctuation core is kept
        core_start = text.index(core, start)
        assert s <= core_start and core_start + len(core) <= e


@settings(deadline=None, max_examples=200)
@given(TEXTS, st.integers(0, 45), st.sampled_from([-1, 1]))
def test_boundaries_move_strictly(text, pos, direction):
    pos = min(pos, len(text))
    for found in (
        next_word_boundary(text, pos, direction),
        next_char_boundary(text, pos, direction),
    ):
        if found is not None:
            assert 0 <= found <= len(text)
            assert (found - pos) * direction > 0
