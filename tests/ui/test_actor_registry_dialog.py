"""The actor registry dialog: filter as you type, add, edit, aliases, merge and undo the merge."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from belannot.core.actor_commands import LinkSpan
from belannot.core.actors import default_actors
from belannot.core.commands import AddSpan
from belannot.core.history import History
from belannot.core.model import Document
from belannot.ui.models.actor_table_model import Column
from tests.ui.window_fixtures import KEY, MOD, open_window

LEFT = Qt.MouseButton.LeftButton
TEXT = "The Kremlin denied it. Moscow said nothing. Putin left."


@pytest.fixture
def project(store):
    with store.transaction():
        store.insert_actors(default_actors())
    store.add_document(Document("a", TEXT))
    alice = store.ensure_user("alice")
    history = History(store)
    start = TEXT.index("Kremlin")
    history.do(AddSpan("a", start, start + 7, "actor", span_id="k1"), alice)
    history.do(LinkSpan("k1", "kremlin"), alice)
    return store


def _dialog(qtbot, window):
    qtbot.keyClick(window.article_view, KEY.Key_R, MOD.ControlModifier | MOD.ShiftModifier)
    qtbot.waitUntil(lambda: window.actor_registry is not None and window.actor_registry.isVisible())
    return window.actor_registry


def _names(dialog):
    model = dialog.model
    return [model.data(model.index(row, Column.NAME)) for row in range(model.rowCount())]


def test_filter_as_you_type_and_add(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    dialog = _dialog(qtbot, window)
    qtbot.keyClicks(dialog.filter_edit, "last dictator")
    assert _names(dialog) == ["Alexander Lukashenko"]
    dialog.filter_edit.clear()
    qtbot.keyClicks(dialog.filter_edit, "Svetlana Tsikhanouskaya")
    assert _names(dialog) == []
    dialog.new_kind.setCurrentText("person")
    qtbot.mouseClick(dialog.add_button, LEFT)
    added = [a for a in project.actors() if a.name == "Svetlana Tsikhanouskaya"]
    assert len(added) == 1 and added[0].kind.value == "person"
    assert dialog.selected_id() == added[0].id
    # An alias by keyboard, then an edit of the reference.
    qtbot.keyClicks(dialog.alias_edit, "Tsikhanouskaya")
    qtbot.keyClick(dialog.alias_edit, KEY.Key_Return)
    assert project.actor(added[0].id).aliases == ("Tsikhanouskaya",)
    dialog.ref_edit.setText("Q63858208")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert project.actor(added[0].id).ref == "Q63858208"
    dialog.alias_list.setCurrentRow(0)
    qtbot.mouseClick(dialog.remove_alias_button, LEFT)
    assert project.actor(added[0].id).aliases == ()


def test_merge_moves_the_links_and_undo_splits_them(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    dialog = _dialog(qtbot, window)
    qtbot.keyClicks(dialog.filter_edit, "kremlin")
    assert dialog.selected_id() == "kremlin"
    assert dialog.model.data(dialog.model.index(0, Column.MENTIONS)) == "1"
    dialog.merge_combo.setCurrentIndex(dialog.merge_combo.findData("russia"))
    qtbot.mouseClick(dialog.merge_button, LEFT)
    assert project.actor("kremlin") is None
    assert project.span_actor("k1") == "russia"
    assert "Kremlin" in project.actor("russia").aliases
    # The span list shows the actor it now links to.
    assert window.actor_linking.name_of(window.actor_linking.linked("k1")) == "Russia"
    qtbot.mouseClick(dialog.undo_button, LEFT)
    assert project.actor("kremlin") is not None
    assert project.span_actor("k1") == "kremlin"
    assert "Kremlin" not in project.actor("russia").aliases
    assert window.actor_linking.linked("k1") == "kremlin"
