"""A reviewer's decision in a big project: key press until committed and repainted.

    .venv/bin/python benchmarks/bench_review.py [--documents N] [--decisions K]

Builds N documents with 10 spans each (bench_formats' fast build), opens the window as a
reviewer and approves K spans with the A key, one after another. A decision keeps its
span selected; N (untimed) moves on to the next undecided span, and to the next document
after ten. Prints the window's start-up and the median and max per decision.
Target: a decision as fast as adding a span (≤ 16 ms max, issue 3).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_formats import build  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from scratch import scratch_folder  # noqa: E402

from belannot.app import application, create_window, freeze_startup_objects  # noqa: E402
from belannot.core.model import Role  # noqa: E402
from belannot.core.store import SpanFilter, Store  # noqa: E402
from belannot.ui.settings import Settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--decisions", type=int, default=30)
    args = parser.parse_args()
    app = application()
    folder = scratch_folder(prefix="belannot-bench-")
    store = Store.open(folder / "review.belannot")
    build(store, args.documents, 10)
    reviewer = store.ensure_user("rita", Role.REVIEWER)
    print(f"built {store.document_count():,} documents, {store.span_count():,} spans")
    started = time.perf_counter()
    window = create_window(store, reviewer, Settings(folder / "s.ini"), document_id="doc-000000")
    window.show()
    app.processEvents()
    print(f"window up as a reviewer: {(time.perf_counter() - started) * 1000:.0f} ms")
    freeze_startup_objects()
    window.activateWindow()
    window.article_view.setFocus()
    deadline = time.monotonic() + 5
    while not window.article_view.hasFocus() and time.monotonic() < deadline:
        app.processEvents()
    window.review.next_undecided()
    app.processEvents()
    approved = SpanFilter.approved_only()
    times = []
    for k in range(args.decisions):
        if k:  # the next undecided span, in the next document after ten
            QTest.keyClick(window.article_view, Qt.Key.Key_N)
            app.processEvents()
        started = time.perf_counter()
        QTest.keyClick(window.article_view, Qt.Key.Key_A)
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)
        assert store.span_count(approved) == k + 1, (
            f"the key press did not approve a span: {window.statusBar().currentMessage()!r}, "
            f"current {window.article_view.current_span_id()!r}"
        )
    print(
        f"approve one span: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms "
        f"over {args.decisions} decisions (target ≤ 16 ms max)"
    )


if __name__ == "__main__":
    main()
