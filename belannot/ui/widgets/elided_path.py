"""PathElider: a status bar path shown elided in the middle, whole in its tooltip."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

from belannot.ui.overriding import override

# The path gets this share of a small status bar, or what a wide one has past KEEP: the
# link mode's message and the other permanent labels need about that much.
PATH_SHARE = 0.12
KEEP = 900


class PathElider(QObject):
    """Keeps ``label`` showing ``text``, elided in the middle to its share of ``bar``."""

    def __init__(self, label: QLabel, text: str, bar: QWidget, share: float = PATH_SHARE) -> None:
        super().__init__(label)
        self.label, self.text, self.bar, self.share = label, text, bar, share
        bar.installEventFilter(self)
        self.fit()

    def fit(self) -> None:
        width = self.bar.width()
        room = max(40, round(width * self.share), width - KEEP)
        shown = self.label.fontMetrics().elidedText(self.text, Qt.TextElideMode.ElideMiddle, room)
        if shown != self.label.text():
            self.label.setText(shown)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.bar and event.type() == QEvent.Type.Resize:
            self.fit()
        return super().eventFilter(watched, event)
