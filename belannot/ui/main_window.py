"""MainWindow: lays out the document list and the article view, and wires them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
)

from belannot.ui.session import Session


class MainWindow(QMainWindow):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.setWindowTitle(f"belannot — {session.user.name}")
        self.article_view = QPlainTextEdit(self)
        self.article_view.setReadOnly(True)
        self.setCentralWidget(self.article_view)

        self.document_list = QListWidget(self)
        for summary in session.store.document_summaries(limit=10_000):
            item = QListWidgetItem(summary.title or summary.id)
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
            self.document_list.addItem(item)
        self.document_list.currentItemChanged.connect(self._open_item)
        dock = QDockWidget("Documents", self)
        dock.setObjectName("documents_dock")
        dock.setWidget(self.document_list)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.statusBar().showMessage(
            f"{session.user.name} ({session.user.role.value}) · {session.store.path}"
        )

    def open_document(self, document_id: str) -> None:
        for row in range(self.document_list.count()):
            item = self.document_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == document_id:
                self.document_list.setCurrentItem(item)
                return

    def _open_item(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        # setPlainText: article text is never interpreted as rich text.
        self.article_view.setPlainText(
            self.session.store.document_text(item.data(Qt.ItemDataRole.UserRole))
        )
