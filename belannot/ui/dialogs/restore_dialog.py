"""RestoreDialog: a project that will not open, and the newest backup that would bring it back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


class RestoreDialog:
    """Asks whether to put the newest backup in place of a damaged project."""

    @classmethod
    def ask(
        cls, project: Path, problem: str, backup: Path | None, parent: QWidget | None = None
    ) -> bool:
        box = QMessageBox(parent)
        box.setWindowTitle("The project cannot be opened")
        box.setTextFormat(Qt.TextFormat.PlainText)  # the message quotes file names
        box.setIcon(QMessageBox.Icon.Warning)
        if backup is None:
            box.setText(f"{problem}\n\nThere is no backup of {project.name} to restore.")
            box.setStandardButtons(QMessageBox.StandardButton.Close)
            box.exec()
            return False
        box.setText(
            f"{problem}\n\nRestore the newest backup?\n{backup}\n\n"
            "The current file is kept aside, byte for byte, next to the backups."
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        return box.exec() == QMessageBox.StandardButton.Yes
