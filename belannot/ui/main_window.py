"""MainWindow: lays out the document list, article view and tag panel, and wires them."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QWidget,
)

from belannot.core.changes import Changes, Entity
from belannot.core.commands import SetDocumentState
from belannot.core.model import Document, DocumentState, Label
from belannot.ui import window_dialogs as dialogs
from belannot.ui.actions import GROUPS, SPECS, ActionId, ActionRegistry
from belannot.ui.actor_linking import ActorLinking
from belannot.ui.attribute_editing import AttributeEditing
from belannot.ui.dock_layout import DockLayout
from belannot.ui.editor import SpanEditor
from belannot.ui.guidance import Guidance
from belannot.ui.labeling import Labeling
from belannot.ui.linking import Linking
from belannot.ui.models.document_list_model import STATE_TEXT, DocumentListModel
from belannot.ui.overriding import override
from belannot.ui.plain import plain_tooltip
from belannot.ui.preferences import PreferencesController
from belannot.ui.project_place import shown_location, status_text
from belannot.ui.review_controller import ReviewController
from belannot.ui.session import Session
from belannot.ui.settings import Settings
from belannot.ui.suggesting import Suggesting
from belannot.ui.widgets.article_column import ArticleColumn
from belannot.ui.widgets.article_search import ArticleSearch
from belannot.ui.widgets.document_list import DocumentList
from belannot.ui.widgets.elided_path import FittedStatus, PathElider
from belannot.ui.widgets.tag_panel import TagPanel

if TYPE_CHECKING:
    from belannot.ui.dialogs.actor_registry_dialog import ActorRegistryDialog
    from belannot.ui.dialogs.mentions_dialog import MentionsDialog

STATUS_MESSAGE_MS = 8000
# A reviewer's first layout: room for the agreement column.
FIRST_REVIEW_DOCK_WIDTHS = (400, 480)


class MainWindow(QMainWindow):
    """Lays out the docks, menus and status bar and connects the parts' signals."""

    def __init__(self, session: Session, settings: Settings) -> None:
        super().__init__()
        self.session = session
        self.settings = settings
        store = session.store
        self._labels = store.labels()
        self._document_id: str | None = None
        self._document: Document | None = None
        self._fresh_layout = False  # no saved layout: size the docks when first shown
        self.setWindowTitle(f"belannot — {session.user.name}")
        self.registry = ActionRegistry(self, self._labels)

        centre = self._centre = ArticleColumn(self)
        self.title_label, self.article_view = centre.title_label, centre.article_view
        self.find_bar = centre.find_bar
        self.article_view.set_snapping(settings.snapping())
        self.setCentralWidget(centre)

        self.document_model = DocumentListModel(store, session.user.name, self)
        self.document_list = DocumentList(self.document_model, self)
        self.documents_dock = self._dock("Documents", "documents_dock", self.document_list)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.documents_dock)
        self.tag_panel = TagPanel(self.registry[ActionId.STICKY_LABEL], self)
        self.tag_panel.set_labels(self._labels)
        self.tags_dock = self._dock("Labels and spans", "tags_dock", self.tag_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.tags_dock)

        self.editor = SpanEditor(session, self.article_view, self)
        self.labeling = Labeling(
            self.registry, self.tag_panel, self.article_view, self.editor, self
        )
        self.search = ArticleSearch(
            self.article_view, self.find_bar, self.tag_panel.current_label, self.editor.label_all
        )
        self.linking = Linking(
            session, self.registry, self.article_view, (self.tag_panel.span_table,), self
        )
        relations = self.linking.list
        self.linking.set_tabs(self.tag_panel.add_list_tab(relations, relations.title()))
        self.registry.bind_editor(self.article_view)
        self.registry.bind_editor(self.tag_panel.span_table)
        self.attribute_editing = AttributeEditing(
            session, self.registry, self.tag_panel, self.article_view, self
        )
        self.attribute_editing.notice.connect(self.show_message)
        self.registry[ActionId.SNAPPING].setChecked(settings.snapping())
        self._build_menus()
        self._build_status_bar()
        self._wire()
        self._wire_tools()
        self._update_progress()
        self._update_undo_actions()
        # Layers and review mode: which spans this user sees, and the reviewer's actions.
        self.review = ReviewController(
            session, self.registry, self.article_view, self.tag_panel, self
        )
        self._wire_review()
        self._wire_linking()
        self._wire_actors()
        self._wire_suggestions()
        self.preferences.hidden_annotators_chosen.connect(self.review.set_hidden_annotators)
        self.preferences.apply(self.preferences.current)

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        return dock

    def _build_menus(self) -> None:
        menus = {group: self.menuBar().addMenu(f"&{group}") for group in GROUPS}
        for action_id, action in self.registry:
            menus[SPECS[action_id].group].addAction(action)
        toolbar = self.registry.toolbar(
            "Main",
            "main_toolbar",
            [
                ActionId.PREVIOUS_DOCUMENT,
                ActionId.NEXT_DOCUMENT,
                None,
                ActionId.UNDO,
                ActionId.REDO,
                None,
                ActionId.FIND,
                ActionId.SNAPPING,
                None,
                ActionId.DONE_AND_NEXT,
            ],
            self,
        )
        self.addToolBar(toolbar)

    def _build_status_bar(self) -> None:
        user = self.session.user
        self.user_status = QLabel(f"{user.name} ({user.role.value})")
        self.project_status = QLabel(status_text(self.session.store))
        self.project_status.setObjectName("project_status")
        # Plain: a folder called <img src=x> must not become an image in the tooltip.
        self.project_status.setToolTip(plain_tooltip(shown_location(self.session.store)))
        self.saved_status = QLabel("✓ All changes saved")
        for widget in (self.user_status, self.project_status, self.saved_status):
            widget.setTextFormat(Qt.TextFormat.PlainText)
            self.statusBar().addPermanentWidget(widget)
        self._path_elider = PathElider(
            self.project_status, self.project_status.text(), self.statusBar()
        )

    def _wire(self) -> None:
        a = self.registry
        session, editor, view, tags = self.session, self.editor, self.article_view, self.tag_panel
        session.changed.connect(self._on_changed)
        session.failed.connect(self._on_failed)
        session.noticed.connect(self._on_noticed)
        editor.span_chosen.connect(self._choose_span)
        editor.notice.connect(self.show_message)
        view.span_activated.connect(self._on_view_span)
        tags.span_selected.connect(self._on_table_span)
        self.labeling.notice.connect(self.show_message)
        tags.note_edited.connect(editor.set_note)
        self.document_list.document_activated.connect(self.open_document)
        # Enter or a double-click on a document hands the keyboard to the article.
        self.document_list.table.activated.connect(lambda _index: view.setFocus())
        a[ActionId.QUIT].triggered.connect(self.close)
        a[ActionId.EXPORT].triggered.connect(
            lambda: dialogs.export(self.session, self, self.settings)
        )
        a[ActionId.IMPORT].triggered.connect(
            lambda: dialogs.import_files(self.session, self, self.open_document)
        )
        a[ActionId.UNDO].triggered.connect(session.undo)
        a[ActionId.REDO].triggered.connect(session.redo)
        a[ActionId.DELETE_SPAN].triggered.connect(editor.delete_current)
        a[ActionId.NEXT_SPAN].triggered.connect(lambda: editor.step(False))
        a[ActionId.PREVIOUS_SPAN].triggered.connect(lambda: editor.step(True))
        a[ActionId.SNAPPING].toggled.connect(self._set_snapping)
        a[ActionId.DONE_AND_NEXT].triggered.connect(self.mark_done_and_next)
        a[ActionId.NEXT_DOCUMENT].triggered.connect(lambda: self._step_document(1))
        a[ActionId.PREVIOUS_DOCUMENT].triggered.connect(lambda: self._step_document(-1))
        a[ActionId.FOCUS_DOCUMENTS].triggered.connect(self.document_list.filter_edit.setFocus)
        a[ActionId.FOCUS_TEXT].triggered.connect(view.setFocus)
        a[ActionId.FIND].triggered.connect(self.search.show)
        a[ActionId.LABEL_ALL_MATCHES].triggered.connect(self.search.label_all_from_bar)
        a[ActionId.SHORTCUTS].triggered.connect(
            lambda: dialogs.shortcuts(self.registry.shortcut_rows(), self)
        )
        self.find_bar.label_chosen.connect(tags.set_current_label)
        tags.current_label_changed.connect(self.find_bar.set_label)
        self.find_bar.set_labels(self._labels, tags.current_label())

    def _wire_tools(self) -> None:
        # Guidelines dock, preferences and the label schema: behaviour in their own modules.
        self.guidance = Guidance(self.session, self.settings, self.tag_panel, self.registry, self)
        self.article_view.span_activated.connect(self.guidance.show_span)
        self.editor.span_chosen.connect(self.guidance.show_span)
        dock = self.guidance.dock
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.splitDockWidget(self.tags_dock, dock, Qt.Orientation.Vertical)
        self.resizeDocks([self.tags_dock, dock], [520, 360], Qt.Orientation.Vertical)
        self.docks = DockLayout(
            self,
            self._centre,
            self.documents_dock,
            self.tags_dock,
            dock,
            self.document_list.readable_width,
            self.tag_panel.missing_height,
            self.article_view.reading_width,
        )
        self.tag_panel.room_wanted.connect(
            lambda: QTimer.singleShot(0, self.docks.keep_article_readable)
        )
        me = self.session.user.name
        self.preferences = PreferencesController(
            self.settings,
            self.registry,
            self.article_view,
            lambda: [u.name for u in self.session.store.users() if u.name != me],
            self,
        )
        self.registry[ActionId.EDIT_LABEL_SCHEMA].triggered.connect(
            lambda: dialogs.label_schema(self.session, self)
        )

    def _wire_review(self) -> None:
        review = self.review
        review.notice.connect(self.show_message)
        review.span_chosen.connect(self._choose_span)
        review.document_wanted.connect(self.open_document)
        review.layers_changed.connect(self._reload_spans)
        if review.panel is None or review.toolbar is None:
            return
        self.setWindowTitle(f"belannot — {self.session.user.name} (reviewer)")
        self.editor.foreign_edit = review.correct
        if self.settings.window_state() is None:
            # First launch: after restore_state's default sizes, make room for the column.
            QTimer.singleShot(0, self._first_review_layout)
        self.document_list.enable_review()
        dock = self.review_dock = self._dock("Review", "review_dock", review.panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.splitDockWidget(self.documents_dock, dock, Qt.Orientation.Vertical)
        self.addToolBar(review.toolbar)

    def _wire_linking(self) -> None:
        self.linking.notice.connect(self.show_message)
        self.linking.span_chosen.connect(self._choose_span)
        self.review.relation_decider = self.linking.decide
        self.review.layers_changed.connect(self.linking.refill)

    def _wire_actors(self) -> None:
        # Actor links, the registry dialog and every mention: behaviour in their own modules.
        linking = self.actor_linking = ActorLinking(
            self.session, self.registry, self.article_view, self.tag_panel, self
        )
        linking.notice.connect(self.show_message)
        self.actor_registry: ActorRegistryDialog | None = None
        self.mentions: MentionsDialog | None = None
        linking.mentions_wanted.connect(self._show_mentions)
        self.registry[ActionId.ACTOR_REGISTRY].triggered.connect(self._open_actor_registry)

    def _show_mentions(self, actor_id: str) -> None:
        if self.mentions is None:
            from belannot.ui.dialogs.mentions_dialog import MentionsDialog

            mentions = self.mentions = MentionsDialog(self.session, self)
            mentions.jumped.connect(self._jump_to_span)
            mentions.filter_wanted.connect(
                lambda a: self.document_list.set_actor_filter(a, self.actor_linking.name_of(a))
            )
        self.mentions.show_actor(actor_id)

    def _open_actor_registry(self) -> None:
        if self.actor_registry is None:
            from belannot.ui.dialogs.actor_registry_dialog import ActorRegistryDialog

            dialog = self.actor_registry = ActorRegistryDialog(self.session, self)
            dialog.mentions_wanted.connect(self._show_mentions)
        self.actor_registry.show()
        self.actor_registry.raise_()
        self.actor_registry.activateWindow()

    def _jump_to_span(self, document_id: str, span_id: str) -> None:
        if document_id != self._document_id:
            self.open_document(document_id)
        self._choose_span(span_id)
        self.activateWindow()
        self.article_view.setFocus()

    def _wire_suggestions(self) -> None:
        s = self.suggesting = Suggesting(self.session, self.registry, self.article_view, self)
        self.labeling.claim_label = s.relabel
        self.session.changed.connect(lambda changes, _initiator: s.on_changed(changes))
        s.notice.connect(self.show_message)
        s.status.connect(FittedStatus(self.statusBar()).show)
        s.span_chosen.connect(self._choose_span)
        count = QLabel(self)
        count.setObjectName("suggestion_count")
        s.counted.connect(count.setText)
        self.statusBar().insertPermanentWidget(0, count)
        self.registry[ActionId.RECOMMENDERS].triggered.connect(self._show_recommenders)

    def _show_recommenders(self) -> None:
        from belannot.ui.widgets.recommender_panel import RecommenderPanel

        RecommenderPanel.ask(self.session, self.suggesting, self)

    def _first_review_layout(self) -> None:
        self.resizeDocks(
            [self.documents_dock, self.tags_dock],
            list(FIRST_REVIEW_DOCK_WIDTHS),
            Qt.Orientation.Horizontal,
        )

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_MESSAGE_MS)

    def labels(self) -> list[Label]:
        return self.session.store.labels()

    def current_document_id(self) -> str | None:
        return self._document_id

    def open_document(self, document_id: str) -> None:
        store = self.session.store
        if not store.has_document(document_id):
            self.show_message(f"No document {document_id!r}")
            return
        document = store.document(document_id)
        self._document_id, self._document = document_id, document
        spans = self.review.visible_spans(document_id)
        self.article_view.set_document(document_id, document.text, spans, self._labels)
        self.linking.set_document(document_id)
        self.suggesting.set_document(document_id)
        self.tag_panel.set_spans(document.text, spans, None, self.review.agreements)
        self.actor_linking.set_document(document_id)
        self._update_meta()
        self.document_list.select_document(document_id)
        self.settings.set_last_document(shown_location(store), document_id)

    def _update_meta(self) -> None:
        if self._document is not None:
            state = self.session.store.document_state(self._document.id, self.session.user.name)
            self._centre.show_facts(self._document, STATE_TEXT[state])

    def mark_done_and_next(self) -> None:
        document_id = self._document_id
        if document_id is None:
            return
        if self.session.run(SetDocumentState(document_id, DocumentState.DONE), self) is None:
            return
        store = self.session.store
        position = store.document_position(document_id) or 0
        following = store.next_open_document(self.session.user.name, position)
        if following is None:
            self.show_message("Every document is done. Well done!")
        else:
            self.open_document(following)

    def _step_document(self, offset: int) -> None:
        target = self.document_list.document_at(offset)
        if target is not None:
            self.open_document(target)

    def _choose_span(self, span_id: str | None) -> None:
        self.article_view.select_span(span_id)
        self.tag_panel.select_span(span_id)

    def _on_view_span(self, span_id: str) -> None:
        self.tag_panel.select_span(span_id)

    def _on_table_span(self, span_id: str | None) -> None:
        self.article_view.select_span(span_id)

    def _set_snapping(self, enabled: bool) -> None:
        self.article_view.set_snapping(enabled)
        self.settings.set_snapping(enabled)

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        self.document_model.refresh(changes)
        # A label or setting change shows the spans again (their names, colours, whose).
        shown = changes.everything or bool(changes.labels or changes.settings)
        if changes.everything or changes.labels:
            self._reload_labels()
        if changes.everything:
            if self._document_id is not None:
                self.document_list.select_document(self._document_id)
        # Progress and the status line follow document states only, not span edits.
        states = changes.everything or Entity.DOCUMENT_STATE in changes.entities
        if states:
            self._update_progress()
        self._update_undo_actions()
        self.saved_status.setText("✓ All changes saved")
        document_id = self._document_id
        if shown or document_id in changes.document_ids:
            if shown:
                self._reload_spans()
            elif Entity.SPAN in changes.entities:
                self._reload_spans(changes.span_ids)
            if states:
                self._update_meta()
        elif initiator is None and changes.document_ids:
            # An undo or redo of an edit in another document: show where it happened.
            self.open_document(sorted(changes.document_ids)[0])
        self.linking.on_changed(changes)
        self.actor_linking.on_changed(changes)

    def _reload_labels(self) -> None:
        self._labels = self.session.store.labels()
        self.registry.set_labels(self._labels)
        self.tag_panel.set_labels(self._labels)
        self.find_bar.set_labels(self._labels, self.tag_panel.current_label())
        self.article_view.set_labels(self._labels)

    def _reload_spans(self, changed: Collection[str] | None = None) -> None:
        if self._document_id is None:
            return
        delta = self.review.changed_spans(self._document_id, changed) if changed else None
        if delta is not None:  # only the changed spans move, in the view and the list
            self.article_view.update_spans(*delta)
            self.tag_panel.update_spans(*delta, self.article_view.current_span_id())
            return
        spans = self.review.visible_spans(self._document_id, changed)
        current = self.article_view.current_span_id()
        if current is not None and all(s.id != current for s in spans):
            current = None
        self.article_view.set_spans(spans)
        self.tag_panel.set_spans(self.article_view.text(), spans, current, self.review.agreements)

    def _on_failed(self, message: str) -> None:
        self.show_message(f"Not done: {message}")

    def _on_noticed(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_MESSAGE_MS)
        self._update_undo_actions()

    def _update_progress(self) -> None:
        done, total = self.session.store.annotator_progress(self.session.user.name)
        self.tag_panel.set_progress(done, total)

    def _update_undo_actions(self) -> None:
        session = self.session
        self.registry.set_undo_texts(session.undo_description(), session.redo_description())

    def restore_state(self, document_id: str | None = None) -> None:
        """Geometry, docks and the last document (or ``document_id``) as they were."""
        if not self.docks.restore(self.settings.geometry(), self.settings.window_state()):
            # No saved layout: size the docks again at the size the window is first shown
            # with (a window manager's).
            self._fresh_layout = True
        self.document_list.restore_header(self.settings.header_state("documents"))
        self.tag_panel.restore_header(self.settings.header_state("spans"))
        store = self.session.store
        wanted = document_id or self.settings.last_document(shown_location(store))
        if wanted is None or not store.has_document(wanted):
            wanted = self.document_model.document_id(0)
        if wanted is not None:
            self.open_document(wanted)
        self.article_view.setFocus()

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fresh_layout:
            self._fresh_layout = False
            QTimer.singleShot(0, self.docks.default_dock_widths)
        QTimer.singleShot(0, self.docks.keep_article_readable)

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # After the layout has placed the docks at the new size.
        QTimer.singleShot(0, self.docks.keep_article_readable)

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        self.session.stop_watching()
        self.settings.set_header_state("documents", self.document_list.header_state())
        self.settings.set_header_state("spans", self.tag_panel.header_state())
        self.settings.set_layout(self.saveGeometry(), self.saveState())
        self.settings.sync()
        super().closeEvent(event)
