"""The composition root's screenshot mode: a fixed picture that leaves the user's layout alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from belannot.app import DEFAULT_SIZE, run_window
from belannot.core.model import Document, User
from belannot.ui.settings import Settings


def test_screenshot_has_the_default_size_and_saves_no_layout(qtbot, store, tmp_path):
    from PySide6.QtGui import QImage

    store.add_document(Document("d", "Lukashenko met Putin."))
    settings = Settings(tmp_path / "settings.ini")
    target = tmp_path / "shot.png"
    assert run_window(store, User("alice"), screenshot=target, settings=settings) == 0
    image = QImage(str(target))
    assert (image.width(), image.height()) == DEFAULT_SIZE
    assert settings.geometry() is None


# Paints a half-transparent square: Qt's raster engine blends it in segments, on its own
# thread pool unless told not to. Prints the process's thread count before and after.
FILL_PROBE = """
import os, sys
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter

if sys.argv[1] == "belannot":
    from belannot.app import application
    application()
else:
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
before = len(os.listdir("/proc/self/task"))
image = QImage(600, 600, QImage.Format.Format_ARGB32_Premultiplied)
painter = QPainter(image)
painter.setBrush(QColor(200, 10, 10, 128))
painter.drawRect(QRect(10, 10, 500, 500))
painter.end()
print(before, len(os.listdir("/proc/self/task")))
"""


def _threads_around_a_fill(maker: str) -> tuple[int, int]:
    env = {k: v for k, v in os.environ.items() if k != "QT_NO_GUI_THREADPOOL"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [sys.executable, "-c", FILL_PROBE, maker],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    before, after = map(int, result.stdout.split())
    return before, after


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc")
def test_the_app_paints_on_its_own_thread():
    """Qt hands big fills to a thread pool and waits; for widgets that costs more than it
    saves (bench_window.py), so the app's QApplication fills serially."""
    plain_before, plain_after = _threads_around_a_fill("plain")
    if plain_after == plain_before:
        pytest.skip("this Qt (or a one-core machine) fills serially anyway")
    before, after = _threads_around_a_fill("belannot")
    assert after == before
