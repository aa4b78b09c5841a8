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


def import_dialog(qtbot, store, user):
    dialog = ImportDialog(Session(store, user))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_files_can_be_removed_with_the_button_and_the_delete_key(qtbot, store, alice, tmp_path):
    dialog = import_dialog(qtbot, store, alice)
    dialog.add_paths([tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"])
    assert not dialog.remove_button.isEnabled()
    dialog.paths.setCurrentRow(1)
    assert dialog.remove_button.isEnabled()
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.chosen_paths() == [tmp_path / "a.txt", tmp_path / "c.txt"]
    dialog.paths.setFocus()
    dialog.paths.setCurrentRow(0)
    qtbot.keyClick(dialog.paths, Qt.Key.Key_Delete)
    assert dialog.chosen_paths() == [tmp_path / "c.txt"]


def test_one_file_is_one_file(qtbot, store, alice, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Putin met Lukashenko.", encoding="utf-8")
    dialog = import_dialog(qtbot, store, alice)
    dialog.add_paths([article])
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        click_import(qtbot, dialog)
    assert dialog.message.text().startswith("1 file: 1 documents added")


def test_the_encoding_is_chosen_and_the_message_names_no_command_line_option(
    qtbot, store, alice, tmp_path
):
    article = tmp_path / "a.txt"
    article.write_bytes("Лукашенко встретился с Путиным.".encode("cp1251"))
    dialog = import_dialog(qtbot, store, alice)
    dialog.add_paths([article])
    click_import(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Nothing imported"), timeout=20_000)
    assert "--" not in dialog.message.text() and "encoding" in dialog.message.text()
    assert dialog.encoding_box.findText("cp1251") >= 0
    dialog.encoding_box.setCurrentIndex(dialog.encoding_box.findText("cp1251"))
    qtbot.waitUntil(dialog.import_button.isEnabled)  # back when the failed task has ended
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        click_import(qtbot, dialog)
    [doc] = store.document_ids()
    assert store.document_text(doc) == "Лукашенко встретился с Путиным."


def test_a_folder_with_a_picture_imports_the_texts_and_lists_what_it_skipped(
    qtbot, store, alice, corpus_copy
):
    (corpus_copy / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    dialog = import_dialog(qtbot, store, alice)
    dialog.add_paths([corpus_copy])
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as report:
        click_import(qtbot, dialog)
    assert store.document_count() == 5
    assert [(p.name, why) for p, why in report.args[0].skipped] == [("photo.png", "not text")]
    assert "skipped 1 file" in dialog.message.text() and "photo.png" in dialog.message.text()


def test_the_first_imported_document_opens_in_an_empty_window(
    qtbot, store, alice, corpus_copy, tmp_path, monkeypatch
):
    from belannot.app import create_window
    from belannot.ui.actions import ActionId
    from belannot.ui.settings import Settings

    window = create_window(store, alice, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    assert window.current_document_id() is None

    def run_dialog(dialog):
        dialog.add_paths([corpus_copy])
        with qtbot.waitSignal(dialog.imported, timeout=20_000):
            click_import(qtbot, dialog)
        return 0

    monkeypatch.setattr(ImportDialog, "exec", run_dialog)
    window.registry[ActionId.IMPORT].trigger()
    first = store.document_ids()[0]
    assert window.current_document_id() == first
    assert window.title_label.text() == store.document(first).meta.title
