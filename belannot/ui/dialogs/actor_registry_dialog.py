"""ActorRegistryDialog: the project's actors — filter, add, edit, aliases, merge, mentions."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from belannot.core.actor_commands import AddActor, AddAlias, EditActor, MergeActors, RemoveAlias
from belannot.core.actor_matching import normalise
from belannot.core.actors import Actor, ActorKind
from belannot.core.changes import Changes, Entity
from belannot.core.operations import Operation
from belannot.ui.models.actor_table_model import ACTOR_ID_ROLE, ActorTableModel, Column
from belannot.ui.session import Session
from belannot.ui.widgets import row_table

KINDS = [kind.value for kind in ActorKind]


def _kinds(parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItems(KINDS)
    return combo


class ActorRegistryDialog(QDialog):
    """Non-modal: the window stays usable while it is open; every edit is one undo step."""

    mentions_wanted = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Actor registry")
        self.setObjectName("actorRegistryDialog")
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter by name or alias, or type a new actor's name…")
        self.filter_edit.setClearButtonEnabled(True)
        self.new_kind = _kinds(self)
        self.add_button = QPushButton("&Add actor", self)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.new_kind)
        top.addWidget(self.add_button)
        layout.addLayout(top)

        self.model = ActorTableModel(self)
        self.table = row_table(self)
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.ALIASES, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        for column, sample in (
            (Column.NAME, "Alexander Lukashenko__"),
            (Column.KIND, "organisation__"),
            (Column.REF, "Q1234567__"),
            (Column.MENTIONS, "Mentions__"),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample))
        layout.addWidget(self.table, 1)

        details = QGridLayout()
        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.kind_combo = _kinds(self)
        self.ref_edit = QLineEdit(self)
        self.ref_edit.setPlaceholderText("e.g. a Wikidata id (Q14190)")
        self.description_edit = QLineEdit(self)
        self.save_button = QPushButton("&Save changes", self)
        form.addRow("&Name", self.name_edit)
        form.addRow("&Kind", self.kind_combo)
        form.addRow("Re&ference", self.ref_edit)
        form.addRow("&Description", self.description_edit)
        form.addRow("", self.save_button)
        details.addLayout(form, 0, 0)
        aliases = QVBoxLayout()
        self.alias_list = QListWidget(self)
        # The actors' table gets the room; a long alias list scrolls.
        self.alias_list.setMaximumHeight(6 * self.fontMetrics().height() + 8)
        self.alias_edit = QLineEdit(self)
        self.alias_edit.setPlaceholderText("New alias (Enter adds it)")
        self.remove_alias_button = QPushButton("Remove a&lias", self)
        aliases.addWidget(QLabel("Aliases", self))
        aliases.addWidget(self.alias_list, 1)
        aliases.addWidget(self.alias_edit)
        aliases.addWidget(self.remove_alias_button)
        details.addLayout(aliases, 0, 1)
        layout.addLayout(details, 0)

        bottom = QHBoxLayout()
        self.merge_combo = QComboBox(self)
        self.merge_combo.setMinimumContentsLength(18)
        self.merge_button = QPushButton("&Merge into", self)
        self.mentions_button = QPushButton("Every men&tion…", self)
        self.undo_button = QPushButton("&Undo", self)
        close = QPushButton("Close", self)
        bottom.addWidget(self.merge_button)
        bottom.addWidget(self.merge_combo, 1)
        bottom.addStretch(0)
        bottom.addWidget(self.mentions_button)
        bottom.addWidget(self.undo_button)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.status = QLabel("", self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)

        self.filter_edit.textChanged.connect(self._on_filter)
        self.filter_edit.returnPressed.connect(self._focus_table)
        self.add_button.clicked.connect(self.add_actor)
        self.save_button.clicked.connect(self.save)
        self.alias_edit.returnPressed.connect(self.add_alias)
        self.remove_alias_button.clicked.connect(self.remove_alias)
        self.merge_button.clicked.connect(self.merge)
        self.mentions_button.clicked.connect(self._mentions)
        self.undo_button.clicked.connect(self._undo)
        close.clicked.connect(self.close)
        QShortcut(QKeySequence.StandardKey.Undo, self, self._undo)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.table.doubleClicked.connect(lambda _index: self._mentions())
        session.changed.connect(self._on_changed)
        session.failed.connect(self.status.setText)
        self.resize(860, 560)
        self.reload()

    @classmethod
    def open_for(cls, session: Session, parent: QWidget | None = None) -> ActorRegistryDialog:
        dialog = cls(session, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # -- content ------------------------------------------------------------------------

    def reload(self, keep: str | None = None) -> None:
        store = self.session.store
        keep = keep or self.selected_id()
        self._actors = store.actors()
        self.model.set_actors(self._actors, store.actor_link_counts())
        self.select(keep)
        self._update_add()

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.everything or changes.actor_ids or Entity.ACTOR_LINK in changes.entities:
            self.reload()

    def _on_filter(self, text: str) -> None:
        self.model.set_filter(text)
        if self.model.rowCount():
            self.select(self.selected_id() or self.model.actor_at(0).id)  # type: ignore[union-attr]
        self._update_add()

    def _update_add(self) -> None:
        name = self.filter_edit.text().strip()
        taken = any(normalise(a.name) == normalise(name) for a in self._actors)
        self.add_button.setEnabled(bool(name) and not taken)
        self.add_button.setText(f"&Add “{name}”" if name and not taken else "&Add actor")

    def _focus_table(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
        elif self.add_button.isEnabled():
            self.add_actor()

    def selected_id(self) -> str | None:
        index = self.table.selectionModel().currentIndex() if self.table.selectionModel() else None
        return index.data(ACTOR_ID_ROLE) if index is not None and index.isValid() else None

    def selected(self) -> Actor | None:
        actor_id = self.selected_id()
        return next((a for a in self._actors if a.id == actor_id), None)

    def select(self, actor_id: str | None) -> None:
        row = self.model.row_of(actor_id)
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))
        self._show_selected()

    def _show_selected(self) -> None:
        actor = self.selected()
        for widget in (self.name_edit, self.ref_edit, self.description_edit):
            widget.setEnabled(actor is not None)
        with QSignalBlocker(self.kind_combo):
            self.kind_combo.setCurrentText(actor.kind.value if actor else KINDS[-1])
        self.name_edit.setText(actor.name if actor else "")
        self.ref_edit.setText(actor.ref or "" if actor else "")
        self.description_edit.setText(actor.description if actor else "")
        self.alias_list.clear()
        self.alias_list.addItems(list(actor.aliases) if actor else [])
        self.merge_combo.clear()
        for other in self._actors:
            if actor is not None and other.id != actor.id:
                self.merge_combo.addItem(f"{other.name} ({other.id})", other.id)
        for button in (self.save_button, self.merge_button, self.mentions_button):
            button.setEnabled(actor is not None)

    # -- edits: each one operation, one undo step -------------------------------------------

    def _run(self, operation: Operation, done: str, keep: str | None = None) -> bool:
        if self.session.run(operation, self) is None:
            return False
        self.reload(keep)
        self.status.setText(f"{done} (Undo or Ctrl+Z takes it back).")
        return True

    def add_actor(self) -> None:
        name = " ".join(self.filter_edit.text().split())
        if not name:
            return
        command = AddActor(name, self.new_kind.currentText())
        with QSignalBlocker(self.filter_edit):
            self.filter_edit.clear()
        self.model.set_filter("")
        if self._run(command, f"Added {name}"):
            added = next((a for a in self._actors if a.name == name), None)
            self.select(added.id if added else None)
            self.name_edit.setFocus()

    def save(self) -> None:
        actor = self.selected()
        if actor is None:
            return
        command = EditActor(
            actor.id,
            name=self.name_edit.text().strip(),
            kind=self.kind_combo.currentText(),
            text=self.description_edit.text().strip(),
            ref=self.ref_edit.text().strip(),
        )
        self._run(command, f"Saved {command.name}", actor.id)

    def add_alias(self) -> None:
        actor, alias = self.selected(), " ".join(self.alias_edit.text().split())
        if actor is None or not alias:
            return
        if self._run(AddAlias(actor.id, alias), f"{actor.name} is also “{alias}”", actor.id):
            self.alias_edit.clear()

    def remove_alias(self) -> None:
        actor, item = self.selected(), self.alias_list.currentItem()
        if actor is not None and item is not None:
            alias = item.text()
            self._run(RemoveAlias(actor.id, alias), f"Removed “{alias}”", actor.id)

    def merge(self) -> None:
        source, into = self.selected(), self.merge_combo.currentData()
        if source is None or not into:
            return
        name = next((a.name for a in self._actors if a.id == into), into)
        self._run(MergeActors(source.id, into), f"Merged {source.name} into {name}", into)

    def _undo(self) -> None:
        keep = self.selected_id()
        if self.session.undo() is not None:
            self.reload(keep)
            self.status.setText("Undone.")

    def _mentions(self) -> None:
        actor_id = self.selected_id()
        if actor_id is not None:
            self.mentions_wanted.emit(actor_id)
