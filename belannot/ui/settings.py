"""Typed window settings (QSettings): every key, layout version, geometry, user, preferences."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QByteArray, QSettings

from belannot.core import identity

# Bump when docks or toolbars change so that an old saved layout is not restored onto a
# window it no longer fits.
LAYOUT_VERSION = 3  # 2: the Guidelines dock; 3: docks give way to the article, headers saved


class Key:
    """Every settings key in one place."""

    LAYOUT_VERSION = "window/layout_version"
    GEOMETRY = "window/geometry"
    WINDOW_STATE = "window/state"
    HEADER_STATE = "window/header"  # + "/<table>": column widths, repaired on load
    USER_NAME = "user/name"  # read once, to move it to belannot.core.identity
    # Snapping is both a preference and the Span menu's toggle: one key for both.
    SNAPPING = "editor/snapping"
    LAST_DOCUMENT = "project/last_document"  # + "/<project key>"
    WELCOME_DISMISSED = "welcome/dismissed"
    FONT_SIZE = "preferences/font_size"
    THEME = "preferences/theme"
    HIDDEN_ANNOTATORS = "preferences/hidden_annotators"
    EXPORT_FOLDER = "export/last_folder"
    TEAM_URL = "team/last_url"  # never with a password
    SHORTCUTS = "shortcuts"  # + "/<ACTION_ID name>": its keys, tab-separated portable text


FONT_SIZES = range(8, 33)
DEFAULT_FONT_SIZE = 12


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True, slots=True)
class Preferences:
    """What the Preferences dialog edits; read and written through the keys above."""

    font_size: int = DEFAULT_FONT_SIZE
    theme: Theme = Theme.SYSTEM
    # Selections grow to whole words (the article view reads this).
    snap_to_words: bool = True
    # Annotators whose layers are hidden; stored this way round so that a new
    # annotator's spans show up by default.
    hidden_annotators: frozenset[str] = frozenset()

    def shows(self, annotator: str) -> bool:
        return annotator not in self.hidden_annotators

    @classmethod
    def load(cls, settings: Settings | QSettings) -> Preferences:
        """Read from ``settings``; anything missing or malformed falls back to the default."""
        raw = _raw(settings)
        try:
            font_size = int(cast(Any, raw.value(Key.FONT_SIZE, DEFAULT_FONT_SIZE)))
        except (TypeError, ValueError):
            font_size = DEFAULT_FONT_SIZE
        if font_size not in FONT_SIZES:
            font_size = DEFAULT_FONT_SIZE
        try:
            theme = Theme(str(raw.value(Key.THEME, Theme.SYSTEM.value)))
        except ValueError:
            theme = Theme.SYSTEM
        hidden = raw.value(Key.HIDDEN_ANNOTATORS, [])
        if isinstance(hidden, str):  # QSettings returns a one-item list as a string
            hidden = [hidden]
        return cls(
            font_size=font_size,
            theme=theme,
            snap_to_words=_as_bool(raw.value(Key.SNAPPING, True)),
            hidden_annotators=frozenset(str(n) for n in cast(Iterable[object], hidden or [])),
        )

    def save(self, settings: Settings | QSettings) -> None:
        raw = _raw(settings)
        raw.setValue(Key.FONT_SIZE, self.font_size)
        raw.setValue(Key.THEME, self.theme.value)
        raw.setValue(Key.SNAPPING, self.snap_to_words)
        raw.setValue(Key.HIDDEN_ANNOTATORS, sorted(self.hidden_annotators))


class Settings:
    """The window's remembered state; ``path`` gives tests their own INI file."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            self._qsettings = QSettings(
                QSettings.Format.IniFormat, QSettings.Scope.UserScope, "belannot", "belannot"
            )
        else:
            self._qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    @classmethod
    def wrap(cls, qsettings: QSettings) -> Settings:
        """Typed access to an existing QSettings (same keys, same file)."""
        settings = cls.__new__(cls)
        settings._qsettings = qsettings
        return settings

    @property
    def file_name(self) -> str:
        return self._qsettings.fileName()

    @property
    def qsettings(self) -> QSettings:
        return self._qsettings

    def sync(self) -> None:
        self._qsettings.sync()

    # -- identity ------------------------------------------------------------

    def user_name(self) -> str | None:
        """The remembered name, shared with the terminal (belannot.core.identity)."""
        name = identity.remembered_name()
        if name is None:
            # Older versions kept it here: move it once, so the CLI knows it too.
            old = self._qsettings.value(Key.USER_NAME)
            if old:
                name = str(old)
                self.set_user_name(name)
        return name

    def set_user_name(self, name: str) -> None:
        try:
            identity.remember_name(name)
        except OSError:  # an unwritable config folder: the window still remembers it
            self._qsettings.setValue(Key.USER_NAME, name)
            return
        self._qsettings.remove(Key.USER_NAME)

    # -- export ------------------------------------------------------------------

    def export_folder(self) -> Path | None:
        """The folder the last export went to, if it still exists."""
        value = self._qsettings.value(Key.EXPORT_FOLDER)
        folder = Path(str(value)) if value else None
        return folder if folder is not None and folder.is_dir() else None

    def set_export_folder(self, folder: Path) -> None:
        self._qsettings.setValue(Key.EXPORT_FOLDER, str(folder))

    # -- team projects -----------------------------------------------------------

    def team_url(self) -> str | None:
        """The team project opened last, as its URL without the password."""
        value = self._qsettings.value(Key.TEAM_URL)
        return str(value) if value else None

    def set_team_url(self, url: str) -> None:
        self._qsettings.setValue(Key.TEAM_URL, url)

    # -- editor --------------------------------------------------------------

    def snapping(self) -> bool:
        return _as_bool(self._qsettings.value(Key.SNAPPING, True))

    def set_snapping(self, enabled: bool) -> None:
        self._qsettings.setValue(Key.SNAPPING, enabled)

    # -- first run and preferences ---------------------------------------------

    def welcome_wanted(self) -> bool:
        """Whether the welcome shows at start-up (until "Don't show this again")."""
        return not _as_bool(self._qsettings.value(Key.WELCOME_DISMISSED, False))

    def set_welcome_dismissed(self, dismissed: bool = True) -> None:
        self._qsettings.setValue(Key.WELCOME_DISMISSED, dismissed)

    def preferences(self) -> Preferences:
        return Preferences.load(self)

    def set_preferences(self, preferences: Preferences) -> None:
        preferences.save(self)

    # -- shortcuts ---------------------------------------------------------------

    def shortcut_overrides(self) -> dict[str, tuple[str, ...]]:
        """Remapped shortcuts by action name (an empty tuple: no key)."""
        raw = self._qsettings
        raw.beginGroup(Key.SHORTCUTS)
        try:
            found = {name: str(raw.value(name, "")) for name in raw.childKeys()}
        finally:
            raw.endGroup()
        # A tab never appears in a key's portable text ("Tab" is spelt out).
        return {name: tuple(k for k in text.split("\t") if k) for name, text in found.items()}

    def set_shortcut_overrides(self, overrides: dict[str, tuple[str, ...]]) -> None:
        self._qsettings.remove(Key.SHORTCUTS)
        for name, keys in overrides.items():
            self._qsettings.setValue(f"{Key.SHORTCUTS}/{name}", "\t".join(keys))

    # -- window layout ---------------------------------------------------------

    def geometry(self) -> QByteArray | None:
        return self._layout_value(Key.GEOMETRY)

    def window_state(self) -> QByteArray | None:
        return self._layout_value(Key.WINDOW_STATE)

    def set_layout(self, geometry: QByteArray, window_state: QByteArray) -> None:
        self._qsettings.setValue(Key.LAYOUT_VERSION, LAYOUT_VERSION)
        self._qsettings.setValue(Key.GEOMETRY, geometry)
        self._qsettings.setValue(Key.WINDOW_STATE, window_state)

    def header_state(self, table: str) -> QByteArray | None:
        return self._layout_value(f"{Key.HEADER_STATE}/{table}")

    def set_header_state(self, table: str, state: QByteArray) -> None:
        self._qsettings.setValue(f"{Key.HEADER_STATE}/{table}", state)

    def _layout_value(self, key: str) -> QByteArray | None:
        version = self._qsettings.value(Key.LAYOUT_VERSION)
        if version is None or int(str(version)) != LAYOUT_VERSION:
            return None
        value = self._qsettings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    # -- per project -------------------------------------------------------------

    def last_document(self, project: str) -> str | None:
        value = self._qsettings.value(_project_key(Key.LAST_DOCUMENT, project))
        return str(value) if value else None

    def set_last_document(self, project: str, document_id: str) -> None:
        key = _project_key(Key.LAST_DOCUMENT, project)
        # Every write makes QSettings rewrite its file on the next event loop pass.
        if self._qsettings.value(key) != document_id:
            self._qsettings.setValue(key, document_id)


def _project_key(prefix: str, project: str) -> str:
    # QSettings treats '/' and '\\' as group separators: keep the project path one key.
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in project)
    return f"{prefix}/{safe or 'memory'}"


def _raw(settings: Settings | QSettings) -> QSettings:
    # The dialogs also take a bare QSettings (their tests and packaging/screenshots.py do).
    return settings.qsettings if isinstance(settings, Settings) else settings


def _as_bool(value: object) -> bool:
    # INI files give back strings.
    if isinstance(value, str):
        return value.lower() in {"1", "true", "yes"}
    return bool(value)
