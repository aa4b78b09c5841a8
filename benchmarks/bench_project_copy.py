"""Time ``belannot project copy`` file → server → file: the bundled corpus and N documents.

.venv/bin/python benchmarks/bench_project_copy.py ADMIN_URL [N_DOCUMENTS] [SPANS_PER_DOCUMENT]

ADMIN_URL is a PostgreSQL superuser's URL; each copy goes into a database made for it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from scratch import scratch_folder

from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.packaged import corpus_path
from belannot.core.store import Store
from benchmarks.bench_import import write_source
from tests.postgres_server import drop_database, fresh_database


def timed_copy(source: str, destination: str) -> float:
    command = [sys.executable, "-m", "belannot", "project", "copy", source, destination]
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def round_trip(name: str, project: Path, admin_url: str, folder: Path) -> None:
    server = fresh_database(admin_url)
    try:
        up = timed_copy(str(project), server)
        down = timed_copy(server, str(folder / f"{name}-back.belannot"))
    finally:
        drop_database(admin_url, server)
    print(f"{name}: file → server {up:.2f} s, server → file {down:.2f} s (whole processes)")


def main() -> None:
    admin_url = sys.argv[1]
    documents = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    spans_per = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    folder = scratch_folder()
    corpus = folder / "corpus.belannot"
    store = Store.open(corpus)
    import_files(store, [corpus_path()], user=User("bench"), fmt="txt")
    store.close()
    round_trip("bundled corpus", corpus, admin_url, folder)
    source = folder / "in.jsonl"
    write_source(source, documents, spans_per)
    generated = folder / "generated.belannot"
    store = Store.open(generated)
    import_files(store, [source], user=User("bench"))
    store.close()
    round_trip(f"{documents} documents × {spans_per} spans", generated, admin_url, folder)


if __name__ == "__main__":
    main()
