"""AttributeEditing: the attribute key, and the tag panel's attribute edits run as commands."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from belannot.core.span_attributes import SetSpanAttribute
from belannot.ui.actions import ActionId, ActionRegistry
from belannot.ui.session import Session
from belannot.ui.widgets.article_view import ArticleView
from belannot.ui.widgets.tag_panel import TagPanel


class AttributeEditing(QObject):
    """E moves the keyboard into the attribute editor; each value set is one SetSpanAttribute."""

    # Something the person should read.
    notice = Signal(str)

    def __init__(
        self,
        session: Session,
        registry: ActionRegistry,
        tags: TagPanel,
        view: ArticleView,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.view = session, view
        self.editor = tags.attribute_editor
        self._refusal = ""
        session.failed.connect(self._on_failed)
        registry[ActionId.EDIT_ATTRIBUTES].triggered.connect(self.start)
        self.editor.attribute_edited.connect(self.set_attribute)
        self.editor.left.connect(view.setFocus)

    def start(self) -> None:
        if self.view.current_span_id() is None:
            self.notice.emit("Select a span (Tab) first, then edit its attributes.")
        elif not self.editor.focus_first():
            self.notice.emit("This span's label declares no attributes to edit.")

    def set_attribute(self, span_id: str, name: str, value: Any) -> None:
        span = self.session.store.span(span_id)
        if span is None:
            return
        self._refusal = ""
        if self.session.run(SetSpanAttribute(span_id, name, value), self) is None:
            # The core's reason, under the row as well as in the status bar.
            self.editor.set_message(name, self._refusal)
        elif value is not None:
            self.editor.remember(span.label, name, value)

    def _on_failed(self, message: str) -> None:
        self._refusal = message
