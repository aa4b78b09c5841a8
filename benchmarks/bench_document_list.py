"""Document list with 100,000 documents: open the lazy model and jump to random rows.

Targets (issue 3): open ≤ 0.5 s, jump to a random row ≤ 30 ms.

    .venv/bin/python benchmarks/bench_document_list.py [--documents 100000] [--jumps 50]
        [--project /tmp/list.belannot | --db postgresql://user@host/empty_database]

With --db, the same on a team project (the database is filled on the first run and reused).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from belannot.app import application  # noqa: E402
from belannot.core.model import Document, DocumentMeta  # noqa: E402
from belannot.core.store import Store, open_store  # noqa: E402
from belannot.ui.models.document_list_model import DocumentListModel  # noqa: E402
from belannot.ui.widgets.document_list import DocumentList  # noqa: E402

WORDS = "election storm budget minister court strike market vote border summit".split()


def build(path: Path | str, count: int) -> Store:
    store = open_store(path)
    rng = random.Random(7)
    with store.transaction():
        for n in range(count):
            words = " ".join(rng.choice(WORDS) for _ in range(40))
            store.add_document(
                Document(
                    f"doc{n:06}",
                    f"Article {n}. {words}",
                    DocumentMeta(
                        title=f"Article {n} on {rng.choice(WORDS)}",
                        source=rng.choice(["Wire", "Daily", "Herald"]),
                        published=f"2024-{1 + n % 12:02}-{1 + n % 28:02}",
                    ),
                )
            )
    return store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--jumps", type=int, default=50)
    parser.add_argument(
        "--project", type=Path, help="Build the project here once and reuse it on later runs."
    )
    parser.add_argument("--db", help="A team project's URL instead (an empty database at first).")
    args = parser.parse_args()
    app = application()  # made as the app makes it
    with tempfile.TemporaryDirectory() as folder:
        path: Path | str = args.db or args.project or Path(folder) / "bench.belannot"
        if args.db:
            store = open_store(args.db)
            empty = not store.document_count()
            store.close()
        else:
            empty = not Path(path).exists()
        if empty:
            started = time.perf_counter()
            build(path, args.documents).close()
            print(f"built {args.documents:,} documents in {time.perf_counter() - started:.1f} s")
        store = open_store(path)
        args.documents = store.document_count()

        started = time.perf_counter()
        model = DocumentListModel(store, "alice")
        widget = DocumentList(model)
        widget.resize(420, 800)
        widget.show()
        app.processEvents()
        opened = time.perf_counter() - started
        print(
            f"open (model + table shown, first page painted): {opened * 1000:.1f} ms "
            f"(target ≤ 500 ms)"
        )

        rng = random.Random(11)
        ids = [f"doc{rng.randrange(args.documents):06}" for _ in range(args.jumps)]
        jumps = []
        for document_id in ids:
            started = time.perf_counter()
            widget.select_document(document_id)
            app.processEvents()
            jumps.append(time.perf_counter() - started)
            assert widget.current_document_id() == document_id
        print(
            f"jump to a random row ({args.jumps}×): "
            f"median {statistics.median(jumps) * 1000:.1f} ms, "
            f"max {max(jumps) * 1000:.1f} ms (target ≤ 30 ms)"
        )

        started = time.perf_counter()
        model.set_search("summit border")
        app.processEvents()
        print(
            f"full-text filter 'summit border' → {model.total():,} rows: "
            f"{(time.perf_counter() - started) * 1000:.1f} ms"
        )
        widget.close()
        store.close()
    print(f"slowest jump: #{jumps.index(max(jumps)) + 1} of {len(jumps)}")
    return 0 if opened <= 0.5 and max(jumps) <= 0.03 else 1


if __name__ == "__main__":
    sys.exit(main())
