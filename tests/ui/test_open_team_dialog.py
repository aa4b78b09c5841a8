"""File → Open team project…: a URL from host, port, database and login; no password kept."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from belannot.core.model import Document, DocumentMeta
from belannot.core.store.postgres import PostgresStore
from belannot.ui.actions import ActionId
from belannot.ui.dialogs.open_team_dialog import OpenTeamDialog
from belannot.ui.main_window import MainWindow
from belannot.ui.project_place import team_url
from tests.ui.window_fixtures import open_window

LEFT = Qt.MouseButton.LeftButton


def fill(qtbot, dialog, **fields):
    for name, text in fields.items():
        edit = getattr(dialog, f"{name}_edit")
        edit.clear()
        qtbot.keyClicks(edit, text)


def test_the_url_is_built_from_the_fields():
    assert team_url("db.example.org", "5433", "news", "alice", "") == (
        "postgresql://alice@db.example.org:5433/news"
    )
    assert team_url("/run/postgresql", "", "news", "a b", "p@ss") == (
        "postgresql://a%20b:p%40ss@/news?host=%2Frun%2Fpostgresql"
    )


def test_the_last_url_is_remembered_without_its_password(qtbot, settings):
    dialog = OpenTeamDialog(settings)
    qtbot.addWidget(dialog)
    fill(qtbot, dialog, host="db.example.org", port="5433", database="news", user="alice")
    fill(qtbot, dialog, password="s3cret")
    assert dialog.password_edit.echoMode() is dialog.password_edit.EchoMode.Password
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Open), LEFT)
    assert dialog.url() == "postgresql://alice:s3cret@db.example.org:5433/news"
    assert settings.team_url() == "postgresql://alice@db.example.org:5433/news"
    settings.sync()
    assert b"s3cret" not in Path(settings.qsettings.fileName()).read_bytes()
    again = OpenTeamDialog(settings)
    qtbot.addWidget(again)
    assert (again.host_edit.text(), again.port_edit.text()) == ("db.example.org", "5433")
    assert (again.database_edit.text(), again.user_edit.text()) == ("news", "alice")
    assert again.password_edit.text() == ""


def test_open_team_project_opens_a_window_on_it(
    qtbot, store, settings, postgres_database, monkeypatch
):
    team = PostgresStore.open(postgres_database)
    team.add_document(Document("t", "A team article.", DocumentMeta(title="Team")))
    team.close()
    window = open_window(qtbot, store, store.ensure_user("alice"), settings, None)
    monkeypatch.setattr(OpenTeamDialog, "ask", classmethod(lambda cls, s, p: postgres_database))
    window.registry[ActionId.OPEN_TEAM_PROJECT].trigger()
    opened = window.findChildren(MainWindow)
    assert len(opened) == 1
    team_window = opened[0]
    assert team_window.isVisible()
    assert team_window.session.store.location == postgres_database
    assert team_window.session.user.name == "postgres"
    assert team_window.article_view.document_id() == "t"
    team_window.close()
    team_window.session.store.close()


def test_a_server_that_cannot_be_reached_is_one_sentence(qtbot, store, settings, monkeypatch):
    window = open_window(qtbot, store, store.ensure_user("alice"), settings, None)
    nowhere = "postgresql://alice@/none?host=" + quote("/nonexistent/socket", safe="")
    monkeypatch.setattr(OpenTeamDialog, "ask", classmethod(lambda cls, s, p: nowhere))
    window.registry[ActionId.OPEN_TEAM_PROJECT].trigger()
    message = window.statusBar().currentMessage()
    assert message.startswith(f"cannot reach the team project {nowhere}")
    assert "\n" not in message
    assert urlsplit(nowhere).scheme == "postgresql"


@pytest.fixture(autouse=True)
def _no_stray_windows(qtbot):
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.close()
