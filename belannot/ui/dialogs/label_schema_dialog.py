"""LabelSchemaDialog: labels (and their attributes) and relation types, added and changed.

The edits are core schema operations run by the session; this dialog asks for their
inputs and reports refusals in its status line. The relation types tab and the
attribute list live in their own modules.
"""

from __future__ import annotations

from dataclasses import replace
from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from belannot.core.model import Label
from belannot.core.operations import Operation
from belannot.core.schema_edits import (
    AddLabel,
    DeleteLabel,
    DescribeLabel,
    MoveLabel,
    RebindHotkey,
    RecolorLabel,
    RenameLabel,
    SpanPolicy,
)
from belannot.ui.dialogs.form_parts import list_beside_buttons
from belannot.ui.dialogs.label_attributes_panel import LabelAttributesPanel
from belannot.ui.dialogs.label_colours import colour_icon
from belannot.ui.dialogs.relation_types_page import RelationTypesPage
from belannot.ui.session import Session
from belannot.ui.widgets.guidelines_pane import label_tooltip

# Okabe–Ito colours offered to a new label, after the four the defaults use.
NEW_LABEL_COLOURS = ("#56B4E9", "#D55E00", "#F0E442", "#000000", "#0072B2", "#E69F00")


class DeleteChoice(Enum):
    CANCEL = "cancel"
    REASSIGN = "reassign"
    DELETE_SPANS = "delete"


class DeleteLabelDialog(QDialog):
    """Asks what to do with the spans of a label being deleted."""

    def __init__(
        self, label: str, span_count: int, others: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Delete label {label}")
        layout = QVBoxLayout(self)
        text = QLabel(
            f"{span_count} span{'s' if span_count != 1 else ''} carry the label {label}. "
            "What should happen to them?",
            self,
        )
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.reassign = QRadioButton("Give them another label:", self)
        self.target = QComboBox(self)
        self.target.addItems(others)
        self.delete_spans = QRadioButton("Delete them with the label", self)
        group = QButtonGroup(self)
        group.addButton(self.reassign)
        group.addButton(self.delete_spans)
        self.reassign.setChecked(bool(others))
        self.reassign.setEnabled(bool(others))
        self.delete_spans.setChecked(not others)
        row = QHBoxLayout()
        row.addWidget(self.reassign)
        row.addWidget(self.target, 1)
        layout.addLayout(row)
        layout.addWidget(self.delete_spans)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Delete label")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choice(self) -> tuple[DeleteChoice, str | None]:
        if self.reassign.isChecked():
            return DeleteChoice.REASSIGN, self.target.currentText()
        return DeleteChoice.DELETE_SPANS, None

    @classmethod
    def ask(
        cls, label: str, span_count: int, others: list[str], parent: QWidget | None = None
    ) -> tuple[DeleteChoice, str | None]:
        dialog = cls(label, span_count, others, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return DeleteChoice.CANCEL, None
        return dialog.choice()


class DescribeLabelDialog(QDialog):
    """Edits a label's one-line description and its guideline text (examples are kept)."""

    def __init__(self, label: Label, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Describe {label.name}")
        form = QFormLayout(self)
        self.description = QLineEdit(label.description, self)
        self.guidelines = QPlainTextEdit(self)
        self.guidelines.setPlainText(label.guidelines.text)
        self.guidelines.setMinimumSize(480, 240)
        form.addRow("Description", self.description)
        form.addRow("Guidelines", self.guidelines)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @classmethod
    def ask(cls, label: Label, parent: QWidget | None = None) -> tuple[str, str] | None:
        dialog = cls(label, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.description.text().strip(), dialog.guidelines.toPlainText().strip()


class LabelSchemaDialog(QDialog):
    """The project's labels in order, with buttons for every schema change."""

    # A label's name after a change (None after a delete): the tag panel can reselect it.
    label_changed = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("label_schema_dialog")
        self.setWindowTitle("Label schema")
        self.list = QListWidget(self)
        self.list.setObjectName("label_list")
        self.status = QLabel(self)
        self.status.setObjectName("label_schema_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        # The session reports what the core refused; this dialog shows it where it was asked.
        session.failed.connect(self.status.setText)
        session.changed.connect(self._on_changed)
        row, self.buttons = list_beside_buttons(
            self,
            self.list,
            (
                ("add", "Add…", self._on_add),
                ("rename", "Rename…", self._on_rename),
                ("color", "Colour…", self._on_color),
                ("hotkey", "Key…", self._on_hotkey),
                ("up", "Move up", lambda: self._on_move(-1)),
                ("down", "Move down", lambda: self._on_move(1)),
                ("describe", "Describe…", self._on_describe),
                ("delete", "Delete…", self._on_delete),
            ),
        )
        labels_page = QWidget(self)
        page = QVBoxLayout(labels_page)
        page.addLayout(row, 3)
        self.attribute_panel = LabelAttributesPanel(session, labels_page)
        page.addWidget(self.attribute_panel, 2)
        self.relation_page = RelationTypesPage(session, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(labels_page, "&Labels")
        self.tabs.addTab(self.relation_page, "&Relation types")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.list.currentRowChanged.connect(self._update_buttons)
        self.refresh()
        self.resize(620, 520)

    def _on_changed(self, _changes: object, initiator: object) -> None:
        # A change made from one of the tabs: the last refusal no longer applies.
        if initiator in (self, self.relation_page, self.attribute_panel):
            self.status.clear()

    # -- reading -------------------------------------------------------------------

    def labels(self) -> list[Label]:
        return self.session.store.labels()

    def current_name(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def refresh(self, select: str | None = None) -> None:
        select = select or self.current_name()
        self.list.clear()
        ratio = self.devicePixelRatioF()
        for label in self.labels():
            key = label.hotkey or "–"
            item = QListWidgetItem(colour_icon(label.color, 16, ratio), f"{key}   {label.name}")
            item.setData(Qt.ItemDataRole.UserRole, label.name)
            item.setToolTip(label_tooltip(label))
            self.list.addItem(item)
            if label.name == select:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.attribute_panel.show_label(self.current_name())
        row = self.list.currentRow()
        selected = row >= 0
        for key in ("rename", "color", "hotkey", "describe", "delete"):
            self.buttons[key].setEnabled(selected)
        self.buttons["up"].setEnabled(row > 0)
        self.buttons["down"].setEnabled(selected and row < self.list.count() - 1)

    # -- changing (each returns True when the change was made) -------------------------

    def _apply(self, operation: Operation, select: str | None) -> bool:
        if self.session.run(operation, initiator=self) is None:
            return False  # the status line shows why (session.failed)
        self.status.clear()
        self.refresh(select)
        self.label_changed.emit(select)
        return True

    def add_label(self, name: str, color: str, hotkey: str | None = None) -> bool:
        return self._apply(AddLabel(name, color, hotkey), select=name)

    def rename_label(self, name: str, new_name: str) -> bool:
        return self._apply(RenameLabel(name, new_name), select=new_name)

    def recolor_label(self, name: str, color: str) -> bool:
        return self._apply(RecolorLabel(name, color), select=name)

    def rebind_hotkey(self, name: str, hotkey: str | None) -> bool:
        return self._apply(RebindHotkey(name, hotkey), select=name)

    def move_label(self, name: str, position: int) -> bool:
        return self._apply(MoveLabel(name, position), select=name)

    def describe_label(self, name: str, description: str, guideline: str) -> bool:
        label = self.session.store.label(name)
        if label is None:
            return False
        guidelines = replace(label.guidelines, text=guideline)
        return self._apply(DescribeLabel(name, description, guidelines), select=name)

    def delete_label(
        self, name: str, policy: SpanPolicy = SpanPolicy.REFUSE, reassign_to: str | None = None
    ) -> bool:
        return self._apply(DeleteLabel(name, policy, reassign_to), select=None)

    # -- buttons: ask, then change ------------------------------------------------------

    def _on_add(self) -> None:
        name, ok = QInputDialog.getText(self, "Add label", "Name of the new label:")
        if not ok or not name.strip():
            return
        used = {label.color.upper() for label in self.labels()}
        colour = next((c for c in NEW_LABEL_COLOURS if c.upper() not in used), "#56B4E9")
        self.add_label(name.strip(), colour)

    def _on_rename(self) -> None:
        name = self.current_name()
        if name is None:
            return
        new_name, ok = QInputDialog.getText(self, "Rename label", "New name:", text=name)
        if ok and new_name.strip():
            self.rename_label(name, new_name.strip())

    def _on_color(self) -> None:
        label = self.session.store.label(self.current_name() or "")
        if label is None:
            return
        colour = QColorDialog.getColor(QColor(label.color), self, f"Colour of {label.name}")
        if colour.isValid():
            self.recolor_label(label.name, colour.name())

    def _on_hotkey(self) -> None:
        label = self.session.store.label(self.current_name() or "")
        if label is None:
            return
        key, ok = QInputDialog.getText(
            self, "Label key", f"Key for {label.name} (empty: none):", text=label.hotkey or ""
        )
        if ok:
            self.rebind_hotkey(label.name, key.strip() or None)

    def _on_move(self, step: int) -> None:
        name = self.current_name()
        if name is not None:
            self.move_label(name, max(0, self.list.currentRow() + step))

    def _on_describe(self) -> None:
        label = self.session.store.label(self.current_name() or "")
        if label is None:
            return
        answer = DescribeLabelDialog.ask(label, self)
        if answer is not None:
            self.describe_label(label.name, *answer)

    def _on_delete(self) -> None:
        name = self.current_name()
        if name is None:
            return
        count = self.session.store.label_span_count(name)
        if count == 0:
            self.delete_label(name)
            return
        others = [label.name for label in self.labels() if label.name != name]
        choice, target = DeleteLabelDialog.ask(name, count, others, self)
        if choice is DeleteChoice.REASSIGN:
            self.delete_label(name, SpanPolicy.REASSIGN, target)
        elif choice is DeleteChoice.DELETE_SPANS:
            self.delete_label(name, SpanPolicy.DELETE)

    @classmethod
    def ask(cls, session: Session, parent: QWidget | None = None) -> None:
        """Open the dialog on ``session``'s project until the user closes it."""
        cls(session, parent).exec()
