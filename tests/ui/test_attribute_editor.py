"""The attribute editor in the tag panel: E, digits, Y/N, line edits, undo, required marks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from belannot.core.attribute_edits import AddAttribute
from belannot.core.attributes import AttributeDef, AttributeKind
from belannot.core.commands import AddSpan
from belannot.core.history import History
from belannot.core.model import Document
from belannot.core.operations import run
from belannot.core.span_attributes import SetSpanAttribute
from belannot.ui.models.span_table_model import Column
from tests.ui.window_fixtures import open_window

KEY = Qt.Key
TEXT = "Experts say Belarus could soon send troops, and Lukashenko denied it."
# "could soon send troops"
PREDICTION = (20, 42)


def _project(store, alice, *definitions):
    store.add_document(Document("a", TEXT))
    store.ensure_user("alice")
    for definition in definitions:
        run(store, AddAttribute("prediction", definition), alice)
    History(store).do(AddSpan("a", *PREDICTION, "prediction", span_id="p1"), alice)
    return store


def _editor_window(qtbot, store, settings):
    window = open_window(qtbot, store, "alice", settings)
    qtbot.keyClick(window.article_view, KEY.Key_Tab)  # select the prediction
    qtbot.waitUntil(lambda: window.article_view.current_span_id() == "p1")
    qtbot.keyClick(window.article_view, KEY.Key_E)
    editor = window.tag_panel.attribute_editor
    qtbot.waitUntil(lambda: editor.isAncestorOf(QApplication.focusWidget()))
    return window, editor


def _type(qtbot, text):
    widget = QApplication.focusWidget()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, KEY.Key_Return)


def test_e_then_a_digit_sets_certainty_and_undo_restores(qtbot, store, alice, settings):
    window, editor = _editor_window(qtbot, _project(store, alice), settings)
    assert editor.focused_name() == "certainty"
    assert "2 likely" in editor.choice_texts("certainty")
    qtbot.keyClick(QApplication.focusWidget(), KEY.Key_2)
    assert store.span("p1").attributes == {"certainty": "likely"}
    assert "certainty=likely" in window.tag_panel.span_model.index(0, Column.ATTRIBUTES).data()
    # Down to outcome, 2 = came true; the focus stays in the editor after each edit.
    qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Down)
    assert editor.focused_name() == "outcome"
    qtbot.keyClick(QApplication.focusWidget(), KEY.Key_2)
    assert store.span("p1").attributes == {"certainty": "likely", "outcome": "came true"}
    qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.span("p1").attributes == {"certainty": "likely"}
    qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.span("p1").attributes == {}
    assert [e.action for e in store.audit_log()][-1].startswith("undo")
    qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Escape)
    qtbot.waitUntil(window.article_view.hasFocus)


def test_bad_values_are_explained_and_nothing_is_stored(qtbot, store, alice, settings):
    _project(
        store,
        alice,
        AttributeDef("confirmed", AttributeKind.BOOL),
        AttributeDef("troops", AttributeKind.NUMBER),
        AttributeDef("deadline", AttributeKind.DATE),
    )
    window, editor = _editor_window(qtbot, store, settings)
    # Tab from certainty past horizon and outcome to the new ones.
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Tab)
    assert editor.focused_name() == "confirmed"
    qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Y)
    assert store.span("p1").attributes == {"confirmed": True}
    qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Space)
    assert store.span("p1").attributes == {"confirmed": False}
    qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Tab)
    assert editor.focused_name() == "troops"
    _type(qtbot, "many")
    assert "'many' is not a number" in editor.message("troops")
    assert store.span("p1").attributes == {"confirmed": False}
    _type(qtbot, "1500")
    assert store.span("p1").attributes == {"confirmed": False, "troops": 1500}
    assert editor.message("troops") == ""
    qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Down)
    assert editor.focused_name() == "deadline"
    _type(qtbot, "next spring")
    assert "is not an ISO date" in editor.message("deadline")
    assert "deadline" not in store.span("p1").attributes
    _type(qtbot, "2024-05-01")
    assert store.span("p1").attributes["deadline"] == "2024-05-01"


def test_a_missing_required_attribute_is_marked(qtbot, store, alice, settings):
    _project(store, alice, AttributeDef("source", AttributeKind.TEXT, required=True))
    window, editor = _editor_window(qtbot, store, settings)
    assert editor.is_marked_missing("source") and not editor.is_marked_missing("certainty")
    assert "required" in editor.row_text("source")
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Down)
    _type(qtbot, "NATO")
    assert store.span("p1").attributes == {"source": "NATO"}
    assert not editor.is_marked_missing("source")


def test_remember_last_offers_the_last_value_given(qtbot, store, alice, settings):
    _project(
        store,
        alice,
        AttributeDef("scope", AttributeKind.CHOICE, ("local", "global"), remember_last=True),
    )
    History(store).do(AddSpan("a", 48, 58, "prediction", span_id="p2"), alice)
    window, editor = _editor_window(qtbot, store, settings)
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), KEY.Key_2)
    assert store.span("p1").attributes == {"scope": "global"}
    qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Escape)
    qtbot.keyClick(window.article_view, KEY.Key_Tab)
    qtbot.waitUntil(lambda: window.article_view.current_span_id() == "p2")
    assert editor.suggestion("scope") == "global"
    qtbot.keyClick(window.article_view, KEY.Key_E)
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Return)
    assert store.span("p2").attributes == {"scope": "global"}


def test_free_form_attributes_are_shown_read_only(qtbot, store, alice, settings):
    store.add_document(Document("a", TEXT))
    History(store).do(AddSpan("a", 48, 58, "actor", span_id="x1"), alice)
    History(store).do(SetSpanAttribute("x1", "wikidata", "Q2917"), alice)
    window = open_window(qtbot, store, "alice", settings)
    qtbot.keyClick(window.article_view, KEY.Key_Tab)
    editor = window.tag_panel.attribute_editor
    qtbot.waitUntil(lambda: "wikidata = Q2917" in editor.row_text("wikidata"))
    assert not editor.is_editable("wikidata")


def test_span_list_and_hover_show_attributes(qtbot, store, alice, settings):
    _project(store, alice)
    History(store).do(SetSpanAttribute("p1", "certainty", "likely"), alice)
    History(store).do(SetSpanAttribute("p1", "outcome", "unresolved"), alice)
    window = open_window(qtbot, store, "alice", settings)
    model = window.tag_panel.span_model
    assert model.headerData(Column.ATTRIBUTES, Qt.Orientation.Horizontal) == "Attributes"
    cell = model.index(0, Column.ATTRIBUTES)
    assert cell.data() == "certainty=likely, outcome=unresolved"
    assert "certainty=likely" in cell.data(Qt.ItemDataRole.ToolTipRole)
    view = window.article_view
    tip = view.tooltip_text_at(view.viewport_point_for(PREDICTION[0] + 3))
    assert tip == "prediction · alice · pending\n  certainty=likely, outcome=unresolved"
