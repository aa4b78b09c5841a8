"""Export 100,000 documents with 1,000,000 spans as jsonl and doccano, and import them back.

Targets: each step ≤ 5 s and peak memory flat (≤ 150 MB above the start).
Run: .venv/bin/python benchmarks/bench_formats.py [--documents N] [--spans-per-document K]
Peak memory is the process's peak RSS growth (resource.getrusage) and the
Python heap peak (tracemalloc, run separately because it slows Python down).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from scratch import scratch_folder

from belannot.core.formats.doccano import export_doccano
from belannot.core.formats.exporting import ExportOptions
from belannot.core.formats.jsonl import export_jsonl
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User, content_hash, now_iso
from belannot.core.store import Store

WORDS = "Putin said the troops will 🇧🇾 cross Cafe\u0301 borders soon".split()
LABELS = ("actor", "event", "prediction", "quote")


def build(store: Store, documents: int, per_document: int) -> None:
    """Fill a project fast with direct inserts (the project's state, not the API, is under test)."""
    stamp = now_iso()
    db = store.db
    store.ensure_user("alice")
    with store.transaction():
        doc_rows, text_rows, span_rows = [], [], []
        for number in range(documents):
            words = [WORDS[(number + i) % len(WORDS)] for i in range(per_document * 3)]
            text = f"Document {number}.\r\n" + " ".join(words)
            doc_id = f"doc-{number:06d}"
            doc_rows.append(
                (doc_id, number + 1, f"Document {number}", content_hash(text), len(text), stamp)
            )
            text_rows.append((doc_id, text))
            position = len(f"Document {number}.\r\n")
            for index in range(per_document):
                word = words[index * 3]
                span_rows.append(
                    (
                        f"{doc_id}-{index}",
                        doc_id,
                        position,
                        position + len(word),
                        LABELS[index % 4],
                        "alice",
                        "pending",
                        stamp,
                        stamp,
                    )
                )
                position += sum(len(w) + 1 for w in words[index * 3 : index * 3 + 3])
        db.conn.executemany(
            "INSERT INTO documents (id, position, title, content_hash, char_count, created) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            doc_rows,
        )
        db.conn.executemany(
            "INSERT INTO document_texts (document_id, text) VALUES (?, ?)", text_rows
        )
        db.conn.executemany(
            'INSERT INTO spans (id, document_id, start, "end", label, annotator, status, '
            "created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            span_rows,
        )


def rss_mb() -> float:
    """Peak RSS of this process image: VmHWM (ru_maxrss survives exec from the parent)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


STEPS = ("export-jsonl", "export-doccano", "import-jsonl", "import-doccano")


def run_step(step: str, folder: Path, trace: bool) -> None:
    """One step in this (fresh) process, so that its peak RSS is its own."""
    baseline = rss_mb()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    if step.startswith("export"):
        store = Store.open(folder / "big.belannot")
        if step == "export-jsonl":
            report = export_jsonl(store, folder / "out.jsonl", overwrite=True)
        else:
            report = export_doccano(
                store, folder / "out.doccano.jsonl", ExportOptions(overwrite=True)
            )
        summary = report.summary()
    else:
        fmt = step.split("-", 1)[1]
        target_path = folder / f"import-{fmt}.belannot"
        for leftover in folder.glob(f"import-{fmt}.belannot*"):
            leftover.unlink()
        store = Store.open(target_path)
        source = folder / ("out.jsonl" if fmt == "jsonl" else "out.doccano.jsonl")
        summary = import_files(
            store, [source], user=User("lead"), fmt=fmt, as_annotator="alice"
        ).summary()
    seconds = time.perf_counter() - start
    heap = ""
    if trace:
        heap = f", Python heap peak {tracemalloc.get_traced_memory()[1] / 2**20:.0f} MB"
    store.close()
    print(
        f"{step:<16} {seconds:7.2f} s   peak RSS {rss_mb():5.0f} MB "
        f"(+{rss_mb() - baseline:.0f} MB over the {baseline:.0f} MB of a started process)"
        f"{heap}\n                 {summary}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--spans-per-document", type=int, default=10)
    parser.add_argument("--tracemalloc", action="store_true", help="also trace the Python heap")
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--only", nargs="*", choices=STEPS, default=list(STEPS))
    args = parser.parse_args()
    if args.step:
        run_step(args.step, args.folder, args.tracemalloc)
        return
    folder = scratch_folder(prefix="belannot-bench-")
    store = Store.open(folder / "big.belannot")
    start = time.perf_counter()
    build(store, args.documents, args.spans_per_document)
    # A project at rest: its writes checkpointed out of the WAL into the file.
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(
        f"built {store.document_count()} documents, {store.span_count()} spans "
        f"in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    store.close()
    for step in args.only:
        command = [sys.executable, __file__, "--step", step, "--folder", str(folder)]
        if args.tracemalloc:
            command.append("--tracemalloc")
        subprocess.run(command, check=True)
    print(f"files in {folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
