"""The window on a team project: opened by URL, you are the login, others' edits show up live."""

from __future__ import annotations

import select
from urllib.parse import urlsplit

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from belannot.app import resolve_user
from belannot.core.commands import AddSpan, SetDocumentState
from belannot.core.history import History
from belannot.core.model import Document, DocumentMeta, DocumentState
from belannot.core.store import open_store
from belannot.core.store.postgres import PostgresStore
from belannot.ui.dialogs.export_dialog import ExportDialog
from belannot.ui.dialogs.user_name_dialog import UserNameDialog
from tests.ui.window_fixtures import FIRST, LEFT, SECOND, open_window, two_annotator_project

pytestmark = pytest.mark.postgres


def with_password(url: str, password: str) -> str:
    parts = urlsplit(url)
    return parts._replace(netloc=f"{parts.username}:{password}@{parts.hostname or ''}").geturl()


@pytest.fixture
def team_url(postgres_database):
    # The test server trusts its socket: the password is ignored, and must never be shown.
    return with_password(postgres_database, "s3cret")


@pytest.fixture
def team(team_url):
    store = PostgresStore.open(team_url)
    two_annotator_project(store, {})
    yield store
    store.close()


@pytest.fixture
def window(qtbot, team, settings):
    return open_window(qtbot, team, team.ensure_user(team.login), settings, "a")


def test_the_window_opens_a_team_project_as_the_login(window, team, team_url):
    assert window.session.user.name == team.login == "postgres"
    assert window.document_model.rowCount() == 2
    assert window.article_view.text() == FIRST
    shown = window.project_status.text() + window.project_status.toolTip()
    assert "s3cret" not in shown
    database = urlsplit(team_url).path.lstrip("/")
    assert database in window.project_status.toolTip()
    assert window.project_status.text().startswith(database[:5])
    assert "postgres" in window.user_status.text()


def test_on_a_team_project_you_are_the_login_and_nobody_asks(team, settings, monkeypatch):
    monkeypatch.setattr(UserNameDialog, "ask", lambda *a, **k: pytest.fail("asked for a name"))
    assert resolve_user(team, None, settings, ask=True).name == "postgres"
    settings.set_user_name("mallory")  # a name typed for a project file earlier
    assert resolve_user(team, None, settings, ask=True).name == "postgres"


def test_another_clients_edits_appear_in_the_window(qtbot, window, team_url):
    assert window.session.listens_for_other_writers()
    other = open_store(team_url)
    try:
        History(other).do(AddSpan("a", 0, 13, "actor"), other.ensure_user(other.login))
        qtbot.waitUntil(lambda: len(window.article_view.spans()) == 1, timeout=3000)
        assert window.tag_panel.span_model.rowCount() == 1
        other.add_document(Document("c", "A third one.", DocumentMeta(title="Third")))
        qtbot.waitUntil(lambda: window.document_model.rowCount() == 3, timeout=3000)
    finally:
        other.close()
    assert window.article_view.document_id() == "a"


# Longer than any test: only the server's notification can wake the window in time.
NO_POLL_MS = 600_000


def test_the_window_wakes_on_the_servers_notification_not_a_poll(qtbot, window, team_url):
    window.session.watch_other_writers(NO_POLL_MS)
    other = open_store(team_url)
    try:
        History(other).do(AddSpan("a", 0, 13, "actor"), other.ensure_user(other.login))
        qtbot.waitUntil(lambda: len(window.article_view.spans()) == 1, timeout=5000)
        assert window.tag_panel.span_model.rowCount() == 1
    finally:
        other.close()


def test_a_notification_read_during_the_windows_own_commit_still_shows(
    qtbot, window, team, team_url
):
    window.session.watch_other_writers(NO_POLL_MS)
    other = open_store(team_url)
    try:
        History(other).do(AddSpan("a", 0, 13, "actor"), other.ensure_user(other.login))
        # The notification is on this window's socket; the window's own commit (in another
        # document, so it re-reads nothing of "a") reads it off before the loop sees it.
        readable, _, _ = select.select([team.pg.pg.fileno()], [], [], 10)
        assert readable
        assert window.session.run(AddSpan("b", 0, 5, "actor"), initiator=window)
        assert window.article_view.document_id() == "a"
        qtbot.waitUntil(lambda: len(window.article_view.spans()) == 1, timeout=5000)
    finally:
        other.close()


def test_export_runs_in_the_background_on_a_team_project(qtbot, window, tmp_path):
    window.session.run(AddSpan("b", SECOND.index("Paris"), SECOND.index("Paris") + 5, "actor"))
    dialog = ExportDialog(window.session, window, window.settings)
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("jsonl"))
    target = tmp_path / "team.jsonl"
    dialog.output_edit.setText(str(target))
    dialog.documents_box.setCurrentIndex(dialog.documents_box.findData("all"))
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as reports:
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)
    assert reports.args[0][0].documents == 2
    assert b'"Paris"' in target.read_bytes()


def test_agreement_is_computed_on_a_team_project(qtbot, team, team_url, settings):
    history = History(team)
    for name in ("alice", "bob"):
        history.do(AddSpan("a", 0, 13, "actor"), team.ensure_user(name))
        history.do(SetDocumentState("a", DocumentState.DONE), team.ensure_user(name))
    window = open_window(qtbot, team, team.ensure_user(team.login), settings, "a")
    dialog = window.review.show_agreement()
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=20_000)
    assert dialog.report is not None, dialog.summary.text()
    assert dialog.report.annotators == ("alice", "bob")


def test_belannot_db_url_opens_the_window(qtbot, team, team_url, tmp_path):
    from click.testing import CliRunner

    from belannot.cli import cli

    team.ensure_user(team.login)  # a member: a login with no users row is refused
    shot = tmp_path / "team.png"
    result = CliRunner().invoke(cli, ["--db", team_url, "gui", "--screenshot", str(shot)])
    assert result.exit_code == 0, result.output
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_welcome_on_a_team_project_names_it_not_the_default_project(qtbot, window):
    from PySide6.QtWidgets import QLabel

    from belannot.ui.dialogs.welcome_dialog import WelcomeDialog

    dialog = WelcomeDialog(window.labels(), window, store=window.session.store)
    qtbot.addWidget(dialog)
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "default project" not in text
    assert "team project" in text and window.session.store.login in text
