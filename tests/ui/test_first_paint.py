"""Start-up work (the daily backup, the collector's freeze) waits for the first picture."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from belannot.ui.first_paint import after_first_paint


class Log(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.seen.append("paint")
        return False


def test_work_runs_once_after_the_first_paint(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    log = Log()
    widget.installEventFilter(log)
    after_first_paint(widget, lambda: log.seen.append("work"))
    assert log.seen == []
    widget.show()
    qtbot.waitUntil(lambda: "work" in log.seen)
    assert log.seen[0] == "paint"
    widget.update()
    qtbot.waitUntil(lambda: log.seen.count("paint") >= 2)
    assert log.seen.count("work") == 1


def test_work_runs_even_without_a_paint(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    done = []
    after_first_paint(widget, lambda: done.append(True))
    qtbot.waitUntil(lambda: done == [True], timeout=5000)
