"""A window process for the suggestion worker's kill test (offscreen, made as the app makes it).

    python suggestion_window_worker.py PROJECT SETTINGS

It opens document "b" of PROJECT as alice, waits until its suggestions are shown and
prints 'WORKER <pid>' (the suggestion worker's), then waits to be killed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEventLoop  # noqa: E402

from belannot.app import application, create_window  # noqa: E402
from belannot.core.store import open_store  # noqa: E402
from belannot.ui.settings import Settings  # noqa: E402


def main(project: str, settings: str) -> int:
    app = application()
    store = open_store(project)
    window = create_window(store, store.user("alice"), Settings(Path(settings)), document_id="b")
    loop = QEventLoop()
    window.suggesting.shown.connect(loop.quit)
    window.show()
    loop.exec()
    print("WORKER", window.suggesting.service.pid, flush=True)  # type: ignore[attr-defined]
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
