"""PySide's import hook reads every module's source; keep none of it in memory."""

from __future__ import annotations

import linecache
import sys
from types import ModuleType
from typing import Any

# PySide's feature switch (shibokensupport.feature) checks each imported module for
# "PySide6" with inspect.getsource, and linecache keeps every file it read: ~5 MB of
# source lines at the first paint that nothing reads again (a traceback reads its lines
# anew). Its verdict is kept; only the cached lines are dropped.
_FEATURE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"


def forget_module_sources() -> None:
    """Drop the sources read so far and those the hook reads from now on (once Qt is imported)."""
    feature = sys.modules.get(_FEATURE)
    check = getattr(feature, _CHECK, None)
    if check is not None and not getattr(check, "forgets_source", False):
        setattr(feature, _CHECK, _forgetting(check))
    linecache.clearcache()


def _forgetting(check: Any) -> Any:
    def uses_pyside(module: ModuleType) -> bool:
        try:
            return bool(check(module))
        finally:
            path = getattr(module, "__file__", None)
            if isinstance(path, str):
                linecache.cache.pop(path, None)

    uses_pyside.forgets_source = True  # type: ignore[attr-defined]
    return uses_pyside
