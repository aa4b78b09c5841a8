"""SpanEditor: turns what the annotator does in the article view into span commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from belannot.core.attributes import NOTE_ATTRIBUTE
from belannot.core.commands import AddSpan, Batch, DeleteSpan, UpdateSpan
from belannot.core.model import Span, new_span_id
from belannot.ui.actions import ActionId
from belannot.ui.session import Session

if TYPE_CHECKING:
    from belannot.ui.widgets.article_view import ArticleView

# The actions that move the current span's edges: (edge, direction, by word).
NUDGES = {
    ActionId.END_LEFT: ("end", -1, False),
    ActionId.END_RIGHT: ("end", 1, False),
    ActionId.START_LEFT: ("start", -1, False),
    ActionId.START_RIGHT: ("start", 1, False),
    ActionId.END_WORD_LEFT: ("end", -1, True),
    ActionId.END_WORD_RIGHT: ("end", 1, True),
    ActionId.START_WORD_LEFT: ("start", -1, True),
    ActionId.START_WORD_RIGHT: ("start", 1, True),
}


class SpanEditor(QObject):
    """Knows the open document's view; every edit goes through Session.run."""

    # A span became current because of an edit or Tab: the window selects it everywhere.
    span_chosen = Signal(object)
    # Something the person should read (nothing selected, no match…).
    notice = Signal(str)

    def __init__(self, session: Session, view: ArticleView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.view = view
        # Set in review mode: relabelling or moving another annotator's span calls this
        # (with the changed fields) instead of editing the span, which only its annotator may.
        self.foreign_edit: Callable[[Span, dict[str, Any]], None] | None = None

    def _foreign(self, span: Span, **fields: Any) -> bool:
        if self.foreign_edit is None or span.annotator == self.session.user.name:
            return False
        self.foreign_edit(span, fields)
        return True

    def _current_span(self) -> Span | None:
        span_id = self.view.current_span_id()
        return self.session.store.span(span_id) if span_id else None

    def label(self, label: str) -> str | None:
        """Label the selection, or relabel the current span when nothing new is selected.

        Returns the id of the span relabelled (by this user), else None."""
        document_id = self.view.document_id()
        if document_id is None:
            return None
        selected = self.view.selected_range()
        current = self._current_span()
        if selected is not None and (current is None or (current.start, current.end) != selected):
            self.create(label, selected)
            return None
        if current is not None:
            if current.label != label and self._foreign(current, label=label):
                return None
            relabelled = None
            if current.label != label:
                if self.session.run(UpdateSpan(current.id, label=label), self) is not None:
                    relabelled = current.id
            self.span_chosen.emit(current.id)
            return relabelled
        self.notice.emit("Select some text first, then press a label key.")
        return None

    def create(self, label: str, selected: tuple[int, int] | None = None) -> str | None:
        document_id = self.view.document_id()
        selected = selected or self.view.selected_range()
        if document_id is None or selected is None:
            return None
        # A fixed id lets the window select the span it just made.
        command = AddSpan(document_id, selected[0], selected[1], label, span_id=new_span_id())
        if self.session.run(command, self) is None:
            return None
        self.view.clear_selection()
        self.span_chosen.emit(command.span_id)
        return command.span_id

    def delete_current(self) -> None:
        span = self._current_span()
        if span is None:
            self.notice.emit("No span selected to delete.")
            return
        following = self.view.next_span_id()
        if self.session.run(DeleteSpan(span.id), self) is not None:
            self.span_chosen.emit(following if following != span.id else None)

    def nudge(self, edge: str, direction: int, by_word: bool) -> None:
        span = self._current_span()
        if span is None:
            self.notice.emit("Select a span (Tab) before moving its boundaries.")
            return
        moved = self.view.nudged_range(span.id, edge, direction, by_word)
        if moved is None or moved == (span.start, span.end):
            return
        if self._foreign(span, start=moved[0], end=moved[1]):
            return
        if self.session.run(UpdateSpan(span.id, start=moved[0], end=moved[1]), self) is not None:
            self.span_chosen.emit(span.id)

    def step(self, backwards: bool) -> None:
        span_id = self.view.next_span_id(backwards=backwards)
        if span_id is not None:
            self.view.clear_selection()
            self.span_chosen.emit(span_id)

    def set_note(self, span_id: str, note: str) -> None:
        span = self.session.store.span(span_id)
        if span is None:
            return
        attributes = dict(span.attributes)
        if note:
            attributes[NOTE_ATTRIBUTE] = note
        else:
            attributes.pop(NOTE_ATTRIBUTE, None)
        self.session.run(UpdateSpan(span_id, attributes=attributes), self)

    def label_all(self, query: str, label: str | None) -> int:
        """Label every match of ``query`` as ``label`` in one undo step; how many were new."""
        document_id = self.view.document_id()
        if document_id is None or not query or label is None:
            return 0
        existing = {
            (s.start, s.end)
            for s in self.session.store.spans(document_id)
            if s.label == label and s.annotator == self.session.user.name
        }
        ranges = [r for r in self.view.find_all(query) if r not in existing]
        if not ranges:
            self.notice.emit(f"No new match of “{query}” to label as {label}.")
            return 0
        commands = [AddSpan(document_id, start, end, label) for start, end in ranges]
        name = f"Label {len(commands)} matches as {label}"
        if self.session.run(Batch(name, commands), self) is None:
            return 0
        self.notice.emit(f"Labelled {len(commands)} matches of “{query}” as {label}.")
        return len(commands)
