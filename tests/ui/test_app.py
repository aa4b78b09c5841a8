"""The composition root's screenshot mode: a fixed picture that leaves the user's layout alone."""

from __future__ import annotations

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
