"""The whole window driven like a person would: mouse drags, key presses, the store checked."""

from __future__ import annotations

import pytest

from belannot.app import resolve_user
from belannot.core.commands import AddSpan
from belannot.core.history import History
from belannot.core.model import Document, DocumentMeta, DocumentState, User
from belannot.core.store import Store
from belannot.ui.actions import ActionId
from belannot.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from belannot.ui.dialogs.user_name_dialog import UserNameDialog
from belannot.ui.settings import Settings
from tests.ui.window_fixtures import FIRST, KEY, LEFT, MOD, SECOND, drag, key, open_window

THIRD = "A third, short article."


def add(store, doc_id, text, title):
    store.add_document(Document(doc_id, text, DocumentMeta(title=title, source="Wire")))


@pytest.fixture
def project(store):
    add(store, "a", FIRST, "Leaders meet")
    add(store, "b", SECOND, "Macron speaks")
    add(store, "c", THIRD, "Third")
    return store


@pytest.fixture
def window(qtbot, project, alice, settings):
    return open_window(qtbot, project, project.ensure_user("alice"), settings, None)


def spans(store, doc_id):
    return [(s.start, s.end, s.label) for s in store.spans(doc_id)]


def texts(store, doc_id):
    text = store.document_text(doc_id)
    return [(s.label, s.text_in(text)) for s in store.spans(doc_id)]


def test_drag_select_and_hotkey_make_a_snapped_span(qtbot, window, project):
    view = window.article_view
    assert view.document_id() == "a"
    # From inside "Angela" to inside "Merkel": snapping takes both whole words.
    drag(qtbot, view, 2, 9)
    key(qtbot, window, KEY.Key_1)
    assert texts(project, "a") == [("actor", "Angela Merkel")]
    span = project.spans("a")[0]
    assert view.current_span_id() == span.id
    assert window.tag_panel.selected_span_id() == span.id
    assert window.saved_status.text() == "✓ All changes saved"
    assert project.document_state("a", "alice") is DocumentState.IN_PROGRESS


def test_alt_drag_keeps_exact_characters(qtbot, window, project):
    drag(qtbot, window.article_view, 2, 9, MOD.AltModifier)
    key(qtbot, window, KEY.Key_2)
    ((label, text),) = texts(project, "a")
    assert label == "event" and text != "Angela Merkel" and text in "Angela Merkel"


def test_keyboard_only_creation(qtbot, window, project):
    key(qtbot, window, KEY.Key_Home, MOD.ControlModifier)
    key(qtbot, window, KEY.Key_Right, MOD.ControlModifier, times=3)  # to "Emmanuel"
    key(qtbot, window, KEY.Key_Right, MOD.ControlModifier | MOD.ShiftModifier, times=2)
    key(qtbot, window, KEY.Key_1)
    # The trailing space the word jump selected is trimmed.
    assert texts(project, "a") == [("actor", "Emmanuel Macron")]
    # The caret waits at the new span's start; character steps with Shift: "Berlin".
    assert window.article_view.caret() == 18
    key(qtbot, window, KEY.Key_Right, MOD.ControlModifier, times=3)
    key(qtbot, window, KEY.Key_Right, MOD.ShiftModifier, times=6)
    key(qtbot, window, KEY.Key_4)
    assert ("quote", "Berlin") in texts(project, "a")


def test_overlapping_and_nested_spans(qtbot, window, project):
    view = window.article_view
    drag(qtbot, view, 0, 32)  # "Angela … Macron"
    key(qtbot, window, KEY.Key_2)
    drag(qtbot, view, 0, 12)
    key(qtbot, window, KEY.Key_1)
    drag(qtbot, view, 18, 32)
    key(qtbot, window, KEY.Key_1)
    assert spans(project, "a") == [(0, 13, "actor"), (0, 33, "event"), (18, 33, "actor")]
    assert window.tag_panel.span_model.rowCount() == 3
    assert window.tag_panel.spans_title.text() == "Spans (3)"


def test_relabel_by_hotkey_on_the_selected_span(qtbot, window, project):
    drag(qtbot, window.article_view, 0, 12)
    key(qtbot, window, KEY.Key_1)
    key(qtbot, window, KEY.Key_3)
    assert spans(project, "a") == [(0, 13, "prediction")]
    window.registry[ActionId.UNDO].trigger()
    assert spans(project, "a") == [(0, 13, "actor")]


def test_tab_nudge_and_delete(qtbot, window, project):
    history = History(project)
    alice = project.user("alice")
    history.do(AddSpan("a", 0, 13, "actor"), alice)
    history.do(AddSpan("a", 18, 33, "actor"), alice)
    window.open_document("a")  # edits made outside the window show on reopening
    key(qtbot, window, KEY.Key_Home, MOD.ControlModifier)
    key(qtbot, window, KEY.Key_Tab)
    first = window.article_view.current_span_id()
    assert project.span(first).start == 0
    key(qtbot, window, KEY.Key_Tab)
    second = window.article_view.current_span_id()
    assert project.span(second).start == 18
    assert window.tag_panel.selected_span_id() == second
    key(qtbot, window, KEY.Key_Backtab, MOD.ShiftModifier)
    assert window.article_view.current_span_id() == first
    key(qtbot, window, KEY.Key_Comma)  # end one character left
    assert (project.span(first).start, project.span(first).end) == (0, 12)
    key(qtbot, window, KEY.Key_BracketRight)  # start right
    assert (project.span(first).start, project.span(first).end) == (1, 12)
    qtbot.keyClick(window.article_view, ">")  # end by a word
    assert project.span(first).end == 13  # the end of "Merkel"
    qtbot.keyClick(window.article_view, ">")
    assert project.span(first).end == 17  # the end of "met"
    qtbot.keyClick(window.article_view, "{")  # start left by a word
    assert project.span(first).start == 0
    key(qtbot, window, KEY.Key_Delete)
    assert project.span(first) is None
    assert [s.id for s in project.spans("a")] == [second]


def test_undo_and_redo_across_a_document_switch(qtbot, window, project):
    drag(qtbot, window.article_view, 0, 12)
    key(qtbot, window, KEY.Key_1)
    key(qtbot, window, KEY.Key_PageDown, MOD.ControlModifier)
    assert window.current_document_id() == "b"
    qtbot.keyClick(window.article_view, KEY.Key_Z, MOD.ControlModifier)
    assert spans(project, "a") == []
    # The undo shows where it happened.
    assert window.current_document_id() == "a"
    assert window.tag_panel.span_model.rowCount() == 0
    key(qtbot, window, KEY.Key_PageDown, MOD.ControlModifier)
    qtbot.keyClick(window.article_view, KEY.Key_Y, MOD.ControlModifier)
    assert spans(project, "a") == [(0, 13, "actor")]
    qtbot.keyClick(window.article_view, KEY.Key_Z, MOD.ControlModifier)
    qtbot.keyClick(window.article_view, KEY.Key_Z, MOD.ControlModifier | MOD.ShiftModifier)
    assert spans(project, "a") == [(0, 13, "actor")]
    assert window.registry[ActionId.UNDO].text() == "&Undo add actor span"


def test_done_and_next(qtbot, window, project):
    key(qtbot, window, KEY.Key_Return, MOD.ControlModifier)
    assert project.document_state("a", "alice") is DocumentState.DONE
    assert window.current_document_id() == "b"
    assert window.tag_panel.progress.text() == "1 / 3 documents done"
    model = window.document_model
    assert model.data(model.index(0, 4)) == "done"
    key(qtbot, window, KEY.Key_Return, MOD.ControlModifier)
    key(qtbot, window, KEY.Key_Return, MOD.ControlModifier)
    assert project.done_documents("alice") == ["a", "b", "c"] or sorted(
        project.done_documents("alice")
    ) == ["a", "b", "c"]
    assert "Every document is done" in window.statusBar().currentMessage()


def test_search_and_label_every_match(qtbot, window, project):
    window.open_document("b")
    key(qtbot, window, KEY.Key_F, MOD.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible()
    qtbot.keyClicks(bar.edit, "macron")  # found while typing
    assert window.article_view.selected_range() == (0, 6)
    window.tag_panel.set_current_label("actor")
    qtbot.mouseClick(bar.label_all_button, LEFT)
    assert spans(project, "b") == [(0, 6, "actor"), (28, 34, "actor")]
    # One undo step takes back every match.
    window.registry[ActionId.UNDO].trigger()
    assert spans(project, "b") == []


def test_emoji_and_crlf_offsets_through_the_window(qtbot, project, settings):
    text = "Zoë 😊 said\r\nhello 👩‍❤️‍👩 Merkel\tand e\u0301lan."
    add(project, "e", text, "Emoji")
    window = open_window(qtbot, project, project.ensure_user("alice"), settings, "e")
    view = window.article_view
    merkel = text.index("Merkel")
    drag(qtbot, view, merkel + 1, merkel + 4)
    key(qtbot, window, KEY.Key_1)
    elan = text.index("e\u0301lan")
    drag(qtbot, view, elan, elan + 3)
    key(qtbot, window, KEY.Key_2)
    smile = text.index("😊")
    view.select_range(smile, smile + 1)
    key(qtbot, window, KEY.Key_3)
    couple = text.index("👩‍❤️‍👩")
    drag(qtbot, view, couple, couple + len("👩‍❤️‍👩") - 1)
    key(qtbot, window, KEY.Key_4)
    assert sorted(texts(project, "e")) == sorted(
        [("actor", "Merkel"), ("event", "e\u0301lan"), ("prediction", "😊"), ("quote", "👩‍❤️‍👩")]
    )


def test_markup_in_an_article_is_shown_literally(qtbot, project, settings):
    text = "Tags like <b>x</b> &amp; [caption] stay as typed."
    add(project, "h", text, "<i>Title</i>")
    window = open_window(qtbot, project, project.ensure_user("alice"), settings, "h")
    assert window.article_view.toPlainText() == text
    assert window.title_label.text() == "<i>Title</i>"
    b = text.index("<b>x</b>")
    window.article_view.select_range(b, b + len("<b>x</b>"))
    key(qtbot, window, KEY.Key_1)
    assert texts(project, "h") == [("actor", "<b>x</b>")]


def test_sticky_label_makes_a_span_per_drag(qtbot, window, project):
    key(qtbot, window, KEY.Key_K, MOD.ControlModifier)
    assert window.registry[ActionId.STICKY_LABEL].isChecked()
    qtbot.mouseClick(window.tag_panel.button_for("event"), LEFT)
    drag(qtbot, window.article_view, 2, 9)
    drag(qtbot, window.article_view, 38, 40)
    assert spans(project, "a") == [(0, 13, "event"), (37, 43, "event")]


def test_refused_edits_are_reported_in_the_status_bar(qtbot, window, project, bob):
    # Others' spans are hidden from annotators unless the project shows them read-only.
    project.set_setting("show_others_read_only", True)
    History(project).do(AddSpan("a", 0, 13, "actor"), bob)
    window.open_document("a")
    key(qtbot, window, KEY.Key_Home, MOD.ControlModifier)
    key(qtbot, window, KEY.Key_Tab)
    key(qtbot, window, KEY.Key_Delete)
    assert len(project.spans("a")) == 1
    assert "cannot change a span of bob" in window.statusBar().currentMessage()


def test_note_on_a_span_is_stored_in_its_attributes(qtbot, window, project):
    drag(qtbot, window.article_view, 0, 12)
    key(qtbot, window, KEY.Key_1)
    note = window.tag_panel.note_edit
    note.setFocus()
    qtbot.keyClicks(note, "chancellor")
    qtbot.keyClick(note, KEY.Key_Return)
    assert project.spans("a")[0].attributes == {"note": "chancellor"}


def test_f1_lists_every_shortcut(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(ShortcutsDialog, "show_for", lambda rows, parent: shown.append(rows))
    drag(qtbot, window.article_view, 0, 12)
    key(qtbot, window, KEY.Key_1)
    qtbot.keyClick(window.article_view, KEY.Key_F1)
    # The help names actions, not what Undo would undo right now.
    assert shown and ("Edit", "Undo", "Ctrl+Z") in shown[0]
    assert ("Label", "Label as actor", "1") in shown[0]


def test_a_restart_restores_document_spans_and_layout(qtbot, project, settings, tmp_path):
    alice = project.ensure_user("alice")
    window = open_window(qtbot, project, alice, settings, None)
    window.open_document("b")
    drag(qtbot, window.article_view, 1, 4)
    key(qtbot, window, KEY.Key_1)
    window.resize(720, 500)
    window.documents_dock.hide()
    window.close()
    path = project.path

    reopened = Store.open(path)
    again = open_window(
        qtbot, reopened, reopened.ensure_user("alice"), Settings(settings.file_name), None
    )
    assert again.current_document_id() == "b"
    assert spans(reopened, "b") == [(0, 6, "actor")]
    assert again.tag_panel.span_model.rowCount() == 1
    assert again.size().width() == 720
    assert not again.documents_dock.isVisible()
    # Undo survives the restart too.
    again.registry[ActionId.UNDO].trigger()
    assert spans(reopened, "b") == []
    again.close()
    reopened.close()


def test_first_launch_asks_for_a_name_once(store, settings, monkeypatch):
    asked = []
    monkeypatch.setattr(UserNameDialog, "ask", lambda *a, **k: asked.append(1) or "Ana")
    assert resolve_user(store, None, settings, ask=True) == User("Ana")
    assert resolve_user(store, None, settings, ask=True) == User("Ana")
    assert asked == [1]
    assert settings.user_name() == "Ana"
    assert resolve_user(store, User("bob"), settings, ask=True).name == "bob"


def test_a_screenshot_never_asks_nor_remembers_a_name(store, settings, monkeypatch):
    monkeypatch.setattr(UserNameDialog, "ask", lambda *a, **k: pytest.fail("asked"))
    assert resolve_user(store, None, settings, ask=False) is not None
    assert settings.user_name() is None


def test_cancelling_the_name_dialog_opens_nothing(store, settings, monkeypatch):
    monkeypatch.setattr(UserNameDialog, "ask", lambda *a, **k: None)
    assert resolve_user(store, None, settings, ask=True) is None


def test_screenshot_renders_the_window_to_a_png(qtbot, project, settings, tmp_path):
    from PySide6.QtGui import QImage

    from belannot.app import run_window

    target = tmp_path / "window.png"
    assert (
        run_window(project, User("alice"), screenshot=target, document_id="b", settings=settings)
        == 0
    )
    image = QImage(str(target))
    assert image.width() > 800 and image.height() > 500
    assert settings.last_document(str(project.path)) == "b"


def test_typing_in_the_filter_box_never_labels(qtbot, window, project):
    window.article_view.select_range(0, 6)
    box = window.document_list.filter_edit
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClicks(box, "1 2")
    qtbot.keyClick(box, KEY.Key_Delete)
    assert project.spans("a") == []
    assert box.text() == "1 2"


def test_question_mark_opens_the_shortcut_help(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(ShortcutsDialog, "show_for", lambda rows, parent: shown.append(rows))
    qtbot.keyClick(window.article_view, "?")
    assert len(shown) == 1


def test_edits_by_another_process_show_up(qtbot, window, project):
    other = Store.open(project.path)
    # Alice herself in a second window (others' spans are hidden from annotators).
    History(other).do(AddSpan("a", 0, 13, "quote"), other.ensure_user("alice"))
    other.close()
    with qtbot.waitSignal(window.session.changed):
        assert window.session.check_other_writers()
    assert window.tag_panel.span_model.rowCount() == 1
    assert window.article_view.spans().get(project.spans("a")[0].id) is not None
    assert window.document_list.current_document_id() == "a"
    assert not window.session.check_other_writers()


def test_a_new_user_annotates_a_bundled_article_and_finds_it_all_again(
    qtbot, tmp_path, corpus_copy, settings, monkeypatch
):
    from belannot.core.importing.pipeline import import_files

    path = tmp_path / "bundled.belannot"
    store = Store.open(path)
    import_files(store, [corpus_copy], user=User("importer"), fmt="txt")
    monkeypatch.setattr(UserNameDialog, "ask", lambda *a, **k: "newcomer")
    user = resolve_user(store, None, settings, ask=True)
    window = open_window(qtbot, store, user, settings, None)
    document_id = window.current_document_id()
    text = store.document_text(document_id)
    view = window.article_view

    def find(word):
        return text.index(word)

    nato = find("NATO")
    drag(qtbot, view, nato, nato + 3)  # mouse + hotkey
    key(qtbot, window, KEY.Key_1)
    escalate = find("escalate its role")
    drag(qtbot, view, escalate + 2, escalate + len("escalate its role") - 2)
    qtbot.mouseClick(window.tag_panel.button_for("event"), LEFT)  # mouse + button
    putin = find("“Putin needs support,”")
    view.select_range(putin, putin)  # caret only
    key(qtbot, window, KEY.Key_Right, MOD.ShiftModifier, times=len("“Putin needs support,”"))
    key(qtbot, window, KEY.Key_4)  # keyboard
    fighters = find("send its own fighters")
    view.select_range(fighters, fighters)
    key(qtbot, window, KEY.Key_Right, MOD.ControlModifier | MOD.ShiftModifier, times=4)
    key(qtbot, window, KEY.Key_3)
    window.close()
    store.close()

    reopened = Store.open(path)
    again = open_window(qtbot, reopened, reopened.ensure_user("newcomer"), settings, None)
    assert again.current_document_id() == document_id
    assert sorted(texts(reopened, document_id)) == [
        ("actor", "NATO"),
        ("event", "escalate its role"),
        ("prediction", "send its own fighters"),
        ("quote", "“Putin needs support,”"),
    ]
    assert again.tag_panel.span_model.rowCount() == 4
    assert {s.annotator for s in reopened.spans(document_id)} == {"newcomer"}
    again.close()
    reopened.close()
