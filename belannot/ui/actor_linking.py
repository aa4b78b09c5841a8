"""ActorLinking: actor spans linked to the registry in the window — the link key, its
completion popup, unlink, and the linked actor shown in the span list, hover and tag panel."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from belannot.core.actor_commands import CreateActorFromSpan, LinkSpan
from belannot.core.actor_matching import ActorIndex, ActorMatch
from belannot.core.actors import NIL_AMBIGUOUS, NIL_NOT_IN_REGISTRY
from belannot.core.changes import Changes, Entity
from belannot.core.model import Span
from belannot.core.relation_commands import in_layer
from belannot.ui.actions import ActionId, ActionRegistry
from belannot.ui.overriding import override
from belannot.ui.plain import plain_tooltip
from belannot.ui.session import Session
from belannot.ui.tasks import Task
from belannot.ui.widgets.actor_popup import ACTOR, CREATE, ActorPopup
from belannot.ui.widgets.article_view import ArticleView
from belannot.ui.widgets.tag_panel import TagPanel

NIL_TEXT = {NIL_NOT_IN_REGISTRY: "∅ not in registry", NIL_AMBIGUOUS: "? ambiguous"}
# Up to this many actors the completion index is built at once (well under 100 ms);
# a bigger registry's is built in the background, the old one answering meanwhile.
BUILD_NOW_UP_TO = 2000


class ElidingLabel(QLabel):
    """One line cut with "…" to its width (a long name must not widen the dock); whole
    in its tooltip."""

    def __init__(self) -> None:
        super().__init__()
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(plain_tooltip(text))
        self._elide()

    def full_text(self) -> str:
        return self._full

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        self.setText(metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, self.width()))

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()


class ActorLinking(QObject):
    """Owns the open document's actor links; every edit goes through Session.run."""

    notice = Signal(str)
    # An actor whose every mention the person asked to see.
    mentions_wanted = Signal(str)

    def __init__(
        self,
        session: Session,
        registry: ActionRegistry,
        view: ArticleView,
        tags: TagPanel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.view, self.tags = session, view, tags
        self._document_id: str | None = None
        self._links: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._linkable: set[str] = set()
        self._index: ActorIndex | None = None
        self._index_stale = True
        self._building: Task | None = None
        self._span_id: str | None = None
        self.popup = ActorPopup(self.complete, view)
        self.popup.chosen.connect(self._on_chosen)
        self.popup.closed.connect(self._back_to_article)
        self.label = ElidingLabel()
        self.label.setObjectName("linkedActor")
        tags.add_span_line(self.label)
        tags.span_model.actor_text = self.actor_text
        view.span_note = self.actor_text
        self._load_registry()
        registry[ActionId.LINK_ACTOR].triggered.connect(lambda: self.start())
        registry[ActionId.UNLINK_ACTOR].triggered.connect(self.unlink)
        registry[ActionId.ACTOR_MENTIONS].triggered.connect(self.show_mentions)
        view.current_span_changed.connect(self._show_current)

    # -- what is shown ------------------------------------------------------------------

    def name_of(self, target: str | None) -> str:
        if target is None:
            return ""
        return NIL_TEXT.get(target) or self._names.get(target, target)

    def actor_text(self, span: Span) -> str:
        return self.name_of(self._links.get(span.id))

    def linked(self, span_id: str | None) -> str | None:
        return self._links.get(span_id or "")

    def _show_current(self, span_id: str | None = None) -> None:
        span = self.view.spans().get(span_id) if span_id else None
        if span is None or span.label not in self._linkable:
            self.label.set_full_text("Actor: —")
        else:
            self.label.set_full_text(f"Actor: {self.actor_text(span) or 'not linked (K links it)'}")

    def _load_registry(self) -> None:
        store = self.session.store
        self._names = {actor.id: actor.name for actor in store.actors()}
        self._linkable = set(store.actor_labels())
        self._index_stale = True

    def set_document(self, document_id: str | None) -> None:
        self._document_id = document_id
        self._links = self.session.store.document_links(document_id) if document_id else {}
        self.tags.span_model.refresh_actor_column()
        self._show_current(self.view.current_span_id())

    def on_changed(self, changes: Changes) -> None:
        """Follow what the session changed: registry names, link counts, this document's links."""
        if changes.everything or changes.labels or changes.actor_ids:
            self._load_registry()
            self.set_document(self._document_id)
            return
        if Entity.ACTOR_LINK not in changes.entities:
            return
        if self._document_id in changes.document_ids:
            self._update_links(changes.span_ids)
        else:
            self._index_stale = True  # the counts that rank completion moved elsewhere

    def _update_links(self, span_ids: Collection[str]) -> None:
        store, index = self.session.store, self._index
        for span_id in span_ids:
            target = store.span_actor(span_id)
            before = self._links.pop(span_id, None)
            if target is not None:
                self._links[span_id] = target
            # The counts that rank completion follow each link, without a rebuild.
            if index is not None and before != target:
                if before is not None:
                    index.add_count(before, -1)
                if target is not None:
                    index.add_count(target, 1)
        self.tags.span_model.refresh_actor_column(span_ids)
        self._show_current(self.view.current_span_id())

    # -- completion ---------------------------------------------------------------------

    def complete(self, typed: str) -> list[ActorMatch]:
        index = self.index()
        return index.complete(typed, limit=8) if index is not None else []

    def index(self) -> ActorIndex | None:
        """The completion index, rebuilt when the registry or the counts changed."""
        if self._index_stale and self._building is None:
            store = self.session.store
            location = store.location
            if store.actor_count() <= BUILD_NOW_UP_TO or location is None:
                self._index = ActorIndex(store.actors(), store.actor_link_counts())
                self._index_stale = False
            else:
                self._build_later(location)
        return self._index

    def _build_later(self, location: Path | str) -> None:
        self._index_stale = False
        task = self._building = Task(
            location,
            lambda store, _progress, _cancelled: ActorIndex(
                store.actors(), store.actor_link_counts()
            ),
            self,
        )
        task.succeeded.connect(self._built)
        task.finished.connect(lambda: setattr(self, "_building", None))
        task.start()

    def _built(self, index: ActorIndex) -> None:
        self._index = index
        if self.popup.isVisible():
            self.popup.refresh()

    def wait_for_index(self) -> ActorIndex | None:
        """The index once any background build is done (benchmarks and tests)."""
        self.index()
        return self._index

    # -- linking ------------------------------------------------------------------------

    def _linkable_span(self, span_id: str | None) -> Span | None:
        span = self.view.spans().get(span_id) if span_id else None
        if span is None:
            self.notice.emit("Select an actor span first (Tab), then press K.")
            return None
        if span.label not in self._linkable:
            labels = ", ".join(sorted(self._linkable)) or "none"
            self.notice.emit(f"Only spans of an actor label ({labels}) link to actors.")
            return None
        if not in_layer(span, self.session.user):
            self.notice.emit(f"You can link only spans of your layer; this is {span.annotator}'s.")
            return None
        return span

    def start(self, span_id: str | None = None) -> bool:
        """Open the completion popup for ``span_id`` (the selected span by default)."""
        span = self._linkable_span(span_id or self.view.current_span_id())
        if span is None:
            return False
        self._span_id = span.id
        rect = self.view.cursorRect()
        at = self.view.viewport_point_for(span.start)
        point = self.view.viewport().mapToGlobal(QPoint(at.x(), at.y() + rect.height() + 4))
        self.popup.open_at(point, span.text_in(self.view.text()))
        return True

    def _on_chosen(self, kind: str, value: str) -> None:
        span_id, self._span_id = self._span_id, None
        if span_id is None:
            return
        if kind == CREATE:
            command: LinkSpan | CreateActorFromSpan = CreateActorFromSpan(
                span_id, name=" ".join(value.split())
            )
            done = f"Created actor “{value}” and linked the span to it"
        else:
            command = LinkSpan(span_id, value)
            name = self.name_of(value)
            done = f"Linked to {name}" if kind == ACTOR else f"Marked {name}"
        if self.session.run(command, self) is not None:
            self.notice.emit(f"{done} (Ctrl+Z undoes it).")

    def _back_to_article(self) -> None:
        window = self.view.window()
        if isinstance(window, QWidget):
            window.activateWindow()
        self.view.setFocus()

    def unlink(self) -> None:
        span_id = self.view.current_span_id()
        if span_id is None or span_id not in self._links:
            self.notice.emit("The selected span is not linked to an actor.")
            return
        if self.session.run(LinkSpan(span_id, None), self) is not None:
            self.notice.emit("Unlinked.")

    def show_mentions(self) -> None:
        """Every mention of the selected span's actor."""
        target = self.linked(self.view.current_span_id())
        if target is None or target in NIL_TEXT:
            self.notice.emit("Select a span linked to an actor to see every mention of it.")
            return
        self.mentions_wanted.emit(target)
