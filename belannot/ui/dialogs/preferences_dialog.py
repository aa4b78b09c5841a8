"""PreferencesDialog: font size, theme, snapping, visible annotator layers and shortcuts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSettings, Qt
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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from belannot.ui.actions import Keymap
from belannot.ui.app_theme import apply_theme, dark_palette
from belannot.ui.dialogs.shortcut_editor import ShortcutEditor
from belannot.ui.settings import FONT_SIZES, Preferences, Settings, Theme

__all__ = ["Preferences", "PreferencesDialog", "Theme", "apply_theme", "dark_palette"]


class PreferencesDialog(QDialog):
    def __init__(
        self,
        preferences: Preferences,
        annotators: Sequence[str],
        parent: QWidget | None = None,
        shortcuts: Keymap | None = None,
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
        general = QWidget(self)
        page = QVBoxLayout(general)
        page.addLayout(form)
        page.addWidget(layers)
        page.addWidget(self.annotators, 1)
        layout = QVBoxLayout(self)
        self.shortcut_editor: ShortcutEditor | None = None
        if shortcuts is None:
            layout.addWidget(general, 1)
        else:
            tabs = QTabWidget(self)
            tabs.addTab(general, "General")
            self.shortcut_editor = ShortcutEditor(shortcuts, tabs)
            tabs.addTab(self.shortcut_editor, "Shortcuts")
            layout.addWidget(tabs, 1)
            self.resize(560, 520)
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

    def keymap(self) -> Keymap | None:
        """The shortcuts as edited (None without the Shortcuts page)."""
        return self.shortcut_editor.keymap() if self.shortcut_editor is not None else None

    @classmethod
    def ask(
        cls,
        settings: Settings | QSettings,
        annotators: Sequence[str],
        parent: QWidget | None = None,
        shortcuts: Keymap | None = None,
    ) -> Preferences | None:
        """Edit the preferences in ``settings``; saves and returns them, or None if cancelled.

        With ``shortcuts`` (the registry's keymap) the remapped keys are saved too."""
        dialog = cls(Preferences.load(settings), annotators, parent, shortcuts)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        chosen = dialog.preferences()
        chosen.save(settings)
        keymap = dialog.keymap()
        if keymap is not None:
            wrapped = settings if isinstance(settings, Settings) else Settings.wrap(settings)
            wrapped.set_shortcut_overrides({a.name: k for a, k in keymap.overrides().items()})
        return chosen
