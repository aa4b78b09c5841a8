"""ArticleColumn: the window's centre — a title line over the article, the find bar under it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from belannot.core.model import Document
from belannot.ui.widgets.article_view import ArticleView
from belannot.ui.widgets.find_bar import FindBar


class ArticleColumn(QWidget):
    """Holds the article view and its find bar; shows the open document's title and facts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel(self)
        self.title_label.setObjectName("documentTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.title_label.setWordWrap(True)
        self.meta_label = QLabel(self)
        self.meta_label.setTextFormat(Qt.TextFormat.PlainText)
        self.meta_label.setStyleSheet("color: palette(mid);")
        self.article_view = ArticleView(self)
        self.find_bar = FindBar(self)
        self.find_bar.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 10, 12, 6)
        column.setSpacing(4)
        column.addWidget(self.title_label)
        column.addWidget(self.meta_label)
        column.addWidget(self.article_view, 1)
        column.addWidget(self.find_bar)

    def show_facts(self, document: Document, state_text: str) -> None:
        """The title, and a line of where the document is from and how far this user is."""
        self.title_label.setText(document.meta.title or document.id)
        parts = [
            document.meta.source or "",
            (document.meta.published or "")[:10],
            f"{len(document.text):,} characters",
            f"your status: {state_text}",
        ]
        self.meta_label.setText("  ·  ".join(p for p in parts if p))
