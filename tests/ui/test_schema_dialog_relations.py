"""The label schema dialog's relation types tab and label attribute definitions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from belannot.core.attributes import AttributeDef, AttributeKind
from belannot.core.commands import AddSpan
from belannot.core.model import Document
from belannot.core.relation_commands import AddRelation
from belannot.core.relations import RelationType
from belannot.core.span_attributes import SetSpanAttribute
from belannot.ui.dialogs import attribute_definition_dialog as add
from belannot.ui.dialogs import label_schema_dialog as lsd
from belannot.ui.dialogs import relation_type_dialog as rtd
from belannot.ui.session import Session

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def session(store, alice, qtbot):
    store.add_document(Document("d1", "“No,” Lukashenko said."))
    return Session(store, alice)


def _types(dialog):
    page = dialog.relation_page
    return [page.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(page.list.count())]


def _click(qtbot, button):
    qtbot.mouseClick(button, LEFT)


def test_relation_types_are_added_edited_renamed_and_deleted(qtbot, session, monkeypatch):
    dialog = lsd.LabelSchemaDialog(session)
    qtbot.addWidget(dialog)
    page = dialog.relation_page
    assert _types(dialog) == ["speaker", "source", "participant", "about"]
    wanted = RelationType("cites", ("quote",), ("quote", "actor"), False, "#112233", "c", "Cites")
    monkeypatch.setattr(rtd.RelationTypeDialog, "ask", lambda *a, **k: wanted)
    _click(qtbot, page.buttons["add"])
    assert session.store.relation_type("cites") == wanted.with_changes(position=4)
    assert page.current_name() == "cites"
    # Edit: the same form changes labels, direction, colour, key and description.
    changed = wanted.with_changes(tail_labels=("actor",), directed=True, hotkey="k", position=4)
    monkeypatch.setattr(rtd.RelationTypeDialog, "ask", lambda *a, **k: changed)
    _click(qtbot, page.buttons["edit"])
    assert session.store.relation_type("cites") == changed
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("quotes", True))
    _click(qtbot, page.buttons["rename"])
    assert session.store.relation_type("cites") is None
    assert session.store.relation_type("quotes").tail_labels == ("actor",)
    assert page.current_name() == "quotes"
    _click(qtbot, page.buttons["delete"])  # no relations: nothing to ask
    assert session.store.relation_type("quotes") is None
    assert "quotes" not in _types(dialog)
    audit = [e.action for e in session.store.audit_log() if e.entity == "relation_type"]
    assert audit == [
        "add relation type",
        "change relation type",
        "rename relation type",
        "delete relation type",
    ]


def test_deleting_a_relation_type_in_use_says_how_many_go(qtbot, session, alice, monkeypatch):
    [quote] = session.run(AddSpan("d1", 0, 5, "quote")).span_ids
    [actor] = session.run(AddSpan("d1", 6, 16, "actor")).span_ids
    session.run(AddRelation(quote, actor, "speaker", relation_id="r1"))
    dialog = lsd.LabelSchemaDialog(session)
    qtbot.addWidget(dialog)
    page = dialog.relation_page
    page.list.setCurrentRow(0)
    asked = []

    def refuse(name, count, parent=None):
        asked.append((name, count))
        return False

    monkeypatch.setattr(rtd, "confirm_delete", refuse)
    _click(qtbot, page.buttons["delete"])
    assert asked == [("speaker", 1)] and session.store.relation("r1") is not None
    monkeypatch.setattr(rtd, "confirm_delete", lambda *a, **k: True)
    _click(qtbot, page.buttons["delete"])
    assert session.store.relation_type("speaker") is None and session.store.relation("r1") is None


def test_refusals_show_in_the_status_line(qtbot, session, monkeypatch):
    dialog = lsd.LabelSchemaDialog(session)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("source", True))
    dialog.relation_page.list.setCurrentRow(0)
    _click(qtbot, dialog.relation_page.buttons["rename"])
    assert "already exists" in dialog.status.text()
    assert session.store.relation_type("speaker") is not None


def test_an_attribute_definition_is_added_and_removed(qtbot, session, monkeypatch):
    dialog = lsd.LabelSchemaDialog(session)
    qtbot.addWidget(dialog)
    panel = dialog.attribute_panel
    dialog.list.setCurrentRow(0)  # actor: no attributes yet
    assert panel.names() == []
    definition = AttributeDef(
        "role", AttributeKind.CHOICE, ("state", "person"), "state", True, True, "Who it is"
    )
    monkeypatch.setattr(add.AttributeDefinitionDialog, "ask", lambda *a, **k: definition)
    _click(qtbot, panel.buttons["add"])
    assert session.store.label("actor").attributes == (definition,)
    assert panel.names() == ["role"]
    assert "required" in panel.list.item(0).text() and "remember" in panel.list.item(0).text()
    [span] = session.run(AddSpan("d1", 6, 16, "actor")).span_ids
    session.run(SetSpanAttribute(span, "role", "person"))
    monkeypatch.setattr(add, "confirm_remove", lambda label, name, count, parent=None: count == 1)
    panel.list.setCurrentRow(0)
    _click(qtbot, panel.buttons["remove"])
    assert session.store.label("actor").attributes == ()
    assert session.store.span(span).attributes == {}


def test_the_attribute_form_checks_through_the_core(qtbot):
    form = add.AttributeDefinitionDialog("prediction")
    qtbot.addWidget(form)
    form.name.setText("certainty2")
    form.kind.setCurrentText("choice")
    form.choices.setText("")
    assert form.definition() is None and "needs choices" in form.error.text()
    form.choices.setText("high, low")
    form.default.setText("medium")
    assert form.definition() is None and "'medium' is not one of high, low" in form.error.text()
    form.default.setText("low")
    form.required.setChecked(True)
    assert form.definition() == AttributeDef(
        "certainty2", AttributeKind.CHOICE, ("high", "low"), "low", required=True
    )
    form.kind.setCurrentText("number")
    form.default.setText("3.5")
    assert form.definition().default == 3.5
