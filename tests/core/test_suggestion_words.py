"""A long text's words are found piece by piece (a background computation must not hold the
interpreter for one long split), exactly as one split finds them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from belannot.core.recommenders import base

ALPHABET = st.sampled_from(list("ab’'  \n\r😊é-.") + ["don't", "Lukashenko"])


def one_split(text: str) -> base.Words:
    parts = base._SPLIT.split(text)
    offsets = [0]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    return base.Words(offsets[1:-1:2], offsets[2::2], parts[1::2])


@settings(max_examples=200)
@given(st.lists(ALPHABET, max_size=80).map("".join))
def test_words_in_pieces_are_the_words_of_one_split(text):
    base.words.cache_clear()
    previous = base.CHUNK
    base.CHUNK = 7
    try:
        found = base.words(text)
    finally:
        base.CHUNK = previous
        base.words.cache_clear()
    expected = one_split(text)
    assert list(found.starts) == list(expected.starts)
    assert list(found.ends) == list(expected.ends)
    assert list(found.texts) == list(expected.texts)
    triples = zip(found.starts, found.ends, found.texts, strict=True)
    assert all(text[s:e] == w for s, e, w in triples)


def test_a_long_text_is_split_in_pieces(monkeypatch):
    split = base._SPLIT
    lengths: list[int] = []

    class Recording:
        def split(self, text: str) -> list[str]:
            lengths.append(len(text))
            return split.split(text)

    monkeypatch.setattr(base, "_SPLIT", Recording())
    base.words.cache_clear()
    text = "Lukashenko said Belarus could join the war. " * 20_000  # 880,000 characters
    found = base.words(text)
    base.words.cache_clear()
    assert len(found.texts) == 7 * 20_000
    assert max(lengths) < 100_000
