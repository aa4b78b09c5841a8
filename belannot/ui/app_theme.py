"""The application's colour scheme: light, dark or the system's (applied at every start)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from belannot.ui.settings import Theme


def dark_palette() -> QPalette:
    """A dark Fusion palette, for platforms that cannot switch colour scheme themselves."""
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2d31"),
        (QPalette.ColorRole.WindowText, "#e6e3dc"),
        (QPalette.ColorRole.Base, "#1e2125"),
        (QPalette.ColorRole.AlternateBase, "#262a2f"),
        (QPalette.ColorRole.ToolTipBase, "#2b2d31"),
        (QPalette.ColorRole.ToolTipText, "#e6e3dc"),
        (QPalette.ColorRole.PlaceholderText, "#8b8f96"),
        (QPalette.ColorRole.Text, "#e6e3dc"),
        (QPalette.ColorRole.Button, "#33363b"),
        (QPalette.ColorRole.ButtonText, "#e6e3dc"),
        (QPalette.ColorRole.BrightText, "#ffffff"),
        (QPalette.ColorRole.Light, "#45494f"),
        (QPalette.ColorRole.Midlight, "#3a3d42"),
        (QPalette.ColorRole.Mid, "#6f737a"),
        (QPalette.ColorRole.Dark, "#1a1c1f"),
        (QPalette.ColorRole.Shadow, "#000000"),
        (QPalette.ColorRole.Highlight, "#2f6fb5"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.Link, "#7fb2f0"),
    ):
        palette.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7e85"))
    return palette


def apply_theme(theme: Theme) -> bool:
    """Light, dark or the system's scheme for the whole application; True if dark.

    Qt ≥ 6.8 asks the platform to switch. Where it cannot (X11 without a desktop portal,
    offscreen), an explicit choice falls back to a palette of our own.
    """
    hints = QGuiApplication.styleHints()
    wanted = {
        Theme.SYSTEM: Qt.ColorScheme.Unknown,  # Unknown = follow the platform
        Theme.LIGHT: Qt.ColorScheme.Light,
        Theme.DARK: Qt.ColorScheme.Dark,
    }[theme]
    if hasattr(hints, "setColorScheme"):
        hints.setColorScheme(wanted)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return theme is Theme.DARK
    if theme is Theme.SYSTEM or hints.colorScheme() == wanted:
        # A palette without resolved roles hands the colours back to the platform.
        app.setPalette(QPalette())
        return hints.colorScheme() == Qt.ColorScheme.Dark
    app.setPalette(dark_palette() if theme is Theme.DARK else app.style().standardPalette())
    return theme is Theme.DARK
