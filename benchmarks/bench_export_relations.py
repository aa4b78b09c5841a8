"""Export 100,000 documents with 1,000,000 spans and 500,000 relations to JSONL.

Target: within 1.5× the time of the same export without relations. The two projects
are the same documents and spans, one with relations added; their exports alternate
(each in a fresh process) in one sitting and the medians are compared.
Run: .venv/bin/python benchmarks/bench_export_relations.py [--documents N] [--runs R]
(--documents 10000 for a quick look).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from belannot.core.formats.jsonl import export_jsonl
from belannot.core.model import SpanStatus, now_iso
from belannot.core.relations import Relation
from belannot.core.store import Store

sys.path.insert(0, str(Path(__file__).parent))
from bench_formats import build  # noqa: E402
from scratch import scratch_folder  # noqa: E402

SPANS_PER_DOCUMENT = 10
RELATIONS_PER_DOCUMENT = 5
TARGET = 1.5


def add_relations(store: Store, documents: int) -> None:
    """Five relations a document, each joining two of its spans (span i to span i + 1)."""
    stamp = now_iso()

    def relations() -> object:
        for number in range(documents):
            doc_id = f"doc-{number:06d}"
            for index in range(0, 2 * RELATIONS_PER_DOCUMENT, 2):
                yield Relation(
                    f"{doc_id}-r{index}",
                    doc_id,
                    "speaker",
                    f"{doc_id}-{index}",
                    f"{doc_id}-{index + 1}",
                    "alice",
                    SpanStatus.PENDING,
                    None,
                    stamp,
                    stamp,
                )

    with store.transaction():
        store.insert_relations(relations())  # type: ignore[arg-type]


def run_step(project: Path, out: Path) -> None:
    store = Store.open(project)
    start, cpu = time.perf_counter(), time.process_time()
    report = export_jsonl(store, out, overwrite=True)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    store.close()
    print(f"{seconds:.3f} {cpu:.3f} {report.summary()}", flush=True)


def timed(project: Path, out: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one export in a fresh process; CPU is steadier on a busy machine."""
    command = [sys.executable, __file__, "--step", str(project), str(out)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    seconds, cpu, summary = output.strip().split(" ", 2)
    print(f"  {project.name:<16} {float(seconds):6.2f} s ({float(cpu):.2f} s CPU)  {summary}")
    return float(seconds), float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--step", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        run_step(*args.step)
        return
    folder = scratch_folder(prefix="belannot-bench-")
    plain, linked = folder / "plain.belannot", folder / "linked.belannot"
    start = time.perf_counter()
    for path in (plain, linked):
        store = Store.open(path)
        build(store, args.documents, SPANS_PER_DOCUMENT)
        if path == linked:
            add_relations(store, args.documents)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(
            f"built {path.name}: {store.document_count()} documents, {store.span_count()} "
            f"spans, {store.relation_count()} relations",
            flush=True,
        )
        store.close()
    print(f"  in {time.perf_counter() - start:.1f} s", flush=True)
    times: dict[Path, list[tuple[float, float]]] = {plain: [], linked: []}
    for _ in range(args.runs):
        for path in (plain, linked):
            times[path].append(timed(path, folder / f"{path.stem}.jsonl"))
    for kind, which in (("wall", 0), ("CPU", 1)):
        without = statistics.median(run[which] for run in times[plain])
        with_relations = statistics.median(run[which] for run in times[linked])
        ratio = with_relations / without
        verdict = "met" if ratio <= TARGET else "missed"
        print(
            f"{kind}: median without relations {without:.2f} s, with {with_relations:.2f} s: "
            f"{ratio:.2f}× (target ≤ {TARGET}×, {verdict})"
        )
    print(f"files in {folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
