"""run_window installs the crash handler and keeps the daily backup going."""

from __future__ import annotations

import sys
import threading

from belannot.app import run_window
from belannot.ui.crash_handler import CrashHandler


def test_run_window_installs_the_crash_handler(qapp, store, alice, tmp_path):
    before = (sys.excepthook, threading.excepthook)
    try:
        assert run_window(store, alice, screenshot=tmp_path / "shot.png") == 0
        hook = sys.excepthook
        assert isinstance(getattr(hook, "__self__", None), CrashHandler)
        assert hook.__self__.parent_widget is not None
    finally:
        if isinstance(getattr(sys.excepthook, "__self__", None), CrashHandler):
            sys.excepthook.__self__.uninstall()
        sys.excepthook, threading.excepthook = before
