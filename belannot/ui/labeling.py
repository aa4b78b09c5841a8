"""Labeling: label keys, label buttons, sticky mode and edge nudges, turned into span edits."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence

from belannot.ui.actions import LABEL_ACTIONS, ActionId, ActionRegistry
from belannot.ui.editor import NUDGES, SpanEditor
from belannot.ui.widgets.article_view import ArticleView
from belannot.ui.widgets.tag_panel import TagPanel


class Labeling(QObject):
    """Connects the keys, the tag panel's buttons and finished drags to the SpanEditor."""

    # Something the person should read.
    notice = Signal(str)

    def __init__(
        self,
        registry: ActionRegistry,
        tags: TagPanel,
        view: ArticleView,
        editor: SpanEditor,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.registry, self.tags, self.view, self.editor = registry, tags, view, editor
        # Given a label key first (a current suggestion's relabel-and-accept): True takes it.
        self.claim_label: Callable[[str], bool] | None = None
        view.range_selected.connect(self._on_range_selected)
        tags.label_clicked.connect(self.label_button)
        for action_id in LABEL_ACTIONS:
            registry[action_id].triggered.connect(lambda _=False, i=action_id: self.label_key(i))
        for action_id, (edge, direction, by_word) in NUDGES.items():
            registry[action_id].triggered.connect(
                lambda _=False, e=edge, d=direction, w=by_word: editor.nudge(e, d, w)
            )

    def sticky(self) -> bool:
        return self.registry[ActionId.STICKY_LABEL].isChecked()

    def _on_range_selected(self, start: int, end: int) -> None:
        # Sticky label: every finished drag in the article becomes a span at once.
        label = self.tags.current_label() if self.sticky() else None
        if label is not None:
            self.editor.create(label, (start, end))

    def label_key(self, action_id: ActionId) -> None:
        label = self.registry.label_for(action_id)
        if label is not None and self.claim_label is not None and self.claim_label(label):
            return
        if label is not None:
            self.tags.set_current_label(label)
            self.editor.label(label)

    def label_button(self, label: str) -> None:
        # In sticky mode the button only chooses the label for the next drags. Outside it
        # a click is the explicit way to label the selection or relabel the selected span:
        # said in the status bar, never silent (Shift+click enters sticky mode instead).
        if not self.sticky() and self.editor.label(label) is not None:
            undo = (
                self.registry[ActionId.UNDO]
                .shortcut()
                .toString(QKeySequence.SequenceFormat.NativeText)
            )
            self.notice.emit(f"Relabelled the selected span as {label} ({undo} undoes it).")
        self.view.setFocus()
