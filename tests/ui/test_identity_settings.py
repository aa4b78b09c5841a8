"""The window remembers its user where the terminal reads it, moving an old QSettings name."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from belannot.core import identity
from belannot.ui.settings import Key, Settings


def test_the_window_remembers_the_name_for_the_terminal(tmp_path):
    settings = Settings(tmp_path / "settings.ini")
    settings.set_user_name("alice")
    settings.sync()
    assert identity.remembered_name() == "alice"
    identity.remember_name("bob")  # e.g. another window, or a later version
    assert Settings(tmp_path / "settings.ini").user_name() == "bob"


def test_an_old_name_in_qsettings_is_moved_once(tmp_path):
    path = tmp_path / "settings.ini"
    old = QSettings(str(path), QSettings.Format.IniFormat)
    old.setValue(Key.USER_NAME, "alice")
    old.sync()
    settings = Settings(path)
    assert settings.user_name() == "alice"
    assert identity.remembered_name() == "alice"
    settings.sync()
    assert QSettings(str(path), QSettings.Format.IniFormat).value(Key.USER_NAME) is None
    identity.remember_name("bob")
    assert Settings(path).user_name() == "bob"  # the moved name never comes back
