"""The Qt-free core: model, store, commands, history, formats, agreement."""

from __future__ import annotations

import importlib
import importlib.util
import sys

# sqlite-utils imports pandas and numpy whenever they are installed (the hf extra brings
# them), only to map their scalar types when it creates tables from Python values, which
# belannot never does (its schema is SQL). That costs ~80 MB and ~1 s at every start of
# every belannot process, so sqlite-utils is loaded here, first, with them hidden; they
# import normally afterwards for the formats that use them.
_NOT_FOR_SQLITE_UTILS = ("pandas", "numpy")
# Its recipes (for `sqlite-utils convert`) import dateutil's parser, which brings time
# zones, calendars and ctypes: ~2.6 MB and 28 modules at every start. It loads at its
# first use instead; belannot has none.
_LOADED_AT_FIRST_USE = "dateutil.parser"


def _load_at_first_use(name: str) -> None:
    if name in sys.modules:
        return
    package, _, attribute = name.rpartition(".")
    try:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return
        loader = importlib.util.LazyLoader(spec.loader)
    except (ImportError, TypeError, ValueError):
        return  # a loader that cannot wait: imported normally by sqlite-utils
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    # On the package too: `from dateutil import parser` then takes it without asking the
    # import system, whose check of a module being initialised would load it at once.
    setattr(sys.modules[package], attribute, module)
    loader.exec_module(module)


def _load_sqlite_utils() -> None:
    hidden = [name for name in _NOT_FOR_SQLITE_UTILS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # "import of X halted"
    try:
        _load_at_first_use(_LOADED_AT_FIRST_USE)
        importlib.import_module("sqlite_utils.db")
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


_load_sqlite_utils()
