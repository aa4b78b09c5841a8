"""Choosing another span of the same label keeps the attribute editor's rows and shows that
span's values in them (rebuilding them took most of a span's add on a big document)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame, QLineEdit

from belannot.core.attribute_edits import AddAttribute
from belannot.core.attributes import AttributeDef, AttributeKind
from belannot.core.commands import AddSpan
from belannot.core.history import History
from belannot.core.model import Document
from belannot.core.operations import run
from belannot.core.span_attributes import SetSpanAttribute
from tests.ui.window_fixtures import open_window

KEY = Qt.Key
TEXT = "Experts say Belarus could soon send troops, and Lukashenko denied it."


def test_the_next_span_of_a_label_reuses_the_rows_with_its_own_values(
    qtbot, store, alice, settings
):
    store.add_document(Document("a", TEXT))
    run(store, AddAttribute("prediction", AttributeDef("troops", AttributeKind.NUMBER)), alice)
    history = History(store)
    history.do(AddSpan("a", 20, 42, "prediction", span_id="p1"), alice)
    history.do(AddSpan("a", 48, 68, "prediction", span_id="p2"), alice)
    run(store, SetSpanAttribute("p2", "troops", 300), alice)
    window = open_window(qtbot, store, "alice", settings)
    view, editor = window.article_view, window.tag_panel.attribute_editor
    qtbot.keyClick(view, KEY.Key_Tab)
    qtbot.waitUntil(lambda: view.current_span_id() == "p1")
    rows = editor.findChildren(QFrame, "attributeRow")
    # A bad value typed for p1 is p1's: it is not shown on p2.
    qtbot.keyClick(view, KEY.Key_E)
    qtbot.waitUntil(lambda: editor.isAncestorOf(QApplication.focusWidget()))
    for _ in range(4):
        if editor.focused_name() == "troops":
            break
        qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Down)
    assert editor.focused_name() == "troops"
    qtbot.keyClicks(QApplication.focusWidget(), "many")
    qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Return)
    assert "'many' is not a number" in editor.message("troops")
    qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Escape)
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, KEY.Key_Tab)
    qtbot.waitUntil(lambda: view.current_span_id() == "p2")
    assert editor.findChildren(QFrame, "attributeRow") == rows
    assert editor.message("troops") == ""
    assert "300" in [edit.text() for edit in editor.findChildren(QLineEdit)]
    assert "troops" not in store.span("p1").attributes
