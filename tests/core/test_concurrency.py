"""Several processes on one project: no 'database is locked', no lost update."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from belannot.core.importer import import_files
from belannot.core.store import Store

WORKERS = Path(__file__).resolve().parents[1] / "workers"
sys.path.insert(0, str(WORKERS))

from crash_journal import current_state, own_fingerprint, replay_audit  # noqa: E402

EDITS_PER_PROCESS = 250

pytestmark = pytest.mark.slow


def start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_two_editors_and_an_import_on_one_project(tmp_path, alice, corpus_copy):
    path = tmp_path / "shared.belannot"
    store = Store.open(path)
    import_files(store, [corpus_copy], user=alice)
    documents = store.document_count()
    store.close()
    folder = tmp_path / "incoming"
    folder.mkdir()
    for number in range(200):
        (folder / f"{number}.txt").write_text(f"Incoming article {number}. " + "Talks. " * 80)

    worker = [sys.executable, str(WORKERS / "crash_worker.py")]
    editors = {
        name: start([*worker, "edit", str(path), name, str(seed), str(EDITS_PER_PROCESS)])
        for name, seed in (("alice", 1), ("bob", 2))
    }
    importer = start(
        [
            sys.executable,
            "-m",
            "belannot",
            "--db",
            str(path),
            "--user",
            "carol",
            "import",
            str(folder),
        ]
    )
    outputs = {name: process.communicate(timeout=300) for name, process in editors.items()}
    import_out, import_err = importer.communicate(timeout=300)

    assert importer.returncode == 0, import_err
    assert "200 documents added" in import_out
    finals = {}
    for name, (out, err) in outputs.items():
        assert editors[name].returncode == 0, (name, out[-500:], err)
        assert "locked" not in err and "Traceback" not in err
        lines = out.splitlines()
        assert not [line for line in lines if line.startswith("ERROR")]
        assert sum(line.startswith("ACK") for line in lines) == EDITS_PER_PROCESS
        final = lines[-1].split()
        finals[name] = (int(final[1]), final[2])

    store = Store.open(path)
    try:
        assert store.integrity_check() == "ok"
        assert store.document_count() == documents + 200
        # No lost update: each editor's spans are exactly what it last saw of them, and
        # the tables are exactly the audit log's story of all three processes.
        for name, expected in finals.items():
            assert own_fingerprint(store, name) == expected
        assert replay_audit(store) == current_state(store)
        edits = [e for e in store.audit_log() if e.entity in ("span", "document_state")]
    finally:
        store.close()
    print(
        f"\nconcurrency: 2 editors × {EDITS_PER_PROCESS} committed edits "
        f"({len(edits)} row changes) + a 200-document CLI import at once; 0 lock errors"
    )
