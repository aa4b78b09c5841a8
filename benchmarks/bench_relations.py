"""Relations in the window: open a 1 MB document with 10,000 spans and 5,000 relations (against
the same document without relations, alternating in one sitting), and add a relation by
keyboard (L, then Enter on the nearest candidate) until it is painted and committed.
Offscreen; prints median and max per case.

    .venv/bin/python benchmarks/bench_relations.py [REPEATS]

Targets (issue 14): open ≤ 100 ms; add a relation by keyboard ≤ 16 ms max of 50.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from scratch import scratch_folder  # noqa: E402

from belannot.app import application, create_window, freeze_startup_objects  # noqa: E402
from belannot.core import backup  # noqa: E402
from belannot.core.model import Document, Span, new_span_id, now_iso  # noqa: E402
from belannot.core.relations import Relation  # noqa: E402
from belannot.core.store import Store  # noqa: E402
from belannot.ui.settings import Settings  # noqa: E402

SENTENCE = "“We will not fight,” Lukashenko said, and Belarus 😊 may join the war. "
QUOTE = len("“We will not fight,”")
ACTOR = len("Lukashenko")
SPANS = 10_000
RELATIONS = 5_000


def make_document(store: Store, doc_id: str, relations: int) -> tuple[str, list[str]]:
    """1 MB, 10,000 spans (quotes and their speakers); the first ``relations`` quotes are
    linked to their speaker. Returns the id and every 90th quote (heads for new links)."""
    paragraph = SENTENCE * 5 + "\n"
    # A title line of its own: the store keeps one copy of a text.
    text = f"{doc_id}\n" + paragraph * (1_000_000 // len(paragraph))
    store.add_document(Document(doc_id, text))
    stamp = now_iso()
    spans: list[Span] = []
    at = 0
    while len(spans) < SPANS:
        at = text.index("“We", at)
        actor = text.index("Lukashenko", at)
        for start, end, label in ((at, at + QUOTE, "quote"), (actor, actor + ACTOR, "actor")):
            spans.append(Span(new_span_id(), doc_id, start, end, label, "bench", created=stamp))
        at = actor
    store.insert_spans(spans)
    quotes = spans[0::2]
    store.insert_relations(
        Relation(new_span_id(), doc_id, "speaker", q.id, a.id, "bench", created=stamp)
        for q, a in zip(quotes[:relations], spans[1::2][:relations], strict=True)
    )
    return doc_id, [q.id for q in quotes[::90]]


def open_once(window, doc_id: str) -> tuple[float, float]:
    """(text painted, everything done): the relations are read after the first paint."""
    app = QApplication.instance()
    started = time.perf_counter()
    window.open_document(doc_id)
    window.article_view.viewport().repaint()
    painted = time.perf_counter()
    app.processEvents()  # the relations read, the list and every other repaint
    done = time.perf_counter()
    app.processEvents()
    return (painted - started) * 1000, (done - started) * 1000


def add_by_keyboard(window, store: Store, heads: list[str], repeats: int) -> dict[str, list[float]]:
    app = QApplication.instance()
    view = window.article_view
    steps: dict[str, list[float]] = {"L (mode, preview arc)": [], "Enter (commit, arc)": []}
    before = store.relation_count()
    for k, head in enumerate(heads[:repeats]):
        window._choose_span(head)
        app.processEvents()
        started = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_L)
        app.processEvents()  # the status line and the preview arc painted
        middle = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_Return)  # committed on return
        app.processEvents()  # the arc, the list row and the span list repainted
        done = time.perf_counter()
        steps["L (mode, preview arc)"].append((middle - started) * 1000)
        steps["Enter (commit, arc)"].append((done - middle) * 1000)
        assert store.relation_count() == before + k + 1, "the key presses linked nothing"
        assert window.linking.arcs.drawn(), "no arc painted"
        app.processEvents()
    steps["L + Enter"] = [a + b for a, b in zip(*steps.values(), strict=True)]
    return steps


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    app = application()
    folder = scratch_folder()
    store = Store.open(folder / "bench.belannot")
    store.ensure_user("bench")
    with store.transaction():
        plain, _ = make_document(store, "plain", 0)
        linked, heads = make_document(store, "linked", RELATIONS)
    backup.maybe_daily_backup = lambda _store: None
    window = create_window(store, store.ensure_user("bench"), Settings(folder / "s.ini"))
    window.resize(1480, 900)
    window.show()
    freeze_startup_objects()
    window.activateWindow()
    window.article_view.setFocus()
    deadline = time.monotonic() + 5
    while not window.article_view.hasFocus() and time.monotonic() < deadline:
        app.processEvents()
    opens: dict[str, list[tuple[float, float]]] = {plain: [], linked: []}
    for _ in range(9):  # alternating: both see the same machine load
        for doc_id in (plain, linked):
            opens[doc_id].append(open_once(window, doc_id))
    for doc_id, name in ((plain, "no relations"), (linked, f"{RELATIONS:,} relations")):
        for what, times in zip(
            ("painted", "all done"), zip(*opens[doc_id], strict=True), strict=True
        ):
            print(
                f"open 1 MB, {SPANS:,} spans, {name:>15}, {what:>8}:"
                f" median {statistics.median(times):6.1f} ms, max {max(times):6.1f} ms"
            )
    window.open_document(linked)
    app.processEvents()
    for step, times in add_by_keyboard(window, store, heads, repeats).items():
        print(
            f"add a relation by keyboard, {step:>22}: median {statistics.median(times):5.1f} ms,"
            f" max {max(times):5.1f} ms"
        )


if __name__ == "__main__":
    main()
