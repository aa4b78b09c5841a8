"""Who works: one remembered name for the window and the terminal, in the user config folder."""

from __future__ import annotations

import getpass
from enum import StrEnum
from pathlib import Path

import orjson
import platformdirs

from belannot.core.fileio import atomic_write

APP_NAME = "belannot"
IDENTITY_FILE = "identity.json"


class Source(StrEnum):
    """Where the name of who works came from, strongest first."""

    OPTION = "--user"
    ENVIRONMENT = "BELANNOT_USER"
    REMEMBERED = "remembered"
    LOGIN = "login name"


def identity_path() -> Path:
    """The small JSON file holding the remembered name (plain, so the CLI needs no Qt)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / IDENTITY_FILE


def remembered_name() -> str | None:
    """The name the window last asked for; None if none, or if the file is unreadable."""
    try:
        data = orjson.loads(identity_path().read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) and name.strip() else None


def remember_name(name: str) -> None:
    """Remember ``name`` for every later window and command."""
    with atomic_write(identity_path(), overwrite=True) as handle:
        handle.write(orjson.dumps({"name": name}, option=orjson.OPT_INDENT_2) + b"\n")


def login_name() -> str:
    """The operating system's name for this account (the last resort)."""
    try:
        return getpass.getuser() or "annotator"
    except (KeyError, OSError):
        return "annotator"


def resolve(given: str | None, source: Source = Source.OPTION) -> tuple[str, Source]:
    """The name of who works and where it came from: ``given`` (from ``source``), else the
    remembered name, else the login name."""
    if given:
        return given, source
    remembered = remembered_name()
    if remembered is not None:
        return remembered, Source.REMEMBERED
    return login_name(), Source.LOGIN
