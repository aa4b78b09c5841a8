"""A failed import from the window adds nothing, not even the user who ran it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from belannot.core.model import User
from belannot.ui.dialogs.import_dialog import ImportDialog
from belannot.ui.session import Session
from tests.db_rows import every_row


def test_a_failed_import_by_a_new_user_changes_no_row(qtbot, store, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": 3}\n')
    before = every_row(store.path)
    dialog = ImportDialog(Session(store, User("newperson")))
    qtbot.addWidget(dialog)
    dialog.add_paths([bad])
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Nothing imported"), timeout=20_000)
    assert every_row(store.path) == before
