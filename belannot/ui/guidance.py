"""Guidance: the Guidelines dock, label tooltips' pane, the manual and the welcome, wired."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget

from belannot.core.changes import Changes
from belannot.core.model import Label
from belannot.ui.actions import ActionId
from belannot.ui.dialogs.manual_dialog import ManualDialog
from belannot.ui.dialogs.welcome_dialog import WelcomeDialog
from belannot.ui.widgets.guidelines_pane import GuidelinesPane

if TYPE_CHECKING:
    from belannot.ui.main_window import MainWindow


class Guidance(QObject):
    """Keeps the guidelines pane on the label the annotator is looking at.

    That is the label chosen last (button or hotkey), the label of the span selected last,
    or, while the mouse is over a label button, that button's label.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pane = GuidelinesPane(window)
        self.dock = QDockWidget("Guidelines", window)
        self.dock.setObjectName("guidelines_dock")
        self.dock.setWidget(self.pane)
        self.dock.setFeatures(window.tags_dock.features())
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.splitDockWidget(window.tags_dock, self.dock, Qt.Orientation.Vertical)
        window.resizeDocks([window.tags_dock, self.dock], [520, 360], Qt.Orientation.Vertical)
        self._chosen: str | None = window.tag_panel.current_label()
        self._hovered: str | None = None

        tags = window.tag_panel
        tags.current_label_changed.connect(self.choose)
        tags.label_hovered.connect(self._on_hover)
        tags.span_selected.connect(self._on_span)
        window.article_view.span_activated.connect(self._on_span)
        window.editor.span_chosen.connect(self._on_span)
        window.session.changed.connect(self._on_changed)
        window.registry[ActionId.GUIDELINES].triggered.connect(self.show_manual)
        window.registry[ActionId.WELCOME].triggered.connect(self.show_welcome)
        self._show()

    def labels(self) -> list[Label]:
        return self.window.session.store.labels()

    def shown_label(self) -> str | None:
        label = self.pane.label
        return None if label is None else label.name

    def choose(self, name: str | None) -> None:
        self._chosen = name
        self._show()

    def _on_hover(self, name: str | None) -> None:
        self._hovered = name
        self._show()

    def _on_span(self, span_id: str | None) -> None:
        span = self.window.session.store.span(span_id) if span_id else None
        if span is not None:
            self.choose(span.label)

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        # A schema edit renames, recolours or describes labels: show the fresh copy.
        if changes.everything or changes.labels:
            if self._chosen is not None and self.window.session.store.label(self._chosen) is None:
                self._chosen = self.window.tag_panel.current_label()
            self._show()

    def _show(self) -> None:
        name = self._hovered or self._chosen
        label = self.window.session.store.label(name) if name else None
        self.pane.set_label(label)

    def show_manual(self) -> ManualDialog:
        return ManualDialog.open_for(self.labels(), self.window)

    def show_welcome(self) -> None:
        WelcomeDialog.ask(self.labels(), self.window.settings, self.window)
