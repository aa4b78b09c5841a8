"""Import and export N generated documents through belannot JSONL; prints seconds and peak memory.

.venv/bin/python benchmarks/bench_import.py [N_DOCUMENTS] [SPANS_PER_DOCUMENT]
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

import orjson

from belannot.core.formats.jsonl import export_jsonl
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.store import Store

SENTENCE = "Lukashenko said Belarus 😊 could join the war, the NATO official told CNN. "


def main() -> None:
    documents = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    spans_per = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    folder = Path(tempfile.mkdtemp())
    source = folder / "in.jsonl"
    with source.open("wb") as out:
        for i in range(documents):
            text = f"Document {i}. " + SENTENCE * spans_per
            offset = len(f"Document {i}. ")
            spans = [
                {
                    "start": offset + k * len(SENTENCE),
                    "end": offset + k * len(SENTENCE) + 10,
                    "label": "actor",
                }
                for k in range(spans_per)
            ]
            out.write(orjson.dumps({"id": f"d{i}", "text": text, "spans": spans}) + b"\n")
    store = Store.open(folder / "p.belannot")
    started = time.perf_counter()
    import_files(store, [source], user=User("bench"))
    imported = time.perf_counter() - started
    started = time.perf_counter()
    export_jsonl(store, folder / "out.jsonl")
    exported = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{documents} documents, {documents * spans_per} spans")
    print(f"import: {imported:.2f} s   export: {exported:.2f} s   peak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
