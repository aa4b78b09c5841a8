"""RelationTypesPage: the label schema dialog's list of relation types and their edits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from belannot.core.operations import Operation
from belannot.core.relation_type_edits import (
    AddRelationType,
    ChangeRelationType,
    DeleteRelationType,
    RenameRelationType,
)
from belannot.core.relations import RelationType
from belannot.ui.dialogs import relation_type_dialog as rtd
from belannot.ui.dialogs.form_parts import list_beside_buttons
from belannot.ui.dialogs.label_colours import colour_icon
from belannot.ui.plain import plain_tooltip
from belannot.ui.session import Session


def describe(relation_type: RelationType) -> str:
    arrow = "→" if relation_type.directed else "↔"
    key = relation_type.hotkey or "–"
    heads, tails = ", ".join(relation_type.head_labels), ", ".join(relation_type.tail_labels)
    return f"{key}   {relation_type.name}   ({heads} {arrow} {tails})"


class RelationTypesPage(QWidget):
    """Relation types edited like labels, each change one operation through the session."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.list = QListWidget(self)
        self.list.setObjectName("relation_type_list")
        _row, self.buttons = list_beside_buttons(
            self,
            self.list,
            (
                ("add", "Add…", self._on_add),
                ("edit", "Labels and more…", self._on_edit),
                ("rename", "Rename…", self._on_rename),
                ("color", "Colour…", self._on_color),
                ("hotkey", "Key…", self._on_hotkey),
                ("delete", "Delete…", self._on_delete),
            ),
            QHBoxLayout(self),
        )
        self.buttons["edit"].setToolTip("Head and tail labels, direction, description")
        self.list.currentRowChanged.connect(self._update_buttons)
        self.refresh()

    def current_name(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _current(self) -> RelationType | None:
        name = self.current_name()
        return None if name is None else self.session.store.relation_type(name)

    def refresh(self, select: str | None = None) -> None:
        select = select or self.current_name()
        self.list.clear()
        ratio = self.devicePixelRatioF()
        for relation_type in self.session.store.relation_types():
            item = QListWidgetItem(
                colour_icon(relation_type.color, 16, ratio), describe(relation_type)
            )
            item.setData(Qt.ItemDataRole.UserRole, relation_type.name)
            item.setToolTip(plain_tooltip(relation_type.description))
            self.list.addItem(item)
            if relation_type.name == select:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = self.list.currentRow() >= 0
        for key in ("edit", "rename", "color", "hotkey", "delete"):
            self.buttons[key].setEnabled(selected)

    def _apply(self, operation: Operation, select: str | None) -> bool:
        if self.session.run(operation, initiator=self) is None:
            return False  # the dialog's status line shows why (session.failed)
        self.refresh(select)
        return True

    def _labels(self) -> list[str]:
        return [label.name for label in self.session.store.labels()]

    def _on_add(self) -> None:
        made = rtd.RelationTypeDialog.ask(self._labels(), None, self)
        if made is not None:
            self._apply(
                AddRelationType(
                    made.name,
                    made.head_labels,
                    made.tail_labels,
                    made.directed,
                    made.color,
                    made.hotkey,
                    made.description,
                ),
                made.name,
            )

    def _on_edit(self) -> None:
        current = self._current()
        if current is None:
            return
        made = rtd.RelationTypeDialog.ask(self._labels(), current, self)
        if made is not None:
            self._apply(
                ChangeRelationType(
                    current.name,
                    head_labels=made.head_labels,
                    tail_labels=made.tail_labels,
                    directed=made.directed,
                    color=made.color,
                    hotkey=made.hotkey or "",
                    text=made.description,
                ),
                current.name,
            )

    def _on_rename(self) -> None:
        name = self.current_name()
        if name is None:
            return
        new_name, ok = QInputDialog.getText(self, "Rename relation type", "New name:", text=name)
        if ok and new_name.strip():
            self._apply(RenameRelationType(name, new_name.strip()), new_name.strip())

    def _on_color(self) -> None:
        current = self._current()
        if current is None:
            return
        colour = QColorDialog.getColor(QColor(current.color), self, f"Colour of {current.name}")
        if colour.isValid():
            self._apply(ChangeRelationType(current.name, color=colour.name()), current.name)

    def _on_hotkey(self) -> None:
        current = self._current()
        if current is None:
            return
        key, ok = QInputDialog.getText(
            self,
            "Relation key",
            f"Key for {current.name} (empty: none):",
            text=current.hotkey or "",
        )
        if ok:
            self._apply(ChangeRelationType(current.name, hotkey=key.strip()), current.name)

    def _on_delete(self) -> None:
        name = self.current_name()
        if name is None:
            return
        count = self.session.store.relation_type_count(name)
        if count and not rtd.confirm_delete(name, count, self):
            return
        self._apply(DeleteRelationType(name, delete_relations=count > 0), None)
