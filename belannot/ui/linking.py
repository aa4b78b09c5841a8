"""Linking: relations in the window — link keys and gestures, arcs, the list, jump and review."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QTabWidget, QWidget

from belannot.core.changes import Changes, Entity
from belannot.core.commands import Command
from belannot.core.model import Span, new_span_id
from belannot.core.relation_commands import (
    AddRelation,
    ApproveRelation,
    DeleteRelation,
    RejectRelation,
    in_layer,
)
from belannot.core.relations import Relation, RelationType
from belannot.core.review import ApproveSpan, RejectSpan
from belannot.ui.actions import ActionId, ActionRegistry
from belannot.ui.link_mode import LinkMode, head_types
from belannot.ui.plain import plain_mnemonic
from belannot.ui.relation_index import RelationIndex
from belannot.ui.session import Session
from belannot.ui.widgets.article_view import ArticleView
from belannot.ui.widgets.link_gestures import LinkGestures
from belannot.ui.widgets.relation_arcs import RelationArcs
from belannot.ui.widgets.relation_list import RelationList

# A reviewer's span decision keys, on a relation chosen in the Relations list.
RELATION_DECISIONS: dict[type[Command], type[Command]] = {
    ApproveSpan: ApproveRelation,
    RejectSpan: RejectRelation,
}
# The keys that work while the Relations list has focus.
LIST_ACTIONS = (
    ActionId.APPROVE_SPAN,
    ActionId.REJECT_SPAN,
    ActionId.RESET_REVIEW,
    ActionId.JUMP_TO_OTHER_END,
)


class Linking(QObject):
    """Owns the open document's relations in the window; every edit goes through Session.run."""

    notice = Signal(str)
    # A span to select in the article and the span list.
    span_chosen = Signal(object)

    def __init__(
        self,
        session: Session,
        registry: ActionRegistry,
        view: ArticleView,
        editors: tuple[QWidget, ...],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.registry, self.view, self._editors = session, registry, view, editors
        self.index = RelationIndex()
        self.list = RelationList()
        # The tab the window put the list in (beside the span list), if any.
        self.tabs: QTabWidget | None = None
        # The list is filled only while its tab shows: opening a document with 5,000
        # relations must not sort them for a list nobody looks at.
        self._list_stale = False
        # The relations whose both ends are shown (the list's rows, counted on its tab).
        self._shown: set[str] = set()
        self.list.title_changed.connect(self._set_tab_title)
        self._types: dict[str, RelationType] = {}
        self._type_actions: list[QAction] = []
        self.arcs = RelationArcs(view, self.index, lambda: self._types)
        self.mode = LinkMode(
            view, self.arcs, self.index, session.user, lambda: list(self._types.values()), self.add
        )
        self.gestures = LinkGestures(view, self.arcs, self._extend_menu)
        self._load_types()
        self.mode.notice.connect(self.notice)
        self.gestures.dragged.connect(self.link_pair)
        registry[ActionId.LINK_TO].triggered.connect(lambda: self.start())
        registry[ActionId.JUMP_TO_OTHER_END].triggered.connect(self.jump)
        for action_id in LIST_ACTIONS:
            self.list.table.addAction(registry[action_id])
        view.current_span_changed.connect(self._on_current_span)
        self.list.relation_selected.connect(self._on_row)
        self.list.delete_requested.connect(self.delete)

    def _set_tab_title(self, title: str) -> None:
        if self.tabs is not None:
            self.tabs.setTabText(self.tabs.indexOf(self.list), title)

    def set_tabs(self, tabs: QTabWidget) -> None:
        self.tabs = tabs
        tabs.currentChanged.connect(lambda _index: self._fill_if_shown())
        self._fill_if_shown()

    def _list_shown(self) -> bool:
        return self.tabs is None or self.tabs.currentWidget() is self.list

    def _fill_if_shown(self) -> None:
        if self._list_stale and self._list_shown():
            self.refill()

    # -- content -----------------------------------------------------------------------------

    def set_document(self, document_id: str | None) -> None:
        self.mode.cancel()
        self.mode.invalidate()
        store = self.session.store
        self.index.load_later(document_id, lambda: store.relations(document_id or ""))
        # The text first; the relations right after it is painted (or when first needed).
        self._shown = set()
        self.list.model.set_relations(self.view.text(), [], self.view.spans().get)
        self.list.title_changed.emit("Relations")
        QTimer.singleShot(0, self._load_now)

    def _load_now(self) -> None:
        # A closed window's project may be closed too; a hidden one reads when asked.
        if self.view.isVisible() and self.index.ensure():
            self.refill()

    def refill(self) -> None:
        """The list again from the index (which spans are shown may have changed)."""
        spans = self.view.spans()
        self.mode.invalidate()
        self._shown = {r.id for r in self.index.all() if self._ends_shown(r)}
        self._list_stale = not self._list_shown()
        if self._list_stale:
            self.list.model.set_relations(self.view.text(), [], spans.get)
            self.list.update_title(len(self._shown))
        else:
            self.list.model.set_relations(self.view.text(), self.index.all(), spans.get)
            self.list.update_title()
            self.list.show_span(self.view.current_span_id())
        self.arcs.refresh()

    def _ends_shown(self, relation: Relation) -> bool:
        get = self.view.spans().get
        return get(relation.head) is not None and get(relation.tail) is not None

    def on_changed(self, changes: Changes) -> None:
        """Follow what the session changed: only the named relations are read again."""
        document_id = self.index.document_id
        if changes.everything or changes.labels or changes.settings or changes.relation_types:
            self._load_types()
            self.set_document(document_id)
            return
        if document_id is None or document_id not in changes.document_ids:
            return
        if changes.relation_ids:
            self._update(changes.relation_ids)
        if Entity.SPAN in changes.entities:
            self.mode.invalidate()
            if self.index.touches(changes.span_ids):
                self.refill()

    def _update(self, relation_ids: frozenset[str]) -> None:
        store, document_id = self.session.store, self.index.document_id
        changed: list[Relation] = []
        removed: list[str] = []
        for relation_id in relation_ids:
            relation = store.relation(relation_id)
            if relation is None or relation.document_id != document_id:
                removed.append(relation_id)
            else:
                changed.append(relation)
        selected = self.list.selected_relation_id()
        self.index.update(changed, removed)
        self._shown.difference_update(removed)
        for relation in changed:
            if self._ends_shown(relation):
                self._shown.add(relation.id)
            else:
                self._shown.discard(relation.id)
        if self._list_stale:
            self.list.update_title(len(self._shown))
            self.arcs.refresh()
            return
        self.list.model.update_relations(changed, removed)
        self.list.update_title()
        if selected is not None and self.index.get(selected) is not None:
            self.list.select_relation(selected)
        self.arcs.refresh()

    def _load_types(self) -> None:
        self._types = {t.name: t for t in self.session.store.relation_types()}
        self.list.model.set_colors({name: t.color for name, t in self._types.items()})
        self.list.fit_columns()
        for action in self._type_actions:
            for widget in (self.view, *self._editors):
                widget.removeAction(action)
            action.deleteLater()
        self._type_actions = []
        for relation_type in self._types.values():
            if not relation_type.hotkey:
                continue
            action = QAction(f"Link {plain_mnemonic(relation_type.name)} to…", self.view)
            action.setShortcut(QKeySequence(relation_type.hotkey))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            name = relation_type.name
            action.triggered.connect(lambda _=False, n=name: self.start(type_name=n))
            for widget in (self.view, *self._editors):
                widget.addAction(action)
            self._type_actions.append(action)

    # -- linking -----------------------------------------------------------------------------

    def start(self, span_id: str | None = None, type_name: str | None = None) -> bool:
        """Enter "link to…" from ``span_id`` (the selected span by default)."""
        self.view.setFocus()
        return self.mode.start(span_id or self.view.current_span_id(), type_name)

    def add(self, head: str, tail: str, type_name: str) -> bool:
        command = AddRelation(head, tail, type_name, relation_id=new_span_id())
        if self.session.run(command, self) is None:
            return False
        self.list.select_relation(command.relation_id)
        self.arcs.emphasised = command.relation_id
        self.arcs.refresh()
        undo = (
            self.registry[ActionId.UNDO].shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        )
        self.notice.emit(f"Linked as {type_name} ({undo} undoes it).")
        return True

    def link_pair(self, head_id: str, tail_id: str) -> None:
        """A Shift+drag from one span to another: the first type that allows the pair."""
        spans, user = self.view.spans(), self.session.user
        head, tail = spans.get(head_id), spans.get(tail_id)
        if head is None or tail is None:
            return
        if not (in_layer(head, user) and in_layer(tail, user)):
            self.notice.emit("You can link only spans of your layer.")
            return
        allowed = [t for t in self._types.values() if t.allows(head.label, tail.label)]
        if not allowed:
            self.notice.emit(f"No relation type links a {head.label} to a {tail.label}.")
            return
        self.add(head.id, tail.id, allowed[0].name)

    def _extend_menu(self, menu: QMenu, span: Span | None) -> None:
        if span is None or not in_layer(span, self.session.user):
            return
        types = head_types(list(self._types.values()), span)
        if not types:
            return
        menu.addSeparator()
        sub = menu.addMenu("&Link to…")
        for relation_type in types:
            action = sub.addAction(f"Link {plain_mnemonic(relation_type.name)} to…")
            name = relation_type.name
            action.triggered.connect(lambda _=False, s=span.id, n=name: self._start_from(s, n))

    def _start_from(self, span_id: str, type_name: str) -> None:
        self.span_chosen.emit(span_id)
        self.start(span_id, type_name)

    # -- the list and the view -----------------------------------------------------------------

    def _on_current_span(self, span_id: str | None) -> None:
        preview = self.arcs.preview
        if self.mode.active and (preview is None or span_id != preview.head):
            self.mode.cancel()
        self.list.show_span(span_id)
        selected = self.index.get(self.list.selected_relation_id())
        self.arcs.emphasised = selected.id if selected and span_id in selected.ends() else None
        self.arcs.refresh()

    def _on_row(self, relation_id: str | None) -> None:
        relation = self.index.get(relation_id)
        self.arcs.emphasised = relation.id if relation else None
        if relation is not None and self.view.current_span_id() not in relation.ends():
            self.span_chosen.emit(relation.head)
        self.arcs.refresh()

    def selected_relation(self) -> Relation | None:
        """The relation the list's keys act on: its selected row while it has focus."""
        if not self.list.table.hasFocus():
            return None
        return self.index.get(self.list.selected_relation_id())

    def jump(self) -> None:
        """From the selected span (or relation) to the span at the relation's other end."""
        current = self.view.current_span_id()
        relation = self.index.get(self.list.selected_relation_id())
        if relation is None or (current is not None and current not in relation.ends()):
            shown = self.view.spans()
            relation = next(
                (
                    r
                    for r in self.index.of_span(current)
                    if shown.get(r.head) is not None and shown.get(r.tail) is not None
                ),
                None,
            )
        if relation is None:
            self.notice.emit("The selected span has no relation (the link key makes one).")
            return
        other = relation.tail if current == relation.head else relation.head
        self.span_chosen.emit(other)
        self.list.select_relation(relation.id)
        self.arcs.emphasised = relation.id
        self.arcs.refresh()

    def delete(self, relation_id: str) -> None:
        if self.session.run(DeleteRelation(relation_id), self) is not None:
            self.notice.emit("Relation deleted.")

    def decide(self, command_type: type[Command]) -> bool:
        """A review key on the relation chosen in the list; False: not about a relation."""
        relation = self.selected_relation()
        if relation is None:
            return False
        relation_command = RELATION_DECISIONS.get(command_type)
        if relation_command is None:
            self.notice.emit("A relation is approved or rejected (A or R).")
            return True
        if self.session.run(relation_command(relation.id), self) is not None:  # type: ignore[call-arg]
            self.list.select_relation(relation.id)
        return True
