"""Fixtures the window and view tests share: settings in a temporary file, a shown ArticleView."""

from __future__ import annotations

import pytest

from belannot.ui.settings import Settings
from belannot.ui.widgets.article_view import ArticleView


@pytest.fixture
def settings(tmp_path):
    return Settings(tmp_path / "settings.ini")


@pytest.fixture
def view(qtbot):
    widget = ArticleView()
    widget.resize(900, 600)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
