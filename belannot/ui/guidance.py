"""Guidance: the Guidelines dock, label tooltips' pane, the manual and the welcome, wired."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDockWidget, QWidget

from belannot.core.changes import Changes
from belannot.core.model import Label
from belannot.ui.actions import ActionId, ActionRegistry
from belannot.ui.session import Session
from belannot.ui.settings import Settings
from belannot.ui.widgets.guidelines_pane import GuidelinesPane
from belannot.ui.widgets.tag_panel import TagPanel

if TYPE_CHECKING:
    from belannot.ui.dialogs.manual_dialog import ManualDialog


class Guidance(QObject):
    """Keeps the guidelines pane on the label the annotator is looking at.

    That is the label chosen last (button or hotkey), the label of the span selected last
    (``show_span``), or, while the mouse is over a label button, that button's label.
    """

    def __init__(
        self,
        session: Session,
        settings: Settings,
        tags: TagPanel,
        registry: ActionRegistry,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.session, self.settings, self._tags, self._parent = session, settings, tags, parent
        self.pane = GuidelinesPane(parent)
        self.dock = QDockWidget("Guidelines", parent)
        self.dock.setObjectName("guidelines_dock")
        self.dock.setWidget(self.pane)
        self.dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self._chosen: str | None = tags.current_label()
        self._hovered: str | None = None
        tags.current_label_changed.connect(self.choose)
        tags.label_hovered.connect(self._on_hover)
        tags.span_selected.connect(self.show_span)
        session.changed.connect(self._on_changed)
        registry[ActionId.GUIDELINES].triggered.connect(self.show_manual)
        registry[ActionId.WELCOME].triggered.connect(self.show_welcome)
        self._show()

    def labels(self) -> list[Label]:
        return self.session.store.labels()

    def shown_label(self) -> str | None:
        label = self.pane.label
        return None if label is None else label.name

    def choose(self, name: str | None) -> None:
        self._chosen = name
        self._show()

    def _on_hover(self, name: str | None) -> None:
        self._hovered = name
        self._show()

    def show_span(self, span_id: str | None) -> None:
        """A span was selected: show its label's guidelines."""
        span = self.session.store.span(span_id) if span_id else None
        if span is not None:
            self.choose(span.label)

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        # A schema edit renames, recolours or describes labels: show the fresh copy.
        if changes.everything or changes.labels:
            if self._chosen is not None and self.session.store.label(self._chosen) is None:
                self._chosen = self._tags.current_label()
            self._show()

    def _show(self) -> None:
        name = self._hovered or self._chosen
        label = self.session.store.label(name) if name else None
        self.pane.set_label(label)

    def show_manual(self) -> ManualDialog:
        from belannot.ui.dialogs.manual_dialog import ManualDialog

        return ManualDialog.open_for(self.labels(), self._parent)

    def show_welcome(self) -> None:
        from belannot.ui.dialogs.welcome_dialog import WelcomeDialog

        WelcomeDialog.ask(self.labels(), self.settings, self._parent, self.session.store)
