"""Where the folders shipped inside the package (resources/, corpus/) are at run time."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from belannot.core.errors import BelannotError


def bundled_dir(name: str) -> Traversable:
    """``corpus`` or ``resources``: package data, the same place in a checkout and a wheel."""
    found = files("belannot") / name
    if not found.is_dir():
        raise BelannotError(f"the bundled {name} folder is missing from this installation")
    return found


def resource(name: str) -> Traversable:
    """One file under resources/ (``schema.json``, ``icons/belannot.svg`` …)."""
    found = bundled_dir("resources")
    for part in name.split("/"):
        found = found / part
    if not found.is_file():
        raise BelannotError(f"the bundled resource {name} is missing from this installation")
    return found


def corpus_path() -> Path:
    """The bundled corpus as a real folder path (it ships unzipped)."""
    return Path(str(bundled_dir("corpus")))
