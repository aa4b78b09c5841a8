"""The Export dialog on a full disk or a read-only folder: one plain sentence, nothing left."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from belannot.core.formats.registry import EXPORT_FORMATS
from belannot.core.importing.pipeline import import_files
from belannot.ui.dialogs.export_dialog import ExportDialog
from belannot.ui.session import Session
from tests.fs_fixtures import entries


@pytest.fixture
def session(store, corpus_copy, alice):
    import_files(store, [corpus_copy], user=alice)
    return Session(store, alice)


@pytest.mark.parametrize("where", ["full_disk", "read_only_folder"])
@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_the_dialog_says_why_in_one_sentence(qtbot, session, request, where, fmt):
    folder = request.getfixturevalue(where)
    dialog = ExportDialog(session)
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(fmt))
    dialog.output_edit.setText(str(folder / f"out{EXPORT_FORMATS[fmt].suffix}"))
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is not None and button.isEnabled(), timeout=20_000)
    shown = dialog.message.text()
    assert "Traceback" not in shown and "Errno" not in shown and "\n" not in shown, shown
    expected = "no space left" if where == "full_disk" else "is read-only"
    assert expected in shown and str(folder) in shown, shown
    assert entries(folder) == []
