"""UserNameDialog: asks a new annotator for the name their spans will carry."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from belannot.core.model import User, ValidationError


class UserNameDialog(QDialog):
    def __init__(self, suggested: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to belannot")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Your name is stored with every span you make, so that reviewers and the "
            "agreement report can tell annotators apart."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(intro.textFormat().PlainText)
        layout.addWidget(intro)
        self.name_edit = QLineEdit(suggested, self)
        self.name_edit.setPlaceholderText("Your name")
        layout.addWidget(self.name_edit)
        self.error = QLabel("")
        # The message quotes the name as typed.
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.name_edit.textChanged.connect(self._validate)
        self._validate()

    def name(self) -> str:
        return self.name_edit.text().strip()

    def _validate(self) -> None:
        message = ""
        try:
            User(self.name())
        except ValidationError as error:
            message = str(error) if self.name() else ""
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.name()) and not message)
        self.error.setText(message)

    @classmethod
    def ask(cls, suggested: str = "", parent: QWidget | None = None) -> str | None:
        """The name typed, or None if the person cancelled."""
        dialog = cls(suggested, parent)
        return dialog.name() if dialog.exec() == QDialog.DialogCode.Accepted else None
