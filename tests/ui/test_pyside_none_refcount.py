"""Regression guard: PySide6 6.12.0 on CPython 3.11 leaks None's references away.

Every void Qt call dropped one reference to None; after ~5,000 calls the
interpreter aborted with 'Fatal Python error: none_dealloc'. pyproject.toml
keeps that combination out; this test fails if an upgrade brings it back.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QObject

    holder = QObject()
    before = sys.getrefcount(None)
    for i in range(20_000):
        holder.setObjectName("x")  # returns void
    after = sys.getrefcount(None)
    print(before, after)
    """
)


def test_void_qt_calls_keep_none_alive():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, f"interpreter died: {result.stderr[-2000:]}"
    before, after = map(int, result.stdout.split())
    # A healthy binding may hold a few more references; the bug loses ~20,000.
    assert after >= before - 10, f"None lost {before - after} references in 20,000 void calls"
