"""TagPanel, DocumentList and the dialogs on their own, driven through qtbot."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox

from belannot.core.model import DEFAULT_LABELS, Document, DocumentMeta, Span
from belannot.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from belannot.ui.dialogs.user_name_dialog import UserNameDialog
from belannot.ui.models.document_list_model import DocumentListModel
from belannot.ui.widgets.document_list import DocumentList
from belannot.ui.widgets.tag_panel import TagPanel

TEXT = "Alice met Bob in Paris."
SPANS = [
    Span("s1", "d", 0, 5, "actor", "alice", attributes={"note": "lead"}),
    Span("s2", "d", 10, 13, "actor", "alice"),
]


def make_panel(qtbot):
    sticky = QAction("Sticky label")
    sticky.setCheckable(True)
    panel = TagPanel(sticky)
    panel._sticky_for_test = sticky
    qtbot.addWidget(panel)
    panel.set_labels(DEFAULT_LABELS)
    panel.set_spans(TEXT, SPANS, None)
    return panel, sticky


def test_label_buttons_show_hotkeys_as_plain_text(qtbot):
    panel, sticky = make_panel(qtbot)
    assert [panel.button_for(label.name).text() for label in DEFAULT_LABELS] == [
        "1  actor",
        "2  event",
        "3  prediction",
        "4  quote",
    ]
    with qtbot.waitSignal(panel.label_clicked) as blocker:
        qtbot.mouseClick(panel.button_for("quote"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["quote"]
    assert panel.current_label() == "quote"
    assert not panel.button_for("quote").isChecked()
    sticky.setChecked(True)
    assert panel.button_for("quote").isChecked()
    assert not panel.button_for("actor").isChecked()


def test_span_selection_goes_out_once_and_comes_in_silently(qtbot):
    panel, _ = make_panel(qtbot)
    panel.show()
    with qtbot.assertNotEmitted(panel.span_selected):
        panel.select_span("s2")
    assert panel.selected_span_id() == "s2"
    assert panel.note_edit.isEnabled() and panel.note_edit.text() == ""
    rect = panel.span_table.visualRect(panel.span_model.index(0, 1))
    with qtbot.waitSignal(panel.span_selected) as blocker:
        qtbot.mouseClick(panel.span_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["s1"]
    assert panel.note_edit.text() == "lead"


def test_a_note_is_announced_when_editing_finishes(qtbot):
    panel, _ = make_panel(qtbot)
    panel.show()
    panel.select_span("s2")
    panel.note_edit.setFocus()
    qtbot.keyClicks(panel.note_edit, "speaker unclear")
    with qtbot.waitSignal(panel.note_edited) as blocker:
        qtbot.keyClick(panel.note_edit, Qt.Key.Key_Return)
    assert blocker.args == ["s2", "speaker unclear"]


def test_progress_reads_done_of_total(qtbot):
    panel, _ = make_panel(qtbot)
    panel.set_progress(2, 5)
    assert panel.progress.text() == "2 / 5 documents done"


def test_document_list_filters_and_selects(qtbot, store):
    for n, topic in enumerate(["budget vote", "storm warning", "budget cuts"]):
        store.add_document(Document(f"d{n}", f"Text about {topic}.", DocumentMeta(title=topic)))
    model = DocumentListModel(store, "alice")
    widget = DocumentList(model)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.keyClicks(widget.filter_edit, "budget")
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert [model.document_id(r) for r in range(2)] == ["d0", "d2"]
    with qtbot.assertNotEmitted(widget.document_activated):
        assert widget.select_document("d2")
    assert not widget.select_document("d1")  # filtered out
    widget.filter_edit.clear()
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    widget.select_document("d0")
    assert widget.document_at(1) == "d1"
    rect = widget.table.visualRect(model.index(2, 0))
    with qtbot.waitSignal(widget.document_activated) as blocker:
        qtbot.mouseClick(widget.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["d2"]


def test_shortcuts_dialog_lists_rows_as_given(qtbot):
    dialog = ShortcutsDialog([("Edit", "Undo", "Ctrl+Z"), ("Label", "Label as <b>x</b>", "1")])
    qtbot.addWidget(dialog)
    assert dialog.shown_rows() == [
        ("Edit", ""),
        ("Undo", "Ctrl+Z"),
        ("Label", ""),
        ("Label as <b>x</b>", "1"),
    ]


def test_user_name_dialog_refuses_a_blank_name(qtbot):
    dialog = UserNameDialog("")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.name_edit, "  Ana ")
    assert ok.isEnabled()
    assert dialog.name() == "Ana"
