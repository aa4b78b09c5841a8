"""The tokenizer, sentence splitter and overlap policies behind CoNLL, HF and Prodigy."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from belannot.core.formats.exporting import OverlapPolicy
from belannot.core.formats.tokens import (
    iob_tags,
    is_valid_iob2,
    resolve_overlaps,
    sentences,
    span_boundaries,
    tokenize,
)
from belannot.core.model import Span

ALPHABET = st.sampled_from(
    list("ab Z.!?\n\r\t,”“") + ["\u0301", "\u200d", "👨", "🇩", "🇪", "\ufe0f", "é", "1"]
)


def span(start, end, label="actor"):
    return Span(f"{start}-{end}-{label}", "d", start, end, label, "a")


def test_combining_marks_emoji_sequences_and_flags_stay_whole():
    text = "Cafe\u0301s 👨\u200d👩\u200d👧 🇩🇪 👍🏽 ok."
    assert [t.text for t in tokenize(text)] == [
        "Cafe\u0301s",
        "👨\u200d👩\u200d👧",
        "🇩🇪",
        "👍🏽",
        "ok",
        ".",
    ]


def test_sentences_split_at_line_breaks_and_stops_but_not_inside_spans():
    text = "He said “One. Two.” Then.\r\nNext"
    quote = span(8, 19, "quote")
    tokens = tokenize(text, span_boundaries([quote]))
    got = [" ".join(t.text for t in s) for s in sentences(text, tokens, [quote])]
    assert got == ["He said “ One . Two . ”", "Then .", "Next"]


@settings(max_examples=150, deadline=None)
@given(st.text(ALPHABET, max_size=40), st.lists(st.tuples(st.integers(0, 40), st.integers(1, 8))))
def test_tokens_cover_every_non_space_character_and_respect_boundaries(text, raw_spans):
    spans = [span(s, min(s + n, len(text))) for s, n in raw_spans if s < len(text)]
    spans = [s for s in spans if s.end > s.start]
    cuts = span_boundaries(spans)
    tokens = tokenize(text, cuts)
    covered = "".join(t.text for t in tokens)
    assert covered == "".join(c for c in text if not c.isspace())
    for first, second in zip(tokens, tokens[1:], strict=False):
        assert first.end <= second.start
    for token in tokens:
        assert text[token.start : token.end] == token.text
        assert not any(token.start < cut < token.end for cut in cuts)
    for policy in OverlapPolicy:
        kept, dropped = resolve_overlaps(spans, policy, ["event", "actor"])
        assert dropped == len({(s.start, s.end, s.label) for s in spans}) - len(kept)
        tags, _ = iob_tags(tokens, kept)
        assert is_valid_iob2(tags)
        for sentence in sentences(text, tokens, kept):
            sentence_tags = [tags[tokens.index(t)] for t in sentence]
            assert is_valid_iob2(sentence_tags)
