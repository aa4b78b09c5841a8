"""Text Qt would otherwise guess is markup, made literal: tooltips and button mnemonics."""

from __future__ import annotations

# html.escape's table, without the html package: importing it loads html.entities'
# 2,000 names (~0.7 MB) at the window's start for five characters.
_MARKUP = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape_markup(text: str) -> str:
    """``text`` with the characters HTML reads as markup written as entities."""
    return text.translate(_MARKUP)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly as written, line breaks and spaces included.

    QToolTip renders anything Qt.mightBeRichText likes as HTML, so a label called
    ``<img src=x>`` would become an image. Escaping inside an explicit rich-text block
    makes the guess irrelevant; ``pre-wrap`` keeps the text's own spacing.
    """
    if not text:
        return ""
    return f"<qt><p style='white-space: pre-wrap'>{escape_markup(text)}</p></qt>"


def plain_mnemonic(text: str) -> str:
    """``text`` for a button, action or tab caption, where a single ``&`` marks a shortcut key."""
    return text.replace("&", "&&")
