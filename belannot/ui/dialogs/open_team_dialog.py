"""OpenTeamDialog: where a team project's server is and who you log in as; a URL out."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

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
from typing_extensions import override

from belannot.ui.settings import Settings

DEFAULT_PORT = "5432"


def team_url(host: str, port: str, database: str, user: str, password: str) -> str:
    """The libpq URL of ``database``; a host that is a folder is the server's socket."""
    login = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
    query: dict[str, str] = {}
    if host.startswith("/"):
        # A socket folder cannot sit in the URL's host part: libpq takes it as a parameter.
        netloc = f"{login}@"
        query["host"] = host
        if port:
            query["port"] = port
    else:
        netloc = f"{login}@{host}" + (f":{port}" if port else "")
    url = f"postgresql://{netloc}/{quote(database, safe='')}"
    return url + (f"?{urlencode(query, quote_via=quote, safe='')}" if query else "")


def url_fields(url: str) -> tuple[str, str, str, str]:
    """(host, port, database, user) of a team URL; blanks for what it does not say."""
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    host = query.get("host") or unquote(parts.hostname or "")
    try:
        port = query.get("port") or (str(parts.port) if parts.port else "")
    except ValueError:
        port = ""
    return host, port, unquote(parts.path.lstrip("/")), unquote(parts.username or "")


class OpenTeamDialog(QDialog):
    """Asks for a team project's server, database and login; remembers all but the password."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Open team project")
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
        self.user_edit = QLineEdit(user, self)
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
