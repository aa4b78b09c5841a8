"""RestoreDialog: a damaged project, and what the newest backup would bring back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from belannot.core.restoring import RestoreOffer


class RestoreDialog:
    """Asks whether to put the newest backup in place of a damaged project, showing what
    each holds; keeping the current file is the default."""

    @classmethod
    def text(cls, problem: str, offer: RestoreOffer) -> str:
        if offer.backup is None or offer.held is None:
            return f"{problem}\n\nThere is no backup of {offer.project.name} to restore."
        return (
            f"{problem}\n\n"
            f"The newest backup, taken {offer.backup.when()}: {offer.held.summary()}.\n"
            f"The current file: {offer.current.summary()}.\n\n"
            "Restoring puts the backup in place of the current file. The current file is "
            "kept aside, byte for byte, next to the backups, and never deleted by belannot.\n"
            f"{offer.backup.path}"
        )

    @classmethod
    def ask(cls, problem: str, offer: RestoreOffer, parent: QWidget | None = None) -> bool:
        box = QMessageBox(parent)
        box.setWindowTitle("The project is damaged")
        box.setTextFormat(Qt.TextFormat.PlainText)  # the message quotes file names
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(cls.text(problem, offer))
        if offer.backup is None:
            box.setStandardButtons(QMessageBox.StandardButton.Close)
            box.exec()
            return False
        restore = box.addButton("Restore the backup", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep the current file", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is restore
