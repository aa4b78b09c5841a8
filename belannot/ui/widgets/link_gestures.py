"""LinkGestures: Shift+drag from span to span, hovering a span, and the article's context menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QMouseEvent
from PySide6.QtWidgets import QMenu
from shiboken6 import isValid

from belannot.core.model import Span
from belannot.ui.overriding import override
from belannot.ui.widgets.article_view import ArticleView
from belannot.ui.widgets.relation_arcs import RelationArcs

# Ctrl and Alt while dragging mean exact characters; Shift+drag from a span links.
LINK_MODIFIER = Qt.KeyboardModifier.ShiftModifier


class LinkGestures(QObject):
    """Watches the article's viewport; never handles a press that does not start on a span."""

    dragged = Signal(str, str)  # head span id, tail span id

    def __init__(
        self,
        view: ArticleView,
        arcs: RelationArcs,
        extend_menu: Callable[[QMenu, Span | None], None],
    ) -> None:
        super().__init__(view)
        self.view, self.arcs, self._extend_menu = view, arcs, extend_menu
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)

    def span_at(self, pos: QPoint) -> Span | None:
        """The innermost span under viewport position ``pos``."""
        at = self.view.char_at(pos)
        covering = self.view.spans().spans_at(at) if at is not None else []
        return min(covering, key=lambda s: (s.end - s.start, s.start, s.id), default=None)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The viewport's last events come while the view is being deleted.
        if watched is not self._viewport or not isValid(self.view):
            return False
        kind = event.type()
        if isinstance(event, QMouseEvent):
            pos = event.position().toPoint()
            if kind == QEvent.Type.MouseButtonPress:
                return self._press(event, pos)
            if kind == QEvent.Type.MouseMove:
                return self._move(event, pos)
            if kind == QEvent.Type.MouseButtonRelease and self.arcs.drag is not None:
                return self._release(pos)
        elif kind == QEvent.Type.Leave:
            self._hover(None)
        elif kind == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            menu = self.view.createStandardContextMenu()
            self._extend_menu(menu, self.span_at(event.pos()))
            menu.exec(event.globalPos())
            menu.deleteLater()
            return True
        return False

    def _press(self, event: QMouseEvent, pos: QPoint) -> bool:
        if event.button() != Qt.MouseButton.LeftButton or event.modifiers() != LINK_MODIFIER:
            return False
        span = self.span_at(pos)
        if span is None:
            return False  # Shift+click elsewhere still extends the selection
        self.arcs.drag = (span.id, pos)
        self.view.viewport().update()
        return True

    def _move(self, event: QMouseEvent, pos: QPoint) -> bool:
        if self.arcs.drag is not None:
            self.arcs.drag = (self.arcs.drag[0], pos)
            self.view.viewport().update()
            return True
        if event.buttons() == Qt.MouseButton.NoButton:
            span = self.span_at(pos)
            self._hover(span.id if span else None)
        return False

    def _release(self, pos: QPoint) -> bool:
        head = self.arcs.drag[0] if self.arcs.drag else None
        self.arcs.drag = None
        self.view.viewport().update()
        tail = self.span_at(pos)
        if head is not None and tail is not None and tail.id != head:
            self.dragged.emit(head, tail.id)
        return True

    def _hover(self, span_id: str | None) -> None:
        if span_id != self.arcs.hovered:
            self.arcs.hovered = span_id
            self.arcs.refresh()
