"""lean_import.py's variants (schema and import), each timed beside a plain lean run in pairs.

.venv/bin/python benchmarks/lean_import_variants.py N_DOCUMENTS SPANS_PER_DOCUMENT
    [--rounds R] VARIANT [VARIANT ...]      (a VARIANT may join names with +: fk_at_end+cache64)
.venv/bin/python benchmarks/lean_import_variants.py N S --one VARIANT   (one run, lean's output)

Every variant keeps lean_import.py's checks, one transaction and verified foreign keys. A
schema variant rewrites the new, empty project's spans table after belannot made it (what a
migration would make); the others only change how the import writes. Each round runs the
plain script and the variant as two processes back to back (their order swapped every
round) and prints CPU and wall medians, the ratio of the medians and the load average.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sqlite3
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks.lean_import import SPAN_INDEXES, Options, run

HERE = Path(__file__).resolve().parent


def _rewrite_spans(path: Path, change: Callable[[str], str]) -> None:
    """The spans table made again from its own statement, changed (the project is empty)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")  # relations and links still name spans(id)
    (statement,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'spans'").fetchone()
    conn.execute("BEGIN")
    conn.execute("DROP TABLE spans")
    conn.execute(change(statement))
    for index in SPAN_INDEXES:
        conn.execute(index)
    conn.execute("COMMIT")
    conn.close()


def without_rowid(path: Path) -> None:
    _rewrite_spans(path, lambda sql: sql.rstrip() + " WITHOUT ROWID")


def surrogate(path: Path) -> None:
    # The integer key is the table's own b-tree key; the public id is a unique column.
    _rewrite_spans(
        path,
        lambda sql: sql.replace(
            "id TEXT PRIMARY KEY", "key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE", 1
        ),
    )


def blob_key(path: Path) -> None:
    _rewrite_spans(path, lambda sql: sql.replace("id TEXT PRIMARY KEY", "id BLOB PRIMARY KEY", 1))


def page_size(size: int) -> Callable[[Path], None]:
    def prepare(path: Path) -> None:
        # The page size of a WAL file is fixed: out of WAL, set, VACUUM (an empty file), back.
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute(f"PRAGMA page_size = {size}")
        conn.execute("VACUUM")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.close()

    return prepare


VARIANTS: dict[str, tuple[Options, Callable[[Path], None] | None]] = {
    "without_rowid": (Options(), without_rowid),
    "surrogate": (Options(), surrogate),
    "blob_ids": (Options(blob_ids=True), blob_key),
    "fk_at_end": (Options(fk_at_end=True), None),
    "indexes_after": (Options(indexes_after=True), None),
    "audit_batch": (Options(audit_per_batch=True), None),
    "sync_normal": (Options(synchronous="NORMAL"), None),
    "journal_delete": (Options(journal="DELETE"), None),
    "cache64": (Options(cache_kib=65536), None),
    "page16k": (Options(), page_size(16384)),
}


def variant(spec: str) -> tuple[Options, Callable[[Path], None] | None]:
    """The options and schema rewrites of ``a+b+…`` together (schema ones in order)."""
    changed: dict[str, object] = {}
    prepares = []
    for name in spec.split("+"):
        options, prepare = VARIANTS[name]
        changed |= {
            f.name: getattr(options, f.name)
            for f in dataclasses.fields(options)
            if getattr(options, f.name) != f.default
        }
        if prepare is not None:
            prepares.append(prepare)

    def prepare_all(path: Path) -> None:
        for prepare in prepares:
            prepare(path)

    return Options(**changed), prepare_all  # type: ignore[arg-type]


_FIGURES = re.compile(
    r"import: ([\d.]+) s \(([\d.]+) s CPU: Python ([\d.]+), SQL ([\d.]+)\)\s+process: ([\d.]+) s"
)


def _time(args: list[str]) -> tuple[float, ...]:
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    out = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, check=True
    )
    found = _FIGURES.search(out.stdout)
    assert found, out.stdout + out.stderr
    return tuple(float(g) for g in found.groups())  # wall, cpu, python, sql, process


def compare(documents: int, spans_per: int, spec: str, rounds: int) -> None:
    size = [str(documents), str(spans_per)]
    plain_args = [str(HERE / "lean_import.py"), *size]
    variant_args = [str(HERE / "lean_import_variants.py"), *size, "--one", spec]
    plain, other, ratios, loads = [], [], [], []
    for number in range(rounds):
        loads.append(os.getloadavg()[0])
        if number % 2:
            b, a = _time(variant_args), _time(plain_args)
        else:
            a, b = _time(plain_args), _time(variant_args)
        plain.append(a)
        other.append(b)
        ratios.append(b[1] / a[1])
    med = [statistics.median(column) for column in zip(*plain, strict=True)]
    vmed = [statistics.median(column) for column in zip(*other, strict=True)]
    print(
        f"{spec} {documents}x{spans_per}: CPU {vmed[1]:.2f} vs plain {med[1]:.2f} s "
        f"(ratio {vmed[1] / med[1]:.3f}; pairs {', '.join(f'{r:.3f}' for r in ratios)}); "
        f"SQL {vmed[3]:.2f} vs {med[3]:.2f}; Python {vmed[2]:.2f} vs {med[2]:.2f}; "
        f"import wall {vmed[0]:.2f} vs {med[0]:.2f} ({vmed[0] / med[0]:.3f}); "
        f"process wall {vmed[4]:.2f} vs {med[4]:.2f} ({vmed[4] / med[4]:.3f}); "
        f"load {min(loads):.1f}-{max(loads):.1f}",
        flush=True,
    )


def main() -> None:
    args = sys.argv[1:]
    documents, spans_per = int(args[0]), int(args[1])
    if args[2] == "--one":
        options, prepare = variant(args[3])
        run(documents, spans_per, options, prepare, name=args[3])
        return
    rounds = 3
    if args[2] == "--rounds":
        rounds, args = int(args[3]), args[:2] + args[4:]
    for spec in args[2:]:
        variant(spec)  # an unknown name fails before any run
    for spec in args[2:]:
        compare(documents, spans_per, spec, rounds)


if __name__ == "__main__":
    main()
