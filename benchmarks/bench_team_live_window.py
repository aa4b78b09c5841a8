"""Another client's edit, painted: from one client's commit of a span (another process) until
this process's window has it in its article view and has repainted (offscreen).

    .venv/bin/python benchmarks/bench_team_live_window.py postgresql://user@host/empty [EDITS]

Target (issue 18): another client's edit visible ≤ 1 s. Both clocks are the system's
monotonic clock, so the writer's commit stamp and the window's paint compare.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_team_live import report  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from scratch import scratch_folder  # noqa: E402

from belannot.app import application, create_window  # noqa: E402
from belannot.core import backup  # noqa: E402
from belannot.core.model import Document  # noqa: E402
from belannot.core.store import open_store  # noqa: E402
from belannot.ui.settings import Settings  # noqa: E402

TEXT = "Lukashenko said Belarus could join the war. " * 200
STEP = len("Lukashenko said Belarus could join the war. ")

# The other client: one line 'START' on stdin → one committed span, its stamp on stdout.
WRITER = """
import sys, time
from belannot.core.commands import AddSpan
from belannot.core.history import History
from belannot.core.store import open_store
store = open_store(sys.argv[1])
user = store.ensure_user(store.login)
print("READY", flush=True)
for line in sys.stdin:
    start = int(line)
    History(store).do(AddSpan("live", start, start + 10, "actor"), user)
    print(time.monotonic(), flush=True)
store.close()
"""


def main() -> int:
    url = sys.argv[1]
    edits = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    app = application()
    store = open_store(url)
    user = store.ensure_user(store.login)
    store.add_document(Document("live", TEXT))
    backup.maybe_daily_backup = lambda _store: None
    folder = scratch_folder()
    window = create_window(store, user, Settings(folder / "s.ini"), document_id="live")
    window.resize(1200, 800)
    window.show()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, url], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert writer.stdin is not None and writer.stdout is not None
    assert writer.stdout.readline().strip() == "READY"
    # Wake the loop now and then even if nothing arrives (it waits for events otherwise).
    tick = QTimer()
    tick.start(5)
    latencies = []
    for k in range(edits):
        start = STEP * k
        writer.stdin.write(f"{start}\n")
        writer.stdin.flush()
        deadline = time.monotonic() + 10
        while not any(s == start for s, _, _ in window.article_view.spans().ordered()):
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            assert time.monotonic() < deadline, "the window never showed the span"
        app.processEvents()  # the repaint the refresh asked for
        painted = time.monotonic()
        committed = float(writer.stdout.readline())
        latencies.append((painted - committed) * 1000)
    writer.stdin.close()
    writer.wait()
    report("painted in this window", latencies, 0)
    window.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
