"""Another client's edit, seen: from one client's commit of a span to the other client's
``data_version`` moving and its read returning the span (the store's part of "live").

    .venv/bin/python benchmarks/bench_team_live.py postgresql://user@host/empty_database [EDITS]

Target (issue 18): another client's edit visible ≤ 1 s. The window, which the notification
wakes (ui/project_watcher.py), adds one refresh and repaint on top of the figure printed
here: bench_team_live_window.py measures that.
"""

from __future__ import annotations

import statistics
import sys
import threading
import time

from belannot.core.commands import AddSpan
from belannot.core.model import Document, Role, User
from belannot.core.operations import run
from belannot.core.store import open_store

TEXT = "Lukashenko said Belarus could join the war. " * 200


def report(what: str, latencies: list[float], digits: int) -> None:
    print(
        f"another client's span {what} ({len(latencies)}×): median "
        f"{statistics.median(latencies):.{digits}f} ms, max {max(latencies):.{digits}f} ms "
        "(target ≤ 1000 ms)"
    )


def main() -> int:
    url = sys.argv[1]
    edits = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    writer, watcher = open_store(url), open_store(url)
    alice = User("alice", Role.ANNOTATOR)
    writer.ensure_user(alice.name)
    document_id, _ = writer.add_document(Document("live", TEXT))
    watcher.data_version()  # what was there before
    latencies = []
    for k in range(edits):
        start = 45 * k
        committed = threading.Event()
        stamp: list[float] = []

        def commit(
            start: int = start, committed: threading.Event = committed, stamp: list = stamp
        ) -> None:
            run(writer, AddSpan(document_id, start, start + 10, "actor"), alice)
            stamp.append(time.perf_counter())
            committed.set()

        version = watcher.data_version()
        threading.Thread(target=commit).start()
        committed.wait()
        while watcher.data_version() == version:
            time.sleep(0.0005)
        assert any(s.start == start for s in watcher.spans(document_id))
        latencies.append((time.perf_counter() - stamp[0]) * 1000)
    report("seen", latencies, 1)
    writer.close()
    watcher.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
