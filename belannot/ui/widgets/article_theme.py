"""The article's paper, ink and reading font, light or dark."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QWidget

from belannot.ui.widgets.span_highlighter import SpanHighlighter

PAPER = QColor("#fbfaf6")
INK = QColor("#24292f")
SELECTION = QColor("#b9d3f5")
# The dark theme's paper: dark enough for the tints to read, not pure black.
DARK_PAPER = QColor("#1e2125")
DARK_INK = QColor("#e6e3dc")
DARK_SELECTION = QColor("#2f4f7a")
READING_FONTS = (
    "Literata",
    "Source Serif 4",
    "Source Serif Pro",
    "Charter",
    "Georgia",
    "Noto Serif",
    "DejaVu Serif",
)


def reading_font() -> QFont:
    available = set(QFontDatabase.families())
    family = next((f for f in READING_FONTS if f in available), None)
    font = QFont(family) if family else QFont()
    if not family:
        font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSizeF(12.5)
    return font


def apply_theme(widget: QWidget, highlighter: SpanHighlighter, dark: bool) -> None:
    """Dark paper and light ink (or the reverse) on ``widget``; span tints are blended anew."""
    paper, ink, selection = (
        (DARK_PAPER, DARK_INK, DARK_SELECTION) if dark else (PAPER, INK, SELECTION)
    )
    palette = widget.palette()
    for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Window):
        palette.setColor(role, paper)
    palette.setColor(QPalette.ColorRole.Text, ink)
    palette.setColor(QPalette.ColorRole.Highlight, selection)
    palette.setColor(QPalette.ColorRole.HighlightedText, ink)
    widget.setPalette(palette)
    highlighter.paper = paper
    highlighter.set_colors(dict(highlighter.colors))


def is_dark(highlighter: SpanHighlighter) -> bool:
    return highlighter.paper == DARK_PAPER
