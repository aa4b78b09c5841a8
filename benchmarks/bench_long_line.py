"""Opening one very long single-line document in ArticleView: seconds and peak memory.

Run on demand: ``python benchmarks/bench_long_line.py [MEGABYTES ...]`` (default 1 10 30).
Each size runs in a fresh process so that peak RSS is its own. Measures set_document plus
the first paint, and a scroll to the end and its paint (what an annotator does first).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def one(megabytes: float) -> None:
    from belannot.app import application
    from belannot.core.model import DEFAULT_LABELS
    from belannot.ui.widgets.article_view import ArticleView

    app = application()
    words = "Putin met Lukashenko in Minsk and spoke to the press about the talks. "
    text = (words * int(megabytes * 1_000_000 // len(words) + 1))[: int(megabytes * 1_000_000)]
    view = ArticleView()
    view.resize(1100, 800)
    view.show()
    app.processEvents()
    started = time.perf_counter()
    view.set_document("doc", text, [], DEFAULT_LABELS)
    view.viewport().repaint()
    opened = time.perf_counter() - started
    started = time.perf_counter()
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.viewport().repaint()
    scrolled = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(
        f"{len(text):>11,} chars, one line | open + paint {opened:6.2f} s"
        f" | scroll to end + paint {scrolled:6.2f} s | peak RSS {peak:6.0f} MiB"
    )


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        one(float(sys.argv[2]))
        return 0
    for size in sys.argv[1:] or ["1", "10", "30"]:
        subprocess.run([sys.executable, __file__, "--one", size], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
