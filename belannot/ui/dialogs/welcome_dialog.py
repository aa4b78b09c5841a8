"""WelcomeDialog: the short first-run welcome pointing at the labels and their hotkeys."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from belannot.core.model import Label
from belannot.core.reader import ProjectReader
from belannot.ui.actions import label_hotkey
from belannot.ui.settings import Settings


def _typed(settings: Settings | QSettings) -> Settings:
    return settings if isinstance(settings, Settings) else Settings.wrap(settings)


def welcome_wanted(settings: Settings | QSettings) -> bool:
    """Whether the welcome should show at start-up."""
    return _typed(settings).welcome_wanted()


def _plain(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def welcome_intro(store: ProjectReader | None) -> str:
    """The welcome's first sentence: where the articles are, and on a team project whose."""
    start = "Select a passage of text, then press a label's key to mark it:"
    if store is not None and store.login is not None:
        from belannot.ui.project_place import status_text

        return (
            f"You work as {store.login} on the team project {status_text(store)}: what you "
            f"mark is saved on its server, and the others see it as you go. {start}"
        )
    bundled = f"The bundled news articles are open in the default project. {start}"
    if store is None:
        return bundled
    count = store.document_count()
    if not count:
        # A project of one's own (--db), still empty: where the articles come from.
        return (
            "This project has no articles yet: File → Import… brings them in (plain text, "
            "JSONL or another tool's export). Then select a passage of text and press a "
            "label's key to mark it:"
        )
    from belannot.core.project import default_project_path

    if store.location == default_project_path():
        return bundled
    noun = "article is" if count == 1 else "articles are"
    return f"This project's {count:,} {noun} in the list on the left. {start}"


class WelcomeDialog(QDialog):
    def __init__(
        self,
        labels: Sequence[Label],
        parent: QWidget | None = None,
        *,
        store: ProjectReader | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("welcome_dialog")
        self.setWindowTitle("Welcome to belannot")
        layout = QVBoxLayout(self)
        heading = _plain("Welcome to belannot", self)
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        heading.setFont(font)
        layout.addWidget(heading)
        layout.addWidget(_plain(welcome_intro(store), self))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        for row, label in enumerate(labels):
            swatch = QLabel(self)
            size = self.fontMetrics().height()
            device_size = int(size * self.devicePixelRatio())
            pixmap = QPixmap(device_size, device_size)
            pixmap.setDevicePixelRatio(self.devicePixelRatio())
            pixmap.fill(QColor(label.color))
            swatch.setPixmap(pixmap)
            key = _plain(label_hotkey(label, row) or "–", self)
            key.setObjectName(f"welcome_key_{row}")
            key_font = key.font()
            key_font.setBold(True)
            key.setFont(key_font)
            grid.addWidget(swatch, row, 0)
            grid.addWidget(key, row, 1)
            grid.addWidget(_plain(label.name, self), row, 2)
            grid.addWidget(_plain(label.description, self), row, 3)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)
        layout.addWidget(
            _plain(
                "The Guidelines pane explains each label with examples from these articles; "
                "hover a label to see its definition. Edits are saved as you go, and Ctrl+Z "
                "undoes them.",
                self,
            )
        )
        self.dont_show = QCheckBox("Don't show this again", self)
        layout.addWidget(self.dont_show)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start annotating")
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 84)

    @classmethod
    def ask(
        cls,
        labels: Sequence[Label],
        settings: Settings | QSettings,
        parent: QWidget | None = None,
        store: ProjectReader | None = None,
    ) -> bool:
        """Show the welcome; remember "don't show again". Returns whether it was dismissed
        for good."""
        dialog = cls(labels, parent, store=store)
        dialog.exec()
        dismissed = dialog.dont_show.isChecked()
        if dismissed:
            _typed(settings).set_welcome_dismissed()
        return dismissed
