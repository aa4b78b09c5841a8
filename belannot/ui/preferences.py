"""PreferencesController: applies the preferences (font, theme, snapping, layers) to a window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication

from belannot.ui.actions import ActionId
from belannot.ui.dialogs.preferences_dialog import PreferencesDialog, apply_theme
from belannot.ui.settings import Preferences, Theme

if TYPE_CHECKING:
    from belannot.ui.main_window import MainWindow


class PreferencesController(QObject):
    """Edit → Preferences…: reads and saves through the window's Settings, then applies."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.current = window.settings.preferences()
        window.registry[ActionId.PREFERENCES].triggered.connect(self.edit)
        self.apply_shortcuts()
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._on_system_scheme)
        self.apply(self.current)

    def annotators(self) -> list[str]:
        """Whose layers can be hidden: everyone but the person working (their own always show)."""
        me = self.window.session.user.name
        return [user.name for user in self.window.session.store.users() if user.name != me]

    def edit(self) -> Preferences | None:
        registry = self.window.registry
        chosen = PreferencesDialog.ask(
            self.window.settings, self.annotators(), self.window, registry.keymap()
        )
        if chosen is not None:
            self.window.settings.sync()
            self.apply_shortcuts()
            self.apply(chosen)
        return chosen

    def apply_shortcuts(self) -> None:
        """The defaults, then the remapped keys saved in the settings."""
        overrides = {
            action_id: keys
            for name, keys in self.window.settings.shortcut_overrides().items()
            if (action_id := ActionId.__members__.get(name)) is not None
        }
        registry = self.window.registry
        registry.set_keymap({**registry.keymap().defaults, **overrides})

    def apply(self, preferences: Preferences) -> None:
        self.current = preferences
        window = self.window
        window.article_view.set_font_size(preferences.font_size)
        window.article_view.set_dark(apply_theme(preferences.theme))
        # The Span menu's toggle is the one switch: it sets the view and the setting.
        window.registry[ActionId.SNAPPING].setChecked(preferences.snap_to_words)
        window.set_hidden_annotators(preferences.hidden_annotators)

    def _on_system_scheme(self, scheme: Qt.ColorScheme) -> None:
        if self.current.theme is Theme.SYSTEM:
            self.window.article_view.set_dark(scheme == Qt.ColorScheme.Dark)
