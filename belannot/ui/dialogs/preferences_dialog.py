"""PreferencesDialog: font size, theme, snapping and visible annotator layers, kept in QSettings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

# QSettings keys (until belannot/ui/settings.py owns them all).
FONT_SIZE_KEY = "preferences/font_size"
THEME_KEY = "preferences/theme"
SNAP_KEY = "preferences/snap_to_words"
HIDDEN_ANNOTATORS_KEY = "preferences/hidden_annotators"

FONT_SIZES = range(8, 33)
DEFAULT_FONT_SIZE = 12


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True, slots=True)
class Preferences:
    font_size: int = DEFAULT_FONT_SIZE
    theme: Theme = Theme.SYSTEM
    # Selections grow to whole words (the article view reads this).
    snap_to_words: bool = True
    # Annotators whose layers are hidden; stored this way round so that a new
    # annotator's spans show up by default.
    hidden_annotators: frozenset[str] = frozenset()

    def shows(self, annotator: str) -> bool:
        return annotator not in self.hidden_annotators

    @classmethod
    def load(cls, settings: QSettings) -> Preferences:
        """Read from ``settings``; anything missing or malformed falls back to the default."""
        try:
            font_size = int(settings.value(FONT_SIZE_KEY, DEFAULT_FONT_SIZE))
        except (TypeError, ValueError):
            font_size = DEFAULT_FONT_SIZE
        if font_size not in FONT_SIZES:
            font_size = DEFAULT_FONT_SIZE
        try:
            theme = Theme(str(settings.value(THEME_KEY, Theme.SYSTEM.value)))
        except ValueError:
            theme = Theme.SYSTEM
        snap = settings.value(SNAP_KEY, True)
        hidden = settings.value(HIDDEN_ANNOTATORS_KEY, [])
        if isinstance(hidden, str):  # QSettings returns a one-item list as a string
            hidden = [hidden]
        return cls(
            font_size=font_size,
            theme=theme,
            snap_to_words=snap is True or str(snap).lower() == "true",
            hidden_annotators=frozenset(str(n) for n in (hidden or [])),
        )

    def save(self, settings: QSettings) -> None:
        settings.setValue(FONT_SIZE_KEY, self.font_size)
        settings.setValue(THEME_KEY, self.theme.value)
        settings.setValue(SNAP_KEY, self.snap_to_words)
        settings.setValue(HIDDEN_ANNOTATORS_KEY, sorted(self.hidden_annotators))


def apply_theme(theme: Theme) -> None:
    """Ask Qt for a light or dark palette, or to follow the system (Qt ≥ 6.8)."""
    hints = QGuiApplication.styleHints()
    scheme = {
        Theme.SYSTEM: Qt.ColorScheme.Unknown,  # Unknown = follow the platform
        Theme.LIGHT: Qt.ColorScheme.Light,
        Theme.DARK: Qt.ColorScheme.Dark,
    }[theme]
    if hasattr(hints, "setColorScheme"):
        hints.setColorScheme(scheme)


class PreferencesDialog(QDialog):
    def __init__(
        self,
        preferences: Preferences,
        annotators: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preferences_dialog")
        self.setWindowTitle("Preferences")
        form = QFormLayout()
        self.font_size = QSpinBox(self)
        self.font_size.setRange(FONT_SIZES.start, FONT_SIZES.stop - 1)
        self.font_size.setSuffix(" pt")
        self.font_size.setValue(preferences.font_size)
        form.addRow("Article font size", self.font_size)
        self.theme = QComboBox(self)
        for theme, text in (
            (Theme.SYSTEM, "Follow the system"),
            (Theme.LIGHT, "Light"),
            (Theme.DARK, "Dark"),
        ):
            self.theme.addItem(text, theme.value)
        self.theme.setCurrentIndex(self.theme.findData(preferences.theme.value))
        form.addRow("Theme", self.theme)
        self.snap = QCheckBox("Grow selections to whole words", self)
        self.snap.setChecked(preferences.snap_to_words)
        form.addRow("Snapping", self.snap)
        self.annotators = QListWidget(self)
        self.annotators.setObjectName("annotator_layers")
        for name in annotators:
            item = QListWidgetItem(name)  # item text is never rich text
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if preferences.shows(name) else Qt.CheckState.Unchecked
            )
            self.annotators.addItem(item)
        self._hidden_elsewhere = preferences.hidden_annotators - set(annotators)
        layers = QLabel("Show the spans of", self)
        layers.setTextFormat(Qt.TextFormat.PlainText)
        if not annotators:
            self.annotators.addItem("No annotators yet")
            self.annotators.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(layers)
        layout.addWidget(self.annotators, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def preferences(self) -> Preferences:
        hidden = set(self._hidden_elsewhere)
        if self.annotators.isEnabled():
            for row in range(self.annotators.count()):
                item = self.annotators.item(row)
                if item.checkState() != Qt.CheckState.Checked:
                    hidden.add(item.text())
        return Preferences(
            font_size=self.font_size.value(),
            theme=Theme(self.theme.currentData()),
            snap_to_words=self.snap.isChecked(),
            hidden_annotators=frozenset(hidden),
        )

    @classmethod
    def ask(
        cls,
        settings: QSettings,
        annotators: Sequence[str],
        parent: QWidget | None = None,
    ) -> Preferences | None:
        """Edit the preferences in ``settings``; saves and returns them, or None if cancelled."""
        dialog = cls(Preferences.load(settings), annotators, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        chosen = dialog.preferences()
        chosen.save(settings)
        return chosen
