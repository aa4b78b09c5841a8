"""MentionsDialog: every span linked to one actor across the corpus; Enter jumps to one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from belannot.core.actors import Mention
from belannot.core.store.actors import CONTEXT
from belannot.ui.models.table import ModelIndex, RowsTableModel
from belannot.ui.overriding import override
from belannot.ui.plain import plain_tooltip
from belannot.ui.session import Session
from belannot.ui.widgets import row_table


class Column(IntEnum):
    DOCUMENT = 0
    BEFORE = 1
    TEXT = 2
    AFTER = 3
    ANNOTATOR = 4


# Characters of context shown either side (a concordance: the mention lines up).
SIDE = 40


def _flat(text: str) -> str:
    return " ".join(text.split())


def sides(mention: Mention) -> tuple[str, str]:
    """The context before and after the mention, one line each, cut to SIDE characters."""
    # The store's context starts up to CONTEXT characters before the mention.
    before_length = min(mention.start, CONTEXT)
    before = _flat(mention.context[:before_length])
    after = _flat(mention.context[before_length + len(mention.text) :])
    if len(before) > SIDE:
        before = "…" + before[-SIDE:]
    if len(after) > SIDE:
        after = after[:SIDE] + "…"
    return before, after


class MentionTableModel(RowsTableModel[Mention]):
    """The mentions, with each document's title read only when its row is painted."""

    headers = ("Document", "Before", "Mention", "After", "Annotator")

    def __init__(self, title_of: Callable[[str], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._title_of = title_of
        self._titles: dict[str, str] = {}

    def set_mentions(self, mentions: Sequence[Mention]) -> None:
        self._titles.clear()
        self.set_rows(mentions)

    def mention_at(self, row: int) -> Mention | None:
        return self.row_at(row)

    def _title(self, document_id: str) -> str:
        if document_id not in self._titles:
            self._titles[document_id] = self._title_of(document_id)
        return self._titles[document_id]

    @override
    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        mention = self.mention_at(index.row()) if index.isValid() else None
        if mention is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.DOCUMENT:
                return self._title(mention.document_id)
            if column == Column.TEXT:
                return _flat(mention.text)
            if column in (Column.BEFORE, Column.AFTER):
                return sides(mention)[column == Column.AFTER]
            return mention.annotator
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.BEFORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == Column.TEXT:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{self._title(mention.document_id)}\n{_flat(mention.context)}")
        return None


class MentionsDialog(QDialog):
    """Non-modal. ``jumped(document_id, span_id)`` on Enter or a double-click;
    ``filter_wanted(actor_id)`` to show only the documents that mention the actor."""

    jumped = Signal(str, str)
    filter_wanted = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.actor_id: str | None = None
        self.setObjectName("mentionsDialog")
        layout = QVBoxLayout(self)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.title)
        self.model = MentionTableModel(self._document_title, self)
        self.table = row_table(self)
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        chars = self.fontMetrics().averageCharWidth()
        for column, width in ((Column.DOCUMENT, 24), (Column.BEFORE, 34), (Column.TEXT, 22)):
            header.resizeSection(column, chars * width)
        header.setSectionResizeMode(Column.AFTER, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.jump_button = QPushButton("&Go to the mention", self)
        self.filter_button = QPushButton("Only these &documents in the list", self)
        close = QPushButton("Close", self)
        row.addWidget(self.jump_button)
        row.addWidget(self.filter_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.table.activated.connect(lambda _index: self.jump())
        self.jump_button.clicked.connect(self.jump)
        self.filter_button.clicked.connect(self._filter)
        close.clicked.connect(self.close)
        self.resize(820, 420)

    def _document_title(self, document_id: str) -> str:
        store = self.session.store
        if not store.has_document(document_id):
            return document_id
        return store.document(document_id).meta.title or document_id

    def show_actor(self, actor_id: str) -> None:
        store = self.session.store
        actor = store.actor(actor_id)
        self.actor_id = actor_id
        mentions = store.actor_mentions(actor_id)
        documents = len({m.document_id for m in mentions})
        name = actor.name if actor else actor_id
        self.setWindowTitle(f"Every mention of {name}")
        self.title.setText(
            f"{name}: {len(mentions)} mention{'s' * (len(mentions) != 1)} "
            f"in {documents} document{'s' * (documents != 1)} (Enter goes to one)"
        )
        self.model.set_mentions(mentions)
        if mentions:
            self.table.selectRow(0)
        self.table.setFocus()
        self.show()
        self.raise_()
        self.activateWindow()

    def jump(self) -> None:
        index = self.table.currentIndex()
        mention = self.model.mention_at(index.row()) if index.isValid() else None
        if mention is not None:
            self.jumped.emit(mention.document_id, mention.span_id)

    def _filter(self) -> None:
        if self.actor_id is not None:
            self.filter_wanted.emit(self.actor_id)
