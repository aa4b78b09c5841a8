"""The Import dialog: a background import that updates the open window, or changes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt

from belannot.core.changes import Changes
from belannot.ui.dialogs.import_dialog import ImportDialog
from belannot.ui.session import Session


def click_import(qtbot, dialog):
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)


def test_imports_the_corpus_and_announces_the_change(qtbot, store, alice, corpus_copy):
    session = Session(store, alice)
    dialog = ImportDialog(session)
    qtbot.addWidget(dialog)
    dialog.add_paths([corpus_copy])
    announced = []
    session.changed.connect(lambda changes, initiator: announced.append(changes))
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        click_import(qtbot, dialog)
    assert store.document_count() == 5
    assert "5 documents added" in dialog.message.text()
    assert announced == [Changes.all()]


def test_a_bad_file_imports_nothing_and_says_where(qtbot, store, alice, corpus_copy, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "abc", "spans": [{"start": 0, "end": 9, "label": "actor"}]}\n')
    session = Session(store, alice)
    dialog = ImportDialog(session)
    qtbot.addWidget(dialog)
    dialog.add_paths([corpus_copy, bad])
    click_import(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Nothing imported"), timeout=20_000)
    assert f"{bad}:1: spans[0]: end 9 is past the end" in dialog.message.text()
    assert store.document_count() == 0


def test_asks_for_paths_first(qtbot, store, alice):
    dialog = ImportDialog(Session(store, alice))
    qtbot.addWidget(dialog)
    click_import(qtbot, dialog)
    assert dialog.message.text() == "Add the files or folders to import."
