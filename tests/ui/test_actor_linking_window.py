"""Actor spans linked to the registry by keyboard: K, completion, Enter; NIL, create, undo."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from belannot.core.actors import NIL_AMBIGUOUS, NIL_NOT_IN_REGISTRY, default_actors
from belannot.core.commands import AddSpan
from belannot.core.history import History
from belannot.core.model import Document
from belannot.ui.models.span_table_model import Column
from tests.ui.window_fixtures import KEY, MOD, key, open_window

TEXT = (
    "Putin is widely credited with keeping the Belarusian President Alexander Lukashenko "
    "in power. Minsk said nothing; Svetlana Tsikhanouskaya did."
)
PHRASE = "the Belarusian President"


@pytest.fixture
def project(store):
    with store.transaction():
        store.insert_actors(default_actors())
    store.add_document(Document("a", TEXT))
    alice = store.ensure_user("alice")
    history = History(store)
    for span_id, word, label in (
        ("pres", PHRASE, "actor"),
        ("putin", "Putin", "actor"),
        ("tsik", "Svetlana Tsikhanouskaya", "actor"),
        ("power", "in power", "event"),
    ):
        start = TEXT.index(word)
        history.do(AddSpan("a", start, start + len(word), label, span_id=span_id), alice)
    return store


def _popup(window):
    popup = window.actor_linking.popup
    return popup


def _select(window, span_id):
    window.article_view.select_span(span_id)
    window.tag_panel.select_span(span_id)


def _actor_cell(window, span_id):
    model = window.tag_panel.span_model
    return model.data(model.index(model.row_of(span_id), Column.ACTOR))


def _open_popup(qtbot, window, span_id):
    _select(window, span_id)
    key(qtbot, window, KEY.Key_K)
    popup = _popup(window)
    qtbot.waitUntil(popup.isVisible)
    return popup


def test_k_links_the_belarusian_president_to_lukashenko(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    popup = _open_popup(qtbot, window, "pres")
    # Pre-filled from the span's text; the alias finds Lukashenko first.
    assert popup.edit.text() == PHRASE
    assert popup.current_choice() == ("actor", "lukashenko")
    qtbot.keyClick(popup.edit, KEY.Key_Return)
    assert project.span_actor("pres") == "lukashenko"
    assert not popup.isVisible()
    # Shown in the span list, the hover and the tag panel.
    assert _actor_cell(window, "pres") == "Alexander Lukashenko"
    assert window.actor_linking.label.full_text() == "Actor: Alexander Lukashenko"
    span = window.article_view.spans().get("pres")
    assert "Alexander Lukashenko" in window.article_view.span_note(span)
    # One undo step.
    key(qtbot, window, KEY.Key_Z, MOD.ControlModifier)
    assert project.span_actor("pres") is None
    assert _actor_cell(window, "pres") == ""


def test_typing_narrows_and_down_chooses(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    popup = _open_popup(qtbot, window, "putin")
    popup.edit.clear()
    qtbot.keyClicks(popup.edit, "moscow")
    ids = [value for kind, value in popup.choices() if kind == "actor"]
    assert set(ids) == {"russia", "kremlin"}
    first = popup.current_choice()
    qtbot.keyClick(popup.edit, KEY.Key_Down)
    second = popup.current_choice()
    assert second != first and second[0] == "actor"
    qtbot.keyClick(popup.edit, KEY.Key_Return)
    assert project.span_actor("putin") == second[1]


@pytest.mark.parametrize(
    ("row_text", "marker"), [("Not in registry", NIL_NOT_IN_REGISTRY), ("Ambiguous", NIL_AMBIGUOUS)]
)
def test_nil_entries(qtbot, project, settings, row_text, marker):
    window = open_window(qtbot, project, "alice", settings)
    popup = _open_popup(qtbot, window, "tsik")
    while row_text not in popup.list.currentItem().text():
        qtbot.keyClick(popup.edit, KEY.Key_Down)
    qtbot.keyClick(popup.edit, KEY.Key_Return)
    assert project.span_actor("tsik") == marker
    assert marker in {NIL_NOT_IN_REGISTRY, NIL_AMBIGUOUS}
    assert _actor_cell(window, "tsik") != ""


def test_create_actor_from_span_is_one_undo_step(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    before = project.actor_count()
    popup = _open_popup(qtbot, window, "tsik")
    while not popup.list.currentItem().text().startswith("＋"):
        qtbot.keyClick(popup.edit, KEY.Key_Down)
    qtbot.keyClick(popup.edit, KEY.Key_Return)
    target = project.span_actor("tsik")
    assert project.actor(target).name == "Svetlana Tsikhanouskaya"
    assert project.actor_count() == before + 1
    assert _actor_cell(window, "tsik") == "Svetlana Tsikhanouskaya"
    key(qtbot, window, KEY.Key_Z, MOD.ControlModifier)
    assert project.span_actor("tsik") is None
    assert project.actor_count() == before


def test_shift_k_unlinks_and_escape_links_nothing(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    popup = _open_popup(qtbot, window, "pres")
    qtbot.keyClick(popup.edit, KEY.Key_Escape)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert project.span_actor("pres") is None
    popup = _open_popup(qtbot, window, "pres")
    qtbot.keyClick(popup.edit, KEY.Key_Return)
    assert project.span_actor("pres") == "lukashenko"
    qtbot.waitUntil(window.article_view.hasFocus)
    key(qtbot, window, KEY.Key_K, MOD.ShiftModifier)
    assert project.span_actor("pres") is None


def test_k_on_a_span_no_actor_label_has_says_so(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    _select(window, "power")
    key(qtbot, window, KEY.Key_K)
    QApplication.processEvents()
    assert not _popup(window).isVisible()
    assert "actor label" in window.statusBar().currentMessage()


def test_a_big_registry_is_indexed_in_the_background(qtbot, project, settings, monkeypatch):
    import belannot.ui.actor_linking as actor_linking

    monkeypatch.setattr(actor_linking, "BUILD_NOW_UP_TO", 0)
    window = open_window(qtbot, project, "alice", settings)
    popup = _open_popup(qtbot, window, "pres")
    # The rows fill in once the index is built, without another key.
    qtbot.waitUntil(lambda: popup.current_choice() == ("actor", "lukashenko"))
    qtbot.keyClick(popup.edit, KEY.Key_Return)
    assert project.span_actor("pres") == "lukashenko"


def test_completion_ranks_by_links_made_in_the_window(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    popup = _open_popup(qtbot, window, "putin")
    popup.edit.clear()
    qtbot.keyClicks(popup.edit, "moscow")
    # Russia and the Kremlin both go by Moscow: link to the second, and it comes first.
    first, second = [v for k, v in popup.choices() if k == "actor"][:2]
    qtbot.keyClick(popup.edit, KEY.Key_Down)
    qtbot.keyClick(popup.edit, KEY.Key_Return)
    assert project.span_actor("putin") == second
    qtbot.waitUntil(window.article_view.hasFocus)
    popup = _open_popup(qtbot, window, "tsik")
    popup.edit.clear()
    qtbot.keyClicks(popup.edit, "moscow")
    assert [v for k, v in popup.choices() if k == "actor"][:2] == [second, first]
