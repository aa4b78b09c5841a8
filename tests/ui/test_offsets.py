"""OffsetMap agrees with what QTextDocument does to the same text, character by character."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from belannot.ui.offsets import OffsetMap

SMILE = "😊"
COUPLE = "👩\u200d❤\ufe0f\u200d👩"  # a ZWJ sequence: 6 code points, 8 UTF-16 units
CAFE = "cafe\u0301"  # e + combining acute accent
RTL = "قال المتحدث: «الحرب ستنتهي قريبًا» ثم غادر.\nשלום עולם"

SAMPLES = {
    "emoji": f"I am {SMILE} happy {SMILE}{SMILE}.",
    "zwj": f"Love {COUPLE} is love.",
    "combining": f"A {CAFE} au lait",
    "crlf": "first line\r\nsecond line\r\n\r\nthird",
    "tabs": "col\tcol\t\tcol\n\tindented",
    "rtl": RTL,
    "mixed": f"{SMILE}\r\n{CAFE}\t{COUPLE} — {RTL}\r\r\nend\u2028soft\u2029para",
}


def qt_text(text: str) -> str:
    """The plain text a QTextDocument holds for ``text`` (separators made visible)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n")


def qt_selected(document: QTextDocument, start: int, end: int) -> str:
    cursor = QTextCursor(document)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText().replace("\u2029", "\n").replace("\u2028", "\u2028")


def check_against_qt(text: str) -> None:
    document = QTextDocument()
    document.setPlainText(text)
    offsets = OffsetMap(text)
    assert offsets.qt_length == document.characterCount() - 1
    crlf_middles = {i + 1 for i in range(len(text) - 1) if text[i : i + 2] == "\r\n"}
    for cp in range(len(text) + 1):
        u16 = offsets.to_utf16(cp)
        if cp not in crlf_middles:
            assert offsets.to_code_point(u16) == cp
    for start in range(len(text) + 1):
        if start in crlf_middles:
            continue
        for end in range(start, len(text) + 1):
            if end in crlf_middles:
                continue
            qt_start, qt_end = offsets.utf16_range(start, end)
            assert qt_selected(document, qt_start, qt_end) == qt_text(text[start:end])


@pytest.mark.parametrize("name", SAMPLES)
def test_samples_agree_with_qt(qapp, name):
    check_against_qt(SAMPLES[name])


def test_explicit_positions():
    offsets = OffsetMap(f"a{SMILE}b\r\nc")
    # a=0, 😊=1 (2 units), b=3 in UTF-16; "\r\n" is one separator at 4; c at 5.
    assert [offsets.to_utf16(cp) for cp in range(7)] == [0, 1, 3, 4, 5, 5, 6]
    assert [offsets.to_code_point(u) for u in range(7)] == [0, 1, 1, 2, 3, 5, 6]
    assert offsets.to_code_point(2) == 1  # inside the surrogate pair: the emoji itself
    assert offsets.qt_length == 6 and offsets.length == 6
    assert offsets.to_utf16(-3) == 0 and offsets.to_utf16(99) == 6
    assert offsets.to_code_point(99) == 6


def test_plain_text_is_identity():
    offsets = OffsetMap("plain\ntext\twith tabs")
    assert offsets.is_identity
    assert offsets.to_utf16(7) == 7 and offsets.to_code_point(7) == 7


def test_zwj_sequence_units():
    text = f"x{COUPLE}y"
    offsets = OffsetMap(text)
    assert offsets.to_utf16(len(text) - 1) == 1 + 8  # y comes after 8 UTF-16 units
    assert offsets.to_code_point(9) == len(text) - 1


PIECES = st.sampled_from(
    ["a", "b", " ", "\t", "\n", "\r", "\r\n", SMILE, COUPLE, "\u0301", "ש", "ع", "\u2028", "\u2029"]
)


@settings(deadline=None, max_examples=60)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_random_texts_agree_with_qt(qapp, text):
    check_against_qt(text)
