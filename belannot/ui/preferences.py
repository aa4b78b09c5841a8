"""PreferencesController: applies the preferences (font, theme, snapping, layers) to a window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from belannot.ui.actions import ActionId, ActionRegistry
from belannot.ui.app_theme import apply_theme
from belannot.ui.settings import Preferences, Settings, Theme
from belannot.ui.widgets.article_view import ArticleView


class PreferencesController(QObject):
    """Edit → Preferences…: reads and saves through Settings, then applies."""

    # The annotators whose spans are not shown (a frozenset of names).
    hidden_annotators_chosen = Signal(object)

    def __init__(
        self,
        settings: Settings,
        registry: ActionRegistry,
        view: ArticleView,
        others: Callable[[], list[str]],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.settings, self.registry, self.view = settings, registry, view
        self._others, self._parent = others, parent
        self.current = settings.preferences()
        registry[ActionId.PREFERENCES].triggered.connect(self.edit)
        self.apply_shortcuts()
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._on_system_scheme)

    def annotators(self) -> list[str]:
        """Whose layers can be hidden: everyone but the person working (their own always show)."""
        return self._others()

    def edit(self) -> Preferences | None:
        # The dialog (with the shortcut editor) loads when it first opens, not at start.
        from belannot.ui.dialogs.preferences_dialog import PreferencesDialog

        chosen = PreferencesDialog.ask(
            self.settings, self.annotators(), self._parent, self.registry.keymap()
        )
        if chosen is not None:
            self.settings.sync()
            self.apply_shortcuts()
            self.apply(chosen)
        return chosen

    def apply_shortcuts(self) -> None:
        """The defaults, then the remapped keys saved in the settings."""
        overrides = {
            action_id: keys
            for name, keys in self.settings.shortcut_overrides().items()
            if (action_id := ActionId.__members__.get(name)) is not None
        }
        registry = self.registry
        registry.set_keymap({**registry.keymap().defaults, **overrides})

    def apply(self, preferences: Preferences) -> None:
        self.current = preferences
        self.view.set_font_size(preferences.font_size)
        self.view.set_dark(apply_theme(preferences.theme))
        # The Span menu's toggle is the one switch: it sets the view and the setting.
        self.registry[ActionId.SNAPPING].setChecked(preferences.snap_to_words)
        self.hidden_annotators_chosen.emit(preferences.hidden_annotators)

    def _on_system_scheme(self, scheme: Qt.ColorScheme) -> None:
        if self.current.theme is Theme.SYSTEM:
            self.view.set_dark(scheme == Qt.ColorScheme.Dark)
