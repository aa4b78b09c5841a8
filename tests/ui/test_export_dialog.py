"""The Export dialog: runs the chosen export in the background and never overwrites silently."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialogButtonBox

from belannot.core.commands import AddSpan
from belannot.core.importing.pipeline import import_files
from belannot.core.review import ApproveSpan
from belannot.ui.dialogs.export_dialog import ExportDialog
from belannot.ui.session import Session
from belannot.ui.settings import Settings


@pytest.fixture
def session(qtbot, store, corpus_copy, alice, rita):
    import_files(store, [corpus_copy], user=alice)
    session = Session(store, alice)
    doc = "fism-belarus-escalation"
    text = store.document_text(doc)
    start = text.index("NATO")
    session.run(AddSpan(doc, start, start + 4, "actor"))
    session.run(AddSpan(doc, text.index("Putin"), text.index("Putin") + 5, "actor"))
    store.add_user(rita)
    approved = store.spans(doc)[0]
    Session(store, rita).run(ApproveSpan(approved.id))
    return session


def press_export(qtbot, dialog):
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_exports_approved_only_jsonl_in_the_background(qtbot, session, tmp_path):
    dialog = ExportDialog(session)
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("jsonl"))
    target = tmp_path / "gold.jsonl"
    dialog.output_edit.setText(str(target))
    dialog.approved_only.setChecked(True)
    # The document with the gold span still has a pending one: take every document.
    dialog.documents_box.setCurrentIndex(dialog.documents_box.findData("all"))
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as reports:
        press_export(qtbot, dialog)
    assert reports.args[0][0].spans == 1
    records = [orjson.loads(line) for line in target.read_bytes().splitlines()]
    spans = [span for record in records for span in record["spans"]]
    assert [(s["text"], s["reviewer"]) for s in spans] == [("NATO", "rita")]
    assert "wrote 5 documents, 1 spans" in dialog.message.text()


def test_an_existing_file_is_kept_unless_confirmed(qtbot, session, tmp_path, monkeypatch):
    target = tmp_path / "out.jsonl"
    target.write_text("precious")
    asked = []
    monkeypatch.setattr(
        ExportDialog, "confirm_overwrite", classmethod(lambda cls, parent, path: asked.append(path))
    )
    dialog = ExportDialog(session)
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("jsonl"))
    dialog.output_edit.setText(str(target))
    press_export(qtbot, dialog)
    assert asked == [target]
    assert target.read_text() == "precious"
    assert dialog.message.text() == "Nothing was written."

    monkeypatch.setattr(ExportDialog, "confirm_overwrite", classmethod(lambda *a: True))
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        press_export(qtbot, dialog)
    assert target.read_text() != "precious"


def test_filters_and_splits_reach_the_exporter(qtbot, session, tmp_path):
    dialog = ExportDialog(session)
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("doccano"))
    dialog.output_edit.setText(str(tmp_path / "out.jsonl"))
    dialog.split_edit.setText("train=0.5,test=0.5")
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as reports:
        press_export(qtbot, dialog)
    written = sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".jsonl")
    assert len(reports.args[0]) == 2 and len(written) == 2
    assert sum(report.documents for report in reports.args[0]) == 5


def test_a_bad_split_is_explained(qtbot, session, tmp_path):
    dialog = ExportDialog(session)
    qtbot.addWidget(dialog)
    dialog.output_edit.setText(str(tmp_path / "x.jsonl"))
    dialog.split_edit.setText("train=0.7,test=0.7")
    press_export(qtbot, dialog)
    assert "split" in dialog.message.text().lower()
    assert not (tmp_path / "x.jsonl").exists()


def export_dialog(qtbot, session, tmp_path, fmt="jsonl"):
    dialog = ExportDialog(session, settings=Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(fmt))
    return dialog


def test_approved_only_takes_reviewed_documents_and_says_what_it_left_out(
    qtbot, session, tmp_path, rita
):
    store = session.store
    doc = "fism-belarus-escalation"
    pending = [s for s in store.spans(doc) if s.status.value == "pending"]
    Session(store, rita).run(ApproveSpan(pending[0].id))  # now reviewed
    dialog = export_dialog(qtbot, session, tmp_path, "conll")
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.documents_box.currentData() == "all"
    box = dialog.approved_only
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert dialog.documents_box.currentData() == "reviewed"
    target = tmp_path / "gold.conll"
    dialog.output_edit.setText(str(target))
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as reports:
        press_export(qtbot, dialog)
    [report] = reports.args[0]
    assert report.documents == 1 and report.left_out == 4
    assert "4 documents left out: not reviewed" in dialog.message.text()


def test_the_documents_choice_reaches_the_exporter(qtbot, session, tmp_path):
    dialog = export_dialog(qtbot, session, tmp_path)
    dialog.documents_box.setCurrentIndex(dialog.documents_box.findData("done"))
    dialog.output_edit.setText(str(tmp_path / "done.jsonl"))
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as reports:
        press_export(qtbot, dialog)
    # The corpus import marks nothing done.
    assert reports.args[0][0].documents == 0 and reports.args[0][0].left_out == 5


def test_the_default_output_is_in_documents_then_the_last_folder_used(
    qtbot, session, tmp_path, isolated_home
):
    (isolated_home / "Documents").mkdir()
    dialog = export_dialog(qtbot, session, tmp_path)
    suggested = dialog.output_edit.text()
    assert suggested.startswith(str(isolated_home / "Documents"))
    assert ".local" not in suggested and "/data/" not in suggested
    chosen = tmp_path / "exports"
    chosen.mkdir()
    dialog.output_edit.setText(str(chosen / "out.jsonl"))
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        press_export(qtbot, dialog)
    again = export_dialog(qtbot, session, tmp_path, "conll")
    assert again.output_edit.text().startswith(str(chosen))
    assert again.output_edit.text().endswith(".conll")


def test_without_a_documents_folder_the_default_is_home(qtbot, session, tmp_path, isolated_home):
    dialog = export_dialog(qtbot, session, tmp_path)
    assert str(Path(dialog.output_edit.text()).parent) == str(isolated_home)


def test_after_an_export_the_dialog_says_what_it_wrote_and_offers_the_folder(
    qtbot, session, tmp_path, monkeypatch
):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = export_dialog(qtbot, session, tmp_path)
    dialog.output_edit.setText(str(tmp_path / "out.jsonl"))
    dialog.split_edit.setText("train=0.5,test=0.5")
    dialog.show()
    assert not dialog.show_folder.isVisible()
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        press_export(qtbot, dialog)
    text = dialog.message.text()
    assert text.startswith("Wrote 2 files: 5 documents, 2 spans")
    assert dialog.show_folder.isVisible()
    qtbot.mouseClick(dialog.show_folder, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]
    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Close)
    assert close is not None and close.isVisible()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel) is None
    qtbot.waitUntil(close.isEnabled)  # the buttons come back when the task has ended
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_exported_files_follow_the_umask(qtbot, session, tmp_path):
    import os

    old = os.umask(0o027)
    try:
        dialog = export_dialog(qtbot, session, tmp_path)
        dialog.output_edit.setText(str(tmp_path / "out.jsonl"))
        with qtbot.waitSignal(dialog.exported, timeout=20_000):
            press_export(qtbot, dialog)
    finally:
        os.umask(old)
    assert (tmp_path / "out.jsonl").stat().st_mode & 0o777 == 0o640


def test_an_existing_split_output_is_confirmed_not_refused_with_an_option(
    qtbot, session, tmp_path, monkeypatch
):
    (tmp_path / "out.train.jsonl").write_text("precious")
    asked = []
    monkeypatch.setattr(
        ExportDialog, "confirm_overwrite", classmethod(lambda cls, parent, path: asked.append(path))
    )
    dialog = export_dialog(qtbot, session, tmp_path)
    dialog.output_edit.setText(str(tmp_path / "out.jsonl"))
    dialog.split_edit.setText("train=0.5,test=0.5")
    press_export(qtbot, dialog)
    assert asked == [tmp_path / "out.train.jsonl"]
    assert dialog.message.text() == "Nothing was written."
    assert (tmp_path / "out.train.jsonl").read_text() == "precious"
