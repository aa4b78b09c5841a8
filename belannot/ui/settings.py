"""Typed window settings (QSettings): key constants, layout version, geometry, user name."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

# Bump when docks or toolbars change so that an old saved layout is not restored onto a
# window it no longer fits.
LAYOUT_VERSION = 1


class Key:
    """Every settings key in one place."""

    LAYOUT_VERSION = "window/layout_version"
    GEOMETRY = "window/geometry"
    WINDOW_STATE = "window/state"
    USER_NAME = "user/name"
    SNAPPING = "editor/snapping"
    LAST_DOCUMENT = "project/last_document"  # + "/<project key>"


class Settings:
    """The window's remembered state; ``path`` gives tests their own INI file."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            self._qsettings = QSettings(
                QSettings.Format.IniFormat, QSettings.Scope.UserScope, "belannot", "belannot"
            )
        else:
            self._qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    @property
    def file_name(self) -> str:
        return self._qsettings.fileName()

    def sync(self) -> None:
        self._qsettings.sync()

    # -- identity ------------------------------------------------------------

    def user_name(self) -> str | None:
        value = self._qsettings.value(Key.USER_NAME)
        return str(value) if value else None

    def set_user_name(self, name: str) -> None:
        self._qsettings.setValue(Key.USER_NAME, name)

    # -- editor --------------------------------------------------------------

    def snapping(self) -> bool:
        return _as_bool(self._qsettings.value(Key.SNAPPING, True))

    def set_snapping(self, enabled: bool) -> None:
        self._qsettings.setValue(Key.SNAPPING, enabled)

    # -- window layout ---------------------------------------------------------

    def geometry(self) -> QByteArray | None:
        return self._layout_value(Key.GEOMETRY)

    def window_state(self) -> QByteArray | None:
        return self._layout_value(Key.WINDOW_STATE)

    def set_layout(self, geometry: QByteArray, window_state: QByteArray) -> None:
        self._qsettings.setValue(Key.LAYOUT_VERSION, LAYOUT_VERSION)
        self._qsettings.setValue(Key.GEOMETRY, geometry)
        self._qsettings.setValue(Key.WINDOW_STATE, window_state)

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
        self._qsettings.setValue(_project_key(Key.LAST_DOCUMENT, project), document_id)


def _project_key(prefix: str, project: str) -> str:
    # QSettings treats '/' and '\\' as group separators: keep the project path one key.
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in project)
    return f"{prefix}/{safe or 'memory'}"


def _as_bool(value: object) -> bool:
    # INI files give back strings.
    if isinstance(value, str):
        return value.lower() in {"1", "true", "yes"}
    return bool(value)
