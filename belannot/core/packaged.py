"""Where the folders shipped with belannot (resources/, corpus/) are at run time."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from belannot.core.errors import BelannotError


def bundled_dir(name: str) -> Traversable:
    """``corpus`` or ``resources``: inside the installed package, else the source tree."""
    packaged = files("belannot") / "_data" / name
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parents[2] / name
    if source_tree.is_dir():
        return source_tree
    raise BelannotError(f"the bundled {name} folder is missing from this installation")


def resource(name: str) -> Traversable:
    """One file under resources/ (``schema.json``, ``icons/belannot.svg`` …)."""
    found = bundled_dir("resources")
    for part in name.split("/"):
        found = found / part
    if not found.is_file():
        raise BelannotError(f"the bundled resource {name} is missing from this installation")
    return found
