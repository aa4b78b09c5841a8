"""The floor for bench_import.py: its rows, checks, search index, states and audit by a bare loop.

.venv/bin/python benchmarks/lean_import.py [N_DOCUMENTS] [SPANS_PER_DOCUMENT]

The project file (its schema) is made by belannot and closed; everything after is plain
sqlite3 and orjson: no records, no store, no operations. What it checks per span is what
the fast import path checks (types, offsets against the text, a known label and user, a
span id unique in the record and the project, a duplicate key); the documents are looked
up by content hash and id a batch at a time, as the import does. It prints the seconds of
the import alone and of the whole process, and the CPU time of its Python and SQL parts.
``Options`` switches the variants that ``lean_import_variants.py`` measures against it.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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
SPAN_INDEXES = (
    'CREATE INDEX spans_by_document ON spans (document_id, start, "end")',
    "CREATE INDEX spans_by_annotator ON spans (annotator, document_id)",
)
FILL_FTS = (
    "INSERT INTO documents_fts (rowid, title, text) SELECT d.rowid, d.title, t.text "
    "FROM documents d JOIN document_texts t ON t.document_id = d.id "
    "WHERE d.position BETWEEN ? AND ? ORDER BY d.position"
)


@dataclass(frozen=True)
class Options:
    """What a variant does differently; the default is the plain lean import."""

    fk_at_end: bool = False  # foreign keys off, one foreign_key_check before the commit
    indexes_after: bool = False  # span indexes and the search index built after the load
    audit_per_batch: bool = False  # one audit row per batch, not two per document
    blob_ids: bool = False  # span ids as 16 bytes, not 36 characters
    synchronous: str = "FULL"
    journal: str = ""  # a journal mode for the import alone (WAL again after it)
    cache_kib: int = 0


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


def blob_span_ids() -> Iterator[bytes]:
    """The same version 7 ids as their 16 bytes."""
    last = 0
    while True:
        tick = max(time.time_ns() // 1_000_000 << 12, last + 1)
        last = tick
        bits = int.from_bytes(os.urandom(8)) >> 2
        value = (tick >> 12) << 80 | 0x7000 << 64 | (tick & 0xFFF) << 64 | 0b10 << 62 | bits
        yield value.to_bytes(16)


# The span at fault when the check gives no rowid (a WITHOUT ROWID table): by its key.
_ORPHAN_SPAN = (
    "SELECT s.document_id FROM spans s WHERE s.document_id NOT IN (SELECT id FROM documents) "
    "OR s.label NOT IN (SELECT name FROM labels) OR s.annotator NOT IN (SELECT name FROM users)"
)


def check_foreign_keys(conn: sqlite3.Connection, source: Path, first: int) -> None:
    """One check of every foreign key; a violating span is named by its record's line."""
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        where = "?"
        if table == "spans":
            row = conn.execute(
                "SELECT document_id FROM spans WHERE rowid = ?" if rowid else _ORPHAN_SPAN,
                [rowid] if rowid else [],
            ).fetchone()
            # Documents take positions in their lines' order: the position gives the line.
            found = (
                row
                and conn.execute("SELECT position FROM documents WHERE id = ?", [row[0]]).fetchone()
            )
            where = str(found[0] - first + 1) if found else "?"
        raise SystemExit(f"{source}:{where}: {table}: unknown {parent}")


def lean_import(path: Path, source: Path, options: Options = Options()) -> tuple[float, float]:
    """Import ``source`` into the project at ``path``; (Python seconds, SQL seconds)."""
    conn = sqlite3.connect(path, isolation_level=None)
    if options.journal:
        conn.execute(f"PRAGMA journal_mode = {options.journal}")
    conn.execute(f"PRAGMA synchronous = {options.synchronous}")
    conn.execute(f"PRAGMA foreign_keys = {'OFF' if options.fk_at_end else 'ON'}")
    if options.cache_kib:
        conn.execute(f"PRAGMA cache_size = -{options.cache_kib}")
    labels = {row[0] for row in conn.execute("SELECT name FROM labels")}
    ids: Iterator[str | bytes] = blob_span_ids() if options.blob_ids else span_ids()
    per_document = not options.audit_per_batch
    sql = 0.0
    started = time.process_time()
    conn.execute("BEGIN IMMEDIATE")
    if options.indexes_after:
        conn.execute("DROP INDEX spans_by_document")
        conn.execute("DROP INDEX spans_by_annotator")
    conn.execute(
        "INSERT OR IGNORE INTO users (name, role, created) VALUES (?, 'annotator', ?)",
        [USER, time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())],
    )
    position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM documents").fetchone()[0]
    start_position = position
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
        if not options.indexes_after:
            conn.execute(FILL_FTS, [first, last])
        conn.executemany(INSERT_SPAN, spans)
        conn.executemany(WRITE_STATE, states)
        if per_document:
            conn.executemany(INSERT_AUDIT, audit)
        else:
            # One row for the batch: every document's facts (and its line) in one JSON list.
            after = orjson.dumps({"source_file": str(source), "documents": audit}).decode()
            batch = (documents[-1][-1], USER, "import", "batch", documents[0][0], None, None, after)
            conn.execute(INSERT_AUDIT, batch)
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
            if per_document:
                added = orjson.dumps({"title": "", "content_hash": digest, "chars": length})
                came = orjson.dumps(
                    {"source_file": str(source), "line": number, "spans": len(keys)}
                )
                audit.append(
                    (stamp, USER, "add document", "document", doc_id, doc_id, None, added.decode())
                )
                audit.append(
                    (stamp, USER, "import", "document", doc_id, doc_id, None, came.decode())
                )
            else:
                audit.append(
                    {
                        "id": doc_id,
                        "content_hash": digest,
                        "chars": length,
                        "line": number,
                        "spans": len(keys),
                    }  # fmt: skip
                )
            if len(documents) >= BATCH:
                sql += flush()
    if documents:
        sql += flush()
    t = time.process_time()
    if options.indexes_after:
        for statement in SPAN_INDEXES:
            conn.execute(statement)
        conn.execute(FILL_FTS, [start_position, position - 1])
    if options.fk_at_end:
        check_foreign_keys(conn, source, start_position)
    conn.execute("COMMIT")
    if options.journal:
        conn.execute("PRAGMA journal_mode = WAL")
    sql += time.process_time() - t
    conn.close()
    return time.process_time() - started - sql, sql


def run(
    documents: int,
    spans_per: int,
    options: Options = Options(),
    prepare: Callable[[Path], None] | None = None,
    name: str = "lean",
) -> None:
    """Write the source, make the project (``prepare`` may rewrite its schema), import, print."""
    # Removed after: a million spans leave ~0.6 GB behind, and rounds of runs fill the disk.
    with tempfile.TemporaryDirectory() as name_of_folder:
        folder = Path(name_of_folder)
        source = folder / "in.jsonl"
        write_source(source, documents, spans_per)
        Store.open(folder / "p.belannot").close()
        if prepare is not None:
            prepare(folder / "p.belannot")
        started = time.perf_counter()
        python, sql = lean_import(folder / "p.belannot", source, options)
        imported = time.perf_counter() - started
    print(f"{documents} documents, {documents * spans_per} spans ({name})")
    print(
        f"import: {imported:.2f} s ({python + sql:.2f} s CPU: Python {python:.2f}, "
        f"SQL {sql:.2f})   "
        f"process: {time.perf_counter() - _STARTED:.2f} s"
    )


def main() -> None:
    documents = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    spans_per = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    run(documents, spans_per)


if __name__ == "__main__":
    main()
