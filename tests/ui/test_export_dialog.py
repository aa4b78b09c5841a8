"""The Export dialog: runs the chosen export in the background and never overwrites silently."""

from __future__ import annotations

import orjson
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from belannot.core.commands import AddSpan
from belannot.core.importer import import_files
from belannot.core.review import ApproveSpan
from belannot.ui.dialogs.export_dialog import ExportDialog
from belannot.ui.session import Session


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
