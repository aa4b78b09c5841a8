"""ActorPopup: the completion list that links a span to an actor — type, Up/Down, Enter."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from belannot.core.actor_matching import ActorMatch
from belannot.core.actors import NIL_AMBIGUOUS, NIL_NOT_IN_REGISTRY
from belannot.ui.overriding import override

CHOICE_ROLE = int(Qt.ItemDataRole.UserRole) + 1
# What a row does: link to an actor id, create an actor of a name, mark the span NIL.
ACTOR, CREATE, NIL = "actor", "create", "nil"
MATCHES = 8
WIDEST = 80
K = Qt.Key
MOVES = {K.Key_Up: -1, K.Key_Down: 1, K.Key_PageUp: -MATCHES, K.Key_PageDown: MATCHES}


def match_text(match: ActorMatch) -> str:
    also = f" — “{match.matched}”" if match.matched != match.name else ""
    used = f"   ({match.count}×)" if match.count else ""
    return f"{match.name}{also}{used}"


class ActorPopup(QFrame):
    """A popup over the article: a line pre-filled with the span's text, the best matches
    under it, then "create", "not in registry" and "ambiguous". Emits ``chosen(kind, value)``."""

    chosen = Signal(str, str)
    closed = Signal()

    def __init__(
        self, complete: Callable[[str], list[ActorMatch]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("actorPopup")
        self.setFrameShape(QFrame.Shape.Box)  # a popup over text needs its edge drawn
        self._complete = complete
        self._span_text = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        self.title = QLabel("Link to actor")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.title)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Type a name or alias…")
        self.edit.installEventFilter(self)
        layout.addWidget(self.edit)
        self.list = QListWidget(self)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setUniformItemSizes(True)
        self.list.itemClicked.connect(self._commit_item)
        layout.addWidget(self.list)
        self.hint = QLabel("↑↓ choose · Enter links · Esc closes")
        self.hint.setEnabled(False)
        layout.addWidget(self.hint)
        self.edit.textEdited.connect(self.refresh)

    def open_at(self, point: QPoint, span_text: str) -> None:
        """Show at ``point`` (global) with the span's text typed in."""
        self._span_text = " ".join(span_text.split())
        self.title.setText(f"Link “{_short(self._span_text)}” to an actor")
        self.edit.setText(self._span_text)
        self.edit.selectAll()
        self.refresh()
        self.adjustSize()
        screen = QGuiApplication.screenAt(point) or QGuiApplication.primaryScreen()
        if screen is not None:  # on the screen, however near its edge the span is
            area = screen.availableGeometry()
            point = QPoint(
                max(area.left(), min(point.x(), area.right() - self.width())),
                max(area.top(), min(point.y(), area.bottom() - self.height())),
            )
        self.move(point)
        self.show()
        self.raise_()
        self.activateWindow()
        self.edit.setFocus()

    def refresh(self) -> None:
        """The rows for what is typed now (one completion: a bisection and a few names)."""
        typed = self.edit.text().strip()
        matches = self._complete(typed) if typed else []
        rows: list[tuple[str, str, str]] = [
            (match_text(m), ACTOR, m.actor_id) for m in matches[:MATCHES]
        ]
        name = typed or self._span_text
        if name:
            rows.append((f"＋ Create actor “{_short(name)}” from this span", CREATE, name))
        rows.append(("∅ Not in registry", NIL, NIL_NOT_IN_REGISTRY))
        rows.append(("? Ambiguous", NIL, NIL_AMBIGUOUS))
        self.list.setUpdatesEnabled(False)
        self.list.clear()
        for text, kind, value in rows:
            item = QListWidgetItem(text)
            item.setData(CHOICE_ROLE, (kind, value))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.setUpdatesEnabled(True)
        rows_shown = min(len(rows), MATCHES + 3)
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * rows_shown + 6)
        # As wide as the longest row, up to WIDEST characters: names are not cut short.
        chars = self.fontMetrics().averageCharWidth()
        wanted = self.list.sizeHintForColumn(0) + 2 * self.list.frameWidth() + 8
        self.list.setMinimumWidth(min(max(wanted, 40 * chars), WIDEST * chars))
        if self.isVisible():
            self.adjustSize()

    def choices(self) -> list[tuple[str, str]]:
        return [self.list.item(i).data(CHOICE_ROLE) for i in range(self.list.count())]

    def current_choice(self) -> tuple[str, str] | None:
        item = self.list.currentItem()
        return tuple(item.data(CHOICE_ROLE)) if item is not None else None

    def _commit_item(self, item: QListWidgetItem) -> None:
        kind, value = item.data(CHOICE_ROLE)
        self.hide()
        self.chosen.emit(kind, value)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in MOVES:
                count = self.list.count()
                row = min(max(self.list.currentRow() + MOVES[Qt.Key(key)], 0), count - 1)
                self.list.setCurrentRow(row)
                return True
            if key in (K.Key_Return, K.Key_Enter):
                item = self.list.currentItem()
                if item is not None:
                    self._commit_item(item)
                return True
        return super().eventFilter(watched, event)

    @override
    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.closed.emit()


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
