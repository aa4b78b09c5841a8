"""Text Qt would otherwise guess is markup, made literal: tooltips and button mnemonics."""

from __future__ import annotations

import html


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly as written, line breaks and spaces included.

    QToolTip renders anything Qt.mightBeRichText likes as HTML, so a label called
    ``<img src=x>`` would become an image. Escaping inside an explicit rich-text block
    makes the guess irrelevant; ``pre-wrap`` keeps the text's own spacing.
    """
    if not text:
        return ""
    return f"<qt><p style='white-space: pre-wrap'>{html.escape(text)}</p></qt>"


def plain_mnemonic(text: str) -> str:
    """``text`` for a button, action or tab caption, where a single ``&`` marks a shortcut key."""
    return text.replace("&", "&&")
