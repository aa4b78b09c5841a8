"""Relations in the window: link by keyboard and mouse, arcs, the Relations list, review."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu

from belannot.core.commands import AddSpan
from belannot.core.history import History
from belannot.core.model import Document, Role, SpanStatus
from belannot.core.relation_commands import AddRelation
from belannot.ui.actions import ActionId
from tests.ui.window_fixtures import KEY, LEFT, MOD, key, open_window

TEXT = (
    "“We will not fight,” said Lukashenko. Putin disagreed. Tsikhanouskaya laughed.\n"
    "Later, “Peace is near,” Zelensky said."
)


def _at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


# id: (word, label, annotator)
SPANS = {
    "q1": ("“We will not fight,”", "quote", "alice"),
    "a1": ("Lukashenko", "actor", "alice"),
    "a2": ("Putin", "actor", "alice"),
    "a3": ("Tsikhanouskaya", "actor", "alice"),
    "b2": ("Putin", "actor", "bob"),
    "q2": ("“Peace is near,”", "quote", "alice"),
    "a4": ("Zelensky", "actor", "alice"),
}


@pytest.fixture
def project(store):
    store.add_document(Document("a", TEXT))
    users = {name: store.ensure_user(name) for name in ("alice", "bob")}
    store.ensure_user("rita", Role.REVIEWER)
    history = History(store)
    for span_id, (word, label, who) in SPANS.items():
        start, end = _at(word)
        history.do(AddSpan("a", start, end, label, span_id=span_id), users[who])
    return store


def _relate(store, head, tail, relation_id, user="alice"):
    History(store).do(AddRelation(head, tail, "speaker", relation_id=relation_id), store.user(user))


def _ends(store):
    return sorted((r.type, r.head, r.tail) for r in store.relations("a"))


def _relations_tab(qtbot, window):
    """Click the Relations tab beside the span list, as a person would."""
    bar = window.tag_panel.list_tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(1).center())
    assert window.tag_panel.list_tabs.currentWidget() is window.linking.list
    assert bar.tabText(1) == window.linking.list.title()


def _select(qtbot, window, span_id):
    start, _end = _at(SPANS[span_id][0])
    view = window.article_view
    qtbot.mouseClick(view.viewport(), LEFT, pos=view.viewport_point_for(start + 2))
    assert view.current_span_id() == span_id


def test_link_by_keyboard_offers_only_allowed_tails_and_enter_links(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    _select(qtbot, window, "q1")
    key(qtbot, window, KEY.Key_L)
    mode = window.linking.mode
    assert mode.active
    # Alice's actors only: not her other quote, not bob's Putin.
    assert set(mode.candidates()) == {"a1", "a2", "a3", "a4"}
    assert mode.candidate() == "a1"  # the nearest
    message = window.statusBar().currentMessage()
    assert message.startswith("Link speaker: “We will not fig…” → “Lukashenko” (1/4)")
    assert "Tab next" in message
    key(qtbot, window, KEY.Key_Tab)
    assert mode.candidate() == "a2"
    key(qtbot, window, KEY.Key_Return)
    assert not mode.active
    assert _ends(project) == [("speaker", "q1", "a2")]
    tabs = window.tag_panel.list_tabs
    assert tabs.tabBar().tabText(1) == "Relations (1)"  # counted, the list not yet filled
    # One command: one undo takes it back.
    key(qtbot, window, KEY.Key_Z, MOD.ControlModifier)
    assert _ends(project) == []
    assert tabs.tabBar().tabText(1) == "Relations (0)"
    key(qtbot, window, KEY.Key_Z, MOD.ControlModifier | MOD.ShiftModifier)
    _relations_tab(qtbot, window)
    assert window.linking.list.model.rowCount() == 1


def test_escape_cancels_link_mode(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    _select(qtbot, window, "q1")
    key(qtbot, window, KEY.Key_L)
    key(qtbot, window, KEY.Key_Tab)
    key(qtbot, window, KEY.Key_Escape)
    assert not window.linking.mode.active
    key(qtbot, window, KEY.Key_Return)
    assert _ends(project) == []
    assert [s for s in project.spans("a") if s.annotator == "alice"]  # nor deleted a span
    # A click elsewhere in the window ends the mode too.
    key(qtbot, window, KEY.Key_L)
    assert window.linking.mode.active
    table = window.tag_panel.span_table
    qtbot.mouseClick(
        table.viewport(), LEFT, pos=table.visualRect(table.model().index(0, 1)).center()
    )
    assert not window.linking.mode.active


def test_typing_narrows_the_candidates(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    _select(qtbot, window, "q1")
    key(qtbot, window, KEY.Key_L)
    qtbot.keyClicks(window.article_view, "tsi")
    assert window.linking.mode.candidates() == ["a3"]
    key(qtbot, window, KEY.Key_Backspace, times=3)
    assert len(window.linking.mode.candidates()) == 4
    qtbot.keyClicks(window.article_view, "zel")
    key(qtbot, window, KEY.Key_Enter)
    assert _ends(project) == [("speaker", "q1", "a4")]


def test_link_key_on_a_span_no_type_allows_says_so(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    _select(qtbot, window, "a1")  # an actor heads no default relation type
    key(qtbot, window, KEY.Key_L)
    assert not window.linking.mode.active
    assert "No relation type" in window.statusBar().currentMessage()


def test_shift_drag_from_span_to_span_links(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    view = window.article_view
    start = view.viewport_point_for(_at(SPANS["q1"][0])[0] + 3)
    end = view.viewport_point_for(_at("Tsikhanouskaya")[0] + 2)
    viewport = view.viewport()
    qtbot.mousePress(viewport, LEFT, MOD.ShiftModifier, start)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, LEFT, MOD.ShiftModifier, end)
    assert _ends(project) == [("speaker", "q1", "a3")]
    # The drag made no span and no selection.
    assert view.selected_range() is None
    assert len([s for s in project.spans("a") if s.annotator == "alice"]) == 6


def test_right_click_link_to_starts_keyboard_mode(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    view = window.article_view
    pos = view.viewport_point_for(_at(SPANS["q1"][0])[0] + 3)
    chosen: list[str] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):  # not shown yet: look again
            QTimer.singleShot(10, pick)
            return
        for action in menu.actions():
            sub = action.menu()
            for item in sub.actions() if sub else [action]:
                if item.text().replace("&", "").startswith("Link speaker to"):
                    chosen.append(item)
        menu.close()  # as a click on an entry does, before it triggers
        for item in chosen:
            item.trigger()

    qtbot.mouseClick(view.viewport(), LEFT, pos=pos)  # select q1 first, as a person would
    QTimer.singleShot(0, pick)  # runs inside the menu's own event loop
    from PySide6.QtGui import QContextMenuEvent

    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    assert chosen
    assert window.linking.mode.active
    key(qtbot, window, KEY.Key_Return)
    assert _ends(project) == [("speaker", "q1", "a1")]


def test_list_and_view_follow_each_other(qtbot, project, settings):
    _relate(project, "q1", "a2", "r1")
    _relate(project, "q2", "a4", "r2")
    window = open_window(qtbot, project, "alice", settings)
    relations = window.linking.list
    # Counted on the tab before the list is filled (it fills when shown).
    assert window.tag_panel.list_tabs.tabBar().tabText(1) == "Relations (2)"
    _relations_tab(qtbot, window)
    assert relations.model.rowCount() == 2
    assert relations.title() == "Relations (2)"
    # A row chosen in the list: its head is selected in the view.
    row = relations.model.row_of("r2")
    table = relations.table
    qtbot.mouseClick(
        table.viewport(), LEFT, pos=table.visualRect(relations.model.index(row, 1)).center()
    )
    assert window.article_view.current_span_id() == "q2"
    # A span chosen in the view: its relation is selected in the list.
    _select(qtbot, window, "a2")
    assert relations.selected_relation_id() == "r1"


def test_jump_to_the_other_end(qtbot, project, settings):
    _relate(project, "q2", "a1", "r1")
    window = open_window(qtbot, project, "alice", settings)
    _select(qtbot, window, "q2")
    key(qtbot, window, KEY.Key_J)
    assert window.article_view.current_span_id() == "a1"
    key(qtbot, window, KEY.Key_J)
    assert window.article_view.current_span_id() == "q2"


def test_delete_key_in_the_list_deletes_the_relation(qtbot, project, settings):
    _relate(project, "q1", "a1", "r1")
    window = open_window(qtbot, project, "alice", settings)
    _relations_tab(qtbot, window)
    table = window.linking.list.table
    index = window.linking.list.model.index(0, 0)
    qtbot.mouseClick(table.viewport(), LEFT, pos=table.visualRect(index).center())
    qtbot.keyClick(table, KEY.Key_Delete)
    assert _ends(project) == []
    assert len([s for s in project.spans("a") if s.annotator == "alice"]) == 6  # the spans stay
    key(qtbot, window, KEY.Key_Z, MOD.ControlModifier)
    assert _ends(project) == [("speaker", "q1", "a1")]


def test_reviewer_approves_and_rejects_a_relation_by_keyboard(qtbot, project, settings):
    _relate(project, "q1", "a1", "r1")
    window = open_window(qtbot, project, "rita", settings)
    _relations_tab(qtbot, window)
    table = window.linking.list.table
    index = window.linking.list.model.index(0, 0)
    qtbot.mouseClick(table.viewport(), LEFT, pos=table.visualRect(index).center())
    qtbot.keyClick(table, KEY.Key_A)
    assert project.relation("r1").status is SpanStatus.APPROVED
    assert project.span("q1").status is SpanStatus.PENDING  # the span is not decided
    status = window.linking.list.model.index(0, 3)
    assert status.data() == "✓"
    assert "approved" in status.data(Qt.ItemDataRole.ToolTipRole)
    qtbot.keyClick(table, KEY.Key_R)
    assert project.relation("r1").status is SpanStatus.REJECTED


def test_arcs_are_drawn_only_for_the_selected_or_hovered_span(qtbot, project, settings):
    _relate(project, "q1", "a1", "r1")
    _relate(project, "q2", "a4", "r2")
    window = open_window(qtbot, project, "alice", settings)
    view, arcs = window.article_view, window.linking.arcs
    window._choose_span(None)
    qtbot.mouseMove(view.viewport(), QPoint(2, 2))
    view.viewport().repaint()
    assert arcs.drawn() == []
    plain = view.viewport().grab().toImage()
    _select(qtbot, window, "q1")
    view.viewport().repaint()
    assert [a.relation_id for a in arcs.drawn()] == ["r1"]
    drawn = arcs.drawn()[0]
    assert (drawn.type, drawn.directed, drawn.pending) == ("speaker", True, True)
    assert view.viewport().grab().toImage() != plain
    # Hovering another span adds its arcs, never every relation's.
    qtbot.mouseMove(view.viewport(), view.viewport_point_for(_at("Zelensky")[0] + 2))
    qtbot.waitUntil(lambda: {a.relation_id for a in arcs.drawn()} == {"r1", "r2"})


def test_link_action_is_remappable_and_in_the_keymap(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    keymap = window.registry.keymap()
    assert keymap.keys[ActionId.LINK_TO] == ("L",)
    assert keymap.keys[ActionId.JUMP_TO_OTHER_END] == ("J",)
    assert ActionId.LINK_TO in keymap.remappable()


def test_a_type_hotkey_links_a_symmetric_type_either_way_round(qtbot, project, settings):
    from belannot.core.operations import run
    from belannot.core.relation_type_edits import AddRelationType

    symmetric = AddRelationType("cites", ("quote",), ("actor",), directed=False, hotkey="o")
    run(project, symmetric, project.user("rita"))
    window = open_window(qtbot, project, "alice", settings)
    _select(qtbot, window, "a2")  # an actor: the tail end of "cites", linked from there
    key(qtbot, window, KEY.Key_O)
    mode = window.linking.mode
    assert mode.relation_type() == "cites"
    assert set(mode.candidates()) == {"q1", "q2"}
    key(qtbot, window, KEY.Key_Return)
    assert _ends(project) == [("cites", "a2", "q1")]
    # With the link key the first allowed type is offered, and ↓ moves to the next.
    _select(qtbot, window, "q2")
    key(qtbot, window, KEY.Key_L)
    assert mode.relation_type() == "speaker"
    key(qtbot, window, KEY.Key_Down)
    assert mode.relation_type() == "cites"
    assert window.statusBar().currentMessage().startswith("Link cites:")
    key(qtbot, window, KEY.Key_Escape)


def test_the_relation_model_passes_the_model_tester(qtmodeltester, project):
    from belannot.ui.models.relation_table_model import RelationTableModel

    _relate(project, "q1", "a1", "r1")
    _relate(project, "q2", "a4", "r2")
    spans = {s.id: s for s in project.spans("a")}
    model = RelationTableModel()
    model.set_relations(TEXT, project.relations("a"), spans.get)
    assert [model.index(row, 1).data() for row in range(2)] == [
        "“We will not fight,”",
        "“Peace is near,”",
    ]
    qtmodeltester.check(model, force_py=True)
    model.update_relations([], ["r1"])
    assert model.rowCount() == 1
    qtmodeltester.check(model, force_py=True)
