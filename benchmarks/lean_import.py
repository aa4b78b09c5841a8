"""The floor for bench_import.py: its rows, checks, search index, states and audit by a bare loop.

.venv/bin/python benchmarks/lean_import.py [N_DOCUMENTS] [SPANS_PER_DOCUMENT]

The project file (its schema) is made by belannot and closed; everything after is plain
sqlite3 and orjson: no records, no store, no operations. What it checks per span is what
the fast import path checks (types, offsets against the text, a known label and user, a
span id unique in the record and the project, a duplicate key); the documents are looked
up by content hash and id a batch at a time, as the import does. It prints the seconds of
the import alone and of the whole process, and the CPU time of its Python and SQL parts.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import orjson

_STARTED = time.perf_counter()

from belannot.core.store import Store  # noqa: E402
from belannot.core.store.rows import (  # noqa: E402
    INSERT_AUDIT,
    INSERT_DOCUMENT,
    INSERT_SPAN,
    INSERT_TEXT,
    WRITE_STATE,
)
from benchmarks.bench_import import write_source  # noqa: E402

BATCH = 1000
USER = "bench"


def span_ids() -> Iterator[str]:
    """Time-ordered ids as the import makes them (version 7: milliseconds, counter, random)."""
    last = 0
    while True:
        tick = max(time.time_ns() // 1_000_000 << 12, last + 1)
        last = tick
        h = f"{tick >> 12:012x}"
        bits = int.from_bytes(os.urandom(8)) >> 2
        middle, end = 0x8000 | bits >> 48, bits & 0xFFFFFFFFFFFF
        yield f"{h[:8]}-{h[8:]}-7{tick & 0xFFF:03x}-{middle:04x}-{end:012x}"


def lean_import(path: Path, source: Path) -> tuple[float, float]:
    """Import ``source`` into the project at ``path``; (Python seconds, SQL seconds)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    labels = {row[0] for row in conn.execute("SELECT name FROM labels")}
    ids = span_ids()
    sql = 0.0
    started = time.process_time()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(
        "INSERT OR IGNORE INTO users (name, role, created) VALUES (?, 'annotator', ?)",
        [USER, time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())],
    )
    position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM documents").fetchone()[0]
    documents: list[tuple[object, ...]] = []
    texts, spans, states, audit = [], [], [], []
    hashes: set[str] = set()

    def flush() -> float:
        t = time.process_time()
        known = {
            row[0]
            for row in conn.execute(
                "SELECT content_hash FROM documents WHERE content_hash IN "
                "(SELECT value FROM json_each(?))",
                [orjson.dumps([d[7] for d in documents]).decode()],
            )
        }
        assert not known
        first, last = documents[0][1], documents[-1][1]
        conn.executemany(INSERT_DOCUMENT, documents)
        conn.executemany(INSERT_TEXT, texts)
        conn.execute(
            "INSERT INTO documents_fts (rowid, title, text) SELECT d.rowid, d.title, t.text "
            "FROM documents d JOIN document_texts t ON t.document_id = d.id "
            "WHERE d.position BETWEEN ? AND ? ORDER BY d.position",
            [first, last],
        )
        conn.executemany(INSERT_SPAN, spans)
        conn.executemany(WRITE_STATE, states)
        conn.executemany(INSERT_AUDIT, audit)
        for rows in (documents, texts, spans, states, audit):
            rows.clear()
        return time.process_time() - t

    with source.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            data = orjson.loads(raw)
            text, doc_id = data["text"], data["id"]
            if type(text) is not str or not text or type(doc_id) is not str:
                raise SystemExit(f"{source}:{number}: bad record")
            digest = hashlib.sha256(text.encode()).hexdigest()
            if digest in hashes:
                raise SystemExit(f"{source}:{number}: known text")
            hashes.add(digest)
            length = len(text)
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
            keys = set()
            for index, span in enumerate(data["spans"]):
                start, end, label = span["start"], span["end"], span["label"]
                if type(start) is not int or type(end) is not int or not 0 <= start < end <= length:
                    raise SystemExit(f"{source}:{number}: spans[{index}]: bad offsets")
                if label not in labels:
                    raise SystemExit(f"{source}:{number}: spans[{index}].label: unknown")
                key = (start, end, label, USER)
                if key in keys:
                    raise SystemExit(f"{source}:{number}: spans[{index}]: duplicate")
                keys.add(key)
                spans.append(
                    (
                        next(ids),
                        doc_id,
                        start,
                        end,
                        label,
                        USER,
                        "pending",
                        None,
                        None,
                        stamp,
                        stamp,
                        "{}",
                        None,
                    )  # fmt: skip
                )
            documents.append(
                (doc_id, position, "", None, None, None, None, digest, length, "{}", stamp)
            )
            position += 1
            texts.append((doc_id, text))
            states.append((doc_id, USER, "done", stamp))
            added = orjson.dumps({"title": "", "content_hash": digest, "chars": length}).decode()
            came = orjson.dumps({"source_file": str(source), "line": number, "spans": len(keys)})
            audit.append((stamp, USER, "add document", "document", doc_id, doc_id, None, added))
            audit.append((stamp, USER, "import", "document", doc_id, doc_id, None, came.decode()))
            if len(documents) >= BATCH:
                sql += flush()
    if documents:
        sql += flush()
    t = time.process_time()
    conn.execute("COMMIT")
    sql += time.process_time() - t
    conn.close()
    return time.process_time() - started - sql, sql


def main() -> None:
    documents = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    spans_per = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    folder = Path(tempfile.mkdtemp())
    source = folder / "in.jsonl"
    write_source(source, documents, spans_per)
    Store.open(folder / "p.belannot").close()
    started = time.perf_counter()
    python, sql = lean_import(folder / "p.belannot", source)
    imported = time.perf_counter() - started
    print(f"{documents} documents, {documents * spans_per} spans (lean)")
    print(
        f"import: {imported:.2f} s ({python + sql:.2f} s CPU: Python {python:.2f}, "
        f"SQL {sql:.2f})   "
        f"process: {time.perf_counter() - _STARTED:.2f} s"
    )


if __name__ == "__main__":
    main()
