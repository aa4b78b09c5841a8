"""AcceptAgreedDialog: asks how many annotators must agree, and for which documents."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from belannot.ui.plain import plain_mnemonic


@dataclass(frozen=True, slots=True)
class AcceptAgreedChoice:
    min_annotators: int
    # False: the whole corpus.
    this_document: bool


class AcceptAgreedDialog(QDialog):
    def __init__(
        self, document_title: str | None, annotators: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Accept agreed spans")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Approve every undecided span that at least this many annotators made "
            "identically (same start, end, label and attribute values), and every "
            "relation they made identically once both its ends are approved. Content "
            "you rejected stays rejected. Undo takes it all back in one step."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(intro.textFormat().PlainText)
        layout.addWidget(intro)
        form = QFormLayout()
        self.min_spin = QSpinBox(self)
        self.min_spin.setRange(2, max(2, annotators))
        self.min_spin.setValue(max(2, annotators))
        form.addRow("At least this many annotators:", self.min_spin)
        layout.addLayout(form)
        self.document_radio = QRadioButton(
            f"This document ({plain_mnemonic(document_title)})"
            if document_title
            else "This document",
            self,
        )
        self.corpus_radio = QRadioButton("Every document of the project", self)
        self.document_radio.setEnabled(document_title is not None)
        (self.document_radio if document_title is not None else self.corpus_radio).setChecked(True)
        layout.addWidget(self.document_radio)
        layout.addWidget(self.corpus_radio)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Accept")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choice(self) -> AcceptAgreedChoice:
        return AcceptAgreedChoice(self.min_spin.value(), self.document_radio.isChecked())

    @classmethod
    def ask(
        cls, document_title: str | None, annotators: int, parent: QWidget | None = None
    ) -> AcceptAgreedChoice | None:
        """What to accept, or None if the reviewer cancelled."""
        dialog = cls(document_title, annotators, parent)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
