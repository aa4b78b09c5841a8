"""The Qt-free core: model, store, commands, history, formats, agreement."""

from __future__ import annotations

import importlib
import sys

# sqlite-utils imports pandas and numpy whenever they are installed (the hf extra brings
# them), only to map their scalar types when it creates tables from Python values, which
# belannot never does (its schema is SQL). That costs ~80 MB and ~1 s at every start of
# every belannot process, so sqlite-utils is loaded here, first, with them hidden; they
# import normally afterwards for the formats that use them.
_NOT_FOR_SQLITE_UTILS = ("pandas", "numpy")


def _load_sqlite_utils() -> None:
    hidden = [name for name in _NOT_FOR_SQLITE_UTILS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # "import of X halted"
    try:
        importlib.import_module("sqlite_utils.db")
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


_load_sqlite_utils()
