"""Status bar text fitted to its room: PathElider (a path elided in the middle, whole in its
tooltip) and FittedStatus (a message of parts, the last dropped first)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from belannot.ui.overriding import override

# The path gets this share of a small status bar, or what a wide one has past KEEP: the
# link mode's message and the other permanent labels need about that much.
PATH_SHARE = 0.12
KEEP = 900
# A message's parts, the least needed last: dropped from the end while it does not fit.
PARTS = " · "
# Between the message and the leftmost permanent field.
MESSAGE_MARGIN = 8


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


class FittedStatus(QObject):
    """Shows messages on ``bar`` that keep to the room left of its permanent fields, fitted
    again when the bar is resized: whole parts are dropped from the end, never a word cut."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.bar, self.text, self.shown = bar, "", ""
        bar.installEventFilter(self)

    def show(self, text: str) -> None:
        self.text = text
        self._fit()

    def _fit(self) -> None:
        layout = self.bar.layout()
        if layout is not None:
            layout.activate()  # the permanent fields' widths after their last change
        fields = self.bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        lefts = [w.geometry().left() for w in fields if w.isVisible()]
        room = min(lefts, default=self.bar.width()) - MESSAGE_MARGIN
        metrics, text = self.bar.fontMetrics(), self.text
        while PARTS in text and metrics.horizontalAdvance(text) > room:
            text = text.rsplit(PARTS, 1)[0]
        self.shown = text
        self.bar.showMessage(text)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.bar and event.type() == QEvent.Type.Resize and self.text:
            if self.bar.currentMessage() == self.shown:  # not replaced by another message
                self._fit()
        return super().eventFilter(watched, event)
