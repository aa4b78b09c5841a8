"""Default shortcuts survive window managers; exact characters without Alt; every shortcut
can be remapped in Preferences, conflicts refused, and the choice persists."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from window_fixtures import KEY, LEFT, MOD, drag, key, open_window, two_annotator_project

from belannot.ui.actions import LABEL_ACTIONS, SPECS, ActionId
from belannot.ui.dialogs.preferences_dialog import PreferencesDialog
from belannot.ui.settings import Settings

ARROWS = ("Left", "Right", "Up", "Down")


@pytest.fixture
def project(store):
    return two_annotator_project(store, {"merkel": ("a", 0, 13, "actor", "alice")})


@pytest.fixture
def settings(tmp_path):
    return Settings(tmp_path / "settings.ini")


def test_no_default_shortcut_is_one_window_managers_take():
    for action_id, spec in SPECS.items():
        for text in spec.shortcuts:
            parts = QKeySequence(text).toString().split("+")
            assert not ("Alt" in parts and parts[-1] in ARROWS), (action_id, text)
            assert not ("Ctrl" in parts and "Alt" in parts), (action_id, text)


def test_boundary_nudges_on_bracket_and_comma_keys(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    key(qtbot, window, KEY.Key_Home, MOD.ControlModifier)
    key(qtbot, window, KEY.Key_Tab)
    span = lambda: (project.span("merkel").start, project.span("merkel").end)  # noqa: E731
    key(qtbot, window, KEY.Key_Comma)  # end one character left
    assert span() == (0, 12)
    key(qtbot, window, KEY.Key_BracketRight)  # start one character right
    assert span() == (1, 12)
    qtbot.keyClick(window.article_view, ">")  # end right by a word
    assert span() == (1, 13)
    qtbot.keyClick(window.article_view, ">")
    assert span() == (1, 17)
    key(qtbot, window, KEY.Key_Period)  # end right: a character
    key(qtbot, window, KEY.Key_BracketLeft)  # start left
    assert span() == (0, 18)


def test_ctrl_drag_keeps_exact_characters(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings, document_id="b")
    drag(qtbot, window.article_view, 2, 9, MOD.ControlModifier)
    key(qtbot, window, KEY.Key_1)
    assert [(s.start, s.end) for s in project.spans("b")] == [(2, 10)]


def show(qtbot, dialog):
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def remap(qtbot, dialog, action_id, sequence, modifiers=MOD.NoModifier):
    editor = dialog.shortcut_editor
    qtbot.mouseClick(editor.table.viewport(), LEFT, pos=editor.row_rect(action_id).center())
    assert editor.current_action() is action_id
    editor.key_edit.setFocus()
    qtbot.waitUntil(editor.key_edit.hasFocus)
    qtbot.keyClick(editor.key_edit, sequence, modifiers)
    qtbot.mouseClick(editor.assign_button, LEFT)


def test_a_remap_in_preferences_works_persists_and_refuses_conflicts(
    qtbot, project, settings, monkeypatch
):
    window = open_window(qtbot, project, "alice", settings)
    messages = []

    def drive(dialog):
        show(qtbot, dialog)
        remap(qtbot, dialog, ActionId.FIND, KEY.Key_Z, MOD.ControlModifier)  # Undo's key
        messages.append(dialog.shortcut_editor.message.text())
        remap(qtbot, dialog, ActionId.FIND, KEY.Key_J, MOD.ControlModifier)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, LEFT)
        return dialog.result()

    monkeypatch.setattr(PreferencesDialog, "exec", drive)
    key(qtbot, window, KEY.Key_Comma, MOD.ControlModifier)  # Preferences
    assert messages and "Ctrl+Z" in messages[0] and "Undo" in messages[0]
    registry = window.registry
    assert registry[ActionId.FIND].shortcut().toString() == "Ctrl+J"
    assert registry[ActionId.UNDO].shortcut().toString() == "Ctrl+Z"
    assert not registry.conflicts()
    # The new key works, and the F1 list shows it.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    key(qtbot, window, KEY.Key_J, MOD.ControlModifier)
    assert window.find_bar.isVisible()
    assert ("Edit", "Find in article", "Ctrl+J") in registry.shortcut_rows()
    window.close()
    # Persisted: a new window starts with it.
    again = open_window(qtbot, project, "alice", Settings(settings.file_name))
    assert again.registry[ActionId.FIND].shortcut().toString() == "Ctrl+J"


def test_label_hotkeys_are_not_remapped_here_but_do_count_as_conflicts(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    dialog = PreferencesDialog(
        settings.preferences(), [], window, shortcuts=window.registry.keymap()
    )
    qtbot.addWidget(dialog)
    show(qtbot, dialog)
    editor = dialog.shortcut_editor
    assert all(editor.row_of(action_id) is None for action_id in LABEL_ACTIONS)
    remap(qtbot, dialog, ActionId.DONE_AND_NEXT, KEY.Key_1)
    assert "actor" in editor.message.text()
    assert editor.keys(ActionId.DONE_AND_NEXT) == ("Ctrl+Return", "Ctrl+Enter")
    dialog.done(QDialog.DialogCode.Rejected)
