"""OpenTeamDialog: where a team project's server is and who you log in as; a URL out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from belannot.core.identity import login_name
from belannot.ui.overriding import override
from belannot.ui.project_place import team_url, url_fields
from belannot.ui.settings import Settings

DEFAULT_PORT = "5432"


class OpenTeamDialog(QDialog):
    """Asks for a team project's server, database and login; remembers all but the password."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Open team project")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "A team project lives in a PostgreSQL database. You work as the login you "
            "connect with. Leave the password empty when the server needs none or your "
            "~/.pgpass holds it; belannot never stores it."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(intro)
        host, port, database, user = url_fields(settings.team_url() or "")
        self.host_edit = QLineEdit(host or "localhost", self)
        self.port_edit = QLineEdit(port or DEFAULT_PORT, self)
        self.database_edit = QLineEdit(database, self)
        # libpq's own default login is the OS account's.
        self.user_edit = QLineEdit(user or login_name(), self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.host_edit.setToolTip("A server's name or address, or the folder of its socket")
        form = QFormLayout()
        for caption, edit in (
            ("&Host:", self.host_edit),
            ("&Port:", self.port_edit),
            ("&Database:", self.database_edit),
            ("&User:", self.user_edit),
            ("Pass&word:", self.password_edit),
        ):
            form.addRow(caption, edit)
            edit.textChanged.connect(self._validate)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._validate()
        (self.database_edit if not database else self.password_edit).setFocus()

    def url(self) -> str:
        return team_url(
            self.host_edit.text().strip(),
            self.port_edit.text().strip(),
            self.database_edit.text().strip(),
            self.user_edit.text().strip(),
            self.password_edit.text(),
        )

    def _validate(self) -> None:
        needed = (self.host_edit, self.database_edit, self.user_edit)
        ready = all(edit.text().strip() for edit in needed)
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(ready)

    @override
    def accept(self) -> None:
        from belannot.core.store.postgres import shown_url

        self.settings.set_team_url(shown_url(self.url()))
        super().accept()

    @classmethod
    def ask(cls, settings: Settings, parent: QWidget | None = None) -> str | None:
        """The team project's URL (with the password typed, if any), or None if cancelled."""
        dialog = cls(settings, parent)
        return dialog.url() if dialog.exec() == QDialog.DialogCode.Accepted else None
