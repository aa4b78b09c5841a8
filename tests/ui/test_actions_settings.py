"""The action registry (no key bound twice, labels on 1–9) and the typed settings."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow

from belannot.core.model import DEFAULT_LABELS, Label
from belannot.ui.actions import LABEL_ACTIONS, ActionId, ActionRegistry
from belannot.ui.settings import LAYOUT_VERSION, Key, Settings


def test_no_key_is_bound_twice(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    registry = ActionRegistry(window, DEFAULT_LABELS)
    assert registry.conflicts() == {}
    keys = registry.bound_keys()
    assert keys["1"] == [ActionId.LABEL_1] and keys["4"] == [ActionId.LABEL_4]
    assert keys["Ctrl+Z"] == [ActionId.UNDO]
    assert keys["Ctrl+Y"] == keys["Ctrl+Shift+Z"] == [ActionId.REDO]


def test_the_registry_would_see_a_clash(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    clashing = [Label("actor", "#0072B2", "?"), Label("event", "#E69F00", None, position=1)]
    registry = ActionRegistry(window, clashing)
    assert registry.conflicts() == {"?": [ActionId.SHORTCUTS, ActionId.LABEL_1]}
    # A label without its own hotkey takes its place in the schema.
    assert registry.bound_keys()["2"] == [ActionId.LABEL_2]


def test_label_actions_follow_the_schema(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    registry = ActionRegistry(window, DEFAULT_LABELS)
    assert [registry.label_for(a) for a in LABEL_ACTIONS[:5]] == [
        "actor",
        "event",
        "prediction",
        "quote",
        None,
    ]
    assert not registry[ActionId.LABEL_5].isVisible()
    rows = registry.shortcut_rows()
    assert ("Label", "Label as quote", "4") in rows
    assert any(row[1] == "Undo" for row in rows)


def test_settings_round_trip_in_their_own_file(tmp_path):
    path = tmp_path / "settings.ini"
    settings = Settings(path)
    assert settings.user_name() is None
    assert settings.geometry() is None
    assert settings.snapping() is True
    settings.set_user_name("alice")
    settings.set_snapping(False)
    settings.set_layout(QByteArray(b"geo"), QByteArray(b"state"))
    settings.set_last_document("/tmp/a b/project.belannot", "doc-7")
    settings.sync()
    again = Settings(path)
    assert again.file_name == str(path)
    assert again.user_name() == "alice"
    assert again.snapping() is False
    assert again.geometry() == QByteArray(b"geo")
    assert again.window_state() == QByteArray(b"state")
    assert again.last_document("/tmp/a b/project.belannot") == "doc-7"
    assert again.last_document("/elsewhere") is None


def test_an_old_layout_is_not_restored(tmp_path):
    path = tmp_path / "settings.ini"
    settings = Settings(path)
    settings.set_layout(QByteArray(b"geo"), QByteArray(b"state"))
    settings._qsettings.setValue(Key.LAYOUT_VERSION, LAYOUT_VERSION - 1)
    assert settings.geometry() is None and settings.window_state() is None
