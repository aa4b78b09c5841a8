"""ArticleView speed: opening articles with spans, and repainting after one added span.

Run on demand: ``python benchmarks/bench_article_view.py``. Targets (issue 3): open a 3 KB
article with 30 spans ≤ 10 ms; open a 1 MB document with 10,000 spans ≤ 100 ms; add one
span (set_spans with one more span, then painted) ≤ 16 ms max over 50, on both.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from belannot.app import application  # noqa: E402
from belannot.core.model import DEFAULT_LABELS, Span  # noqa: E402
from belannot.core.packaged import corpus_path  # noqa: E402
from belannot.ui.widgets.article_view import ArticleView  # noqa: E402

LABELS = [label.name for label in DEFAULT_LABELS]


def corpus_text() -> str:
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(corpus_path().glob("*.txt")))


def make_document(size: int, span_count: int) -> tuple[str, list[Span]]:
    base = corpus_text()
    text = (base * (size // len(base) + 1))[:size]
    words = [m.span() for m in re.finditer(r"\w+", text)]
    step = max(len(words) // span_count, 1)
    spans = []
    for i, (start, end) in enumerate(words[::step][:span_count]):
        # Every fifth span covers two words and overlaps the next one.
        if i % 5 == 4 and (i + 1) * step < len(words):
            end = words[(i + 1) * step][1]
        spans.append(Span(f"s{i}", "doc", start, end, LABELS[i % 4], "bench"))
    return text, spans


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.2f} ms"


def bench(app: QApplication, name: str, size: int, span_count: int, target_open: float) -> bool:
    text, spans = make_document(size, span_count)
    view = ArticleView()
    view.resize(1100, 800)
    view.show()
    app.processEvents()
    opens = []
    for _ in range(7):
        started = time.perf_counter()
        view.set_document("doc", text, spans, DEFAULT_LABELS)
        view.viewport().repaint()
        opens.append(time.perf_counter() - started)
        app.processEvents()
    first_open = opens[0]
    median_open = statistics.median(opens)

    # Add spans one at a time in the visible part of the text, like an annotator would.
    visible_words = [m.span() for m in re.finditer(r"\w+", text[:1500])]
    adds = []
    current = list(spans)
    for i in range(50):
        start, end = visible_words[(i * 3) % len(visible_words)]
        current = [*current, Span(f"new{i}", "doc", start, end, LABELS[i % 4], "bench")]
        started = time.perf_counter()
        view.set_spans(current)
        view.viewport().repaint()
        adds.append(time.perf_counter() - started)
    view.close()
    ok = median_open <= target_open and max(adds) <= 0.016
    print(
        f"{name}: {len(text):>9,} chars, {len(spans):>6,} spans | "
        f"open first {ms(first_open)}, median {ms(median_open)}"
        f" (target ≤ {target_open * 1000:.0f} ms)"
        f" | add one span median {ms(statistics.median(adds))}, max {ms(max(adds))}"
        f" (target ≤ 16 ms max) | {'OK' if ok else 'MISSED'}"
    )
    return ok


def main() -> int:
    app = application()  # made as the app makes it
    assert isinstance(app, QApplication)
    results = [
        bench(app, "3 KB article", 3_000, 30, 0.010),
        bench(app, "1 MB document", 1_000_000, 10_000, 0.100),
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
