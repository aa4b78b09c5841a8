"""Running start-up work once the window's first picture is on the screen, not before it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from belannot.ui.overriding import override

# Work that waits for a paint that never comes (a window shown minimised) runs anyway.
AT_MOST_MS = 2000


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, work: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._work: Callable[[], None] | None = work
        widget.installEventFilter(self)
        QTimer.singleShot(AT_MOST_MS, self, self._run)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._work is not None:
            # After the paint, not inside it: the picture reaches the screen first.
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        work, self._work = self._work, None
        if work is None:
            return
        self._widget.removeEventFilter(self)
        work()


def after_first_paint(widget: QWidget, work: Callable[[], None]) -> None:
    """Run ``work`` once, on the UI thread, right after ``widget`` first paints."""
    _FirstPaint(widget, work)
