"""Import and export N generated documents through belannot JSONL; prints seconds and peak memory.

.venv/bin/python benchmarks/bench_import.py [N_DOCUMENTS] [SPANS_PER_DOCUMENT] [--cli] [--existing]

With ``--cli`` it times ``belannot import`` as a whole process instead (start-up included)
into a new project; ``benchmarks/lean_import.py`` is the floor to read it beside. With
``--existing`` the project first holds as many other documents and spans (imported, not
timed), and the import timed is a second, distinct set of the same size.
With ``BELANNOT_BENCH_DB=postgresql://…`` (an empty database) it imports into that team
project instead; the server's own processor time is then in the wall time only.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson
from scratch import scratch_folder

from belannot.core.formats.jsonl import export_jsonl
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.store import Store, open_store

SENTENCE = "Lukashenko said Belarus 😊 could join the war, the NATO official told CNN. "


def write_source(source: Path, documents: int, spans_per: int, *, name: str = "Document") -> None:
    """``documents`` JSONL records of ``spans_per`` spans labelled actor (texts and ids
    differ by ``name``)."""
    with source.open("wb") as out:
        for i in range(documents):
            text = f"{name} {i}. " + SENTENCE * spans_per
            offset = len(f"{name} {i}. ")
            spans = [
                {
                    "start": offset + k * len(SENTENCE),
                    "end": offset + k * len(SENTENCE) + 10,
                    "label": "actor",
                }
                for k in range(spans_per)
            ]
            record_id = f"d{i}" if name == "Document" else f"{name[0].lower()}{i}"
            out.write(orjson.dumps({"id": record_id, "text": text, "spans": spans}) + b"\n")


def main() -> None:
    args = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    documents = int(args[0]) if args else 10_000
    spans_per = int(args[1]) if len(args) > 1 else 10
    folder = scratch_folder()
    source = folder / "in.jsonl"
    write_source(source, documents, spans_per)
    if "--cli" in sys.argv:
        command = [sys.executable, "-m", "belannot", "--db", str(folder / "p.belannot")]
        command += ["--user", "bench", "import", str(source)]
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        print(f"{documents} documents, {documents * spans_per} spans")
        print(f"belannot import, whole process: {time.perf_counter() - started:.2f} s")
        return
    store = open_store(os.environ.get("BELANNOT_BENCH_DB") or folder / "p.belannot")
    if "--existing" in sys.argv:
        earlier = folder / "earlier.jsonl"
        write_source(earlier, documents, spans_per, name="Earlier")
        import_files(store, [earlier], user=User("bench"))
        earlier.unlink()
    sql = [0.0]
    kind = type(store)
    write = kind.insert_import_batch

    def timed(self: Store, *rows: Any) -> None:  # the CPU time of the batches' SQL
        begun = time.process_time()
        write(self, *rows)
        sql[0] += time.process_time() - begun

    kind.insert_import_batch = timed  # type: ignore[method-assign]
    started = time.perf_counter()
    cpu = time.process_time()
    import_files(store, [source], user=User("bench"))
    imported = time.perf_counter() - started
    imported_cpu = time.process_time() - cpu
    started = time.perf_counter()
    export_jsonl(store, folder / "out.jsonl")
    exported = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{documents} documents, {documents * spans_per} spans")
    print(
        f"import: {imported:.2f} s ({imported_cpu:.2f} s CPU, batches' SQL {sql[0]:.2f})   "
        f"export: {exported:.2f} s   "
        f"peak RSS: {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
