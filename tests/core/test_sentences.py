"""The sentence splitter does not end a sentence after an initial or a title before a name."""

from __future__ import annotations

import pytest

from belannot.core.formats.tokens import sentences, tokenize


def split(text):
    return [" ".join(t.text for t in s) for s in sentences(text, tokenize(text), [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Willie R. Smith spoke. Then he left.",
            ["Willie R . Smith spoke .", "Then he left ."],
        ),
        ("J. R. R. Tolkien wrote. Fine.", ["J . R . R . Tolkien wrote .", "Fine ."]),
        ("Dr. Who met Gen. Lee. They talked.", ["Dr . Who met Gen . Lee .", "They talked ."]),
        # A long word, a number or a lower-case letter before the stop still ends it.
        ("Vote for A. Or not.", ["Vote for A . Or not ."]),
        ("It rose by 5. Then fell.", ["It rose by 5 .", "Then fell ."]),
        ("Plan b. Later.", ["Plan b .", "Later ."]),
    ],
)
def test_initials_and_titles_do_not_end_a_sentence(text, expected):
    assert split(text) == expected
