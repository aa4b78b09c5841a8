"""Every mention of an actor: from the selected span (M) or the registry, jump, filter documents."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from belannot.core.actor_commands import LinkSpan
from belannot.core.actors import default_actors
from belannot.core.commands import AddSpan
from belannot.core.history import History
from belannot.core.model import Document, DocumentMeta
from belannot.ui.models.document_list_model import DOCUMENT_ID_ROLE
from tests.ui.window_fixtures import KEY, key, open_window

LEFT = Qt.MouseButton.LeftButton
TEXTS = {
    "a": "Putin spoke first. Zelensky answered.",
    "b": "Nobody here is named.",
    "c": "Later the Russian President, Putin, left.",
}


@pytest.fixture
def project(store):
    with store.transaction():
        store.insert_actors(default_actors())
    for document_id, text in TEXTS.items():
        store.add_document(Document(document_id, text, DocumentMeta(title=f"Story {document_id}")))
    alice = store.ensure_user("alice")
    history = History(store)
    for span_id, document_id, word, actor in (
        ("a-putin", "a", "Putin", "putin"),
        ("a-zel", "a", "Zelensky", "zelensky"),
        ("c-pres", "c", "the Russian President", "putin"),
        ("c-putin", "c", "Putin,", "putin"),
    ):
        start = TEXTS[document_id].index(word)
        end = start + len(word.rstrip(","))
        history.do(AddSpan(document_id, start, end, "actor", span_id=span_id), alice)
        history.do(LinkSpan(span_id, actor), alice)
    return store


def _listed(window):
    model = window.document_model
    return [model.index(row, 0).data(DOCUMENT_ID_ROLE) for row in range(model.rowCount())]


def test_m_lists_every_mention_and_enter_jumps(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    window.article_view.select_span("a-putin")
    key(qtbot, window, KEY.Key_M)
    dialog = window.mentions
    qtbot.waitUntil(dialog.isVisible)
    model = dialog.model
    assert [model.mention_at(r).span_id for r in range(model.rowCount())] == [
        "a-putin",
        "c-pres",
        "c-putin",
    ]
    assert model.index(1, 0).data() == "Story c"
    assert model.index(1, 2).data() == "the Russian President"
    assert model.index(1, 1).data() == "Later"
    assert model.index(1, 3).data() == ", Putin, left."
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, KEY.Key_Down)
    qtbot.keyClick(dialog.table, KEY.Key_Return)
    assert window.current_document_id() == "c"
    assert window.article_view.current_span_id() == "c-pres"


def test_the_registry_shows_mentions_and_the_list_filters_to_them(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    window.registry[window_action("ACTOR_REGISTRY")].trigger()
    registry = window.actor_registry
    qtbot.waitUntil(registry.isVisible)
    qtbot.keyClicks(registry.filter_edit, "zelensky")
    qtbot.mouseClick(registry.mentions_button, LEFT)
    dialog = window.mentions
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.model.rowCount() == 1
    assert _listed(window) == ["a", "b", "c"]
    qtbot.mouseClick(dialog.filter_button, LEFT)
    assert _listed(window) == ["a"]
    chip = window.document_list.actor_button
    assert chip.isVisible() and "Volodymyr Zelensky" in chip.text()
    qtbot.mouseClick(chip, LEFT)
    assert _listed(window) == ["a", "b", "c"]
    assert not chip.isVisible()


def window_action(name):
    from belannot.ui.actions import ActionId

    return ActionId[name]
