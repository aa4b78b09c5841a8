"""Several processes on one project: no 'database is locked', no lost update."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from belannot.core.importing.pipeline import import_files
from belannot.core.store import Store
from tests.store_helpers import integrity_check

WORKERS = Path(__file__).resolve().parents[1] / "workers"
sys.path.insert(0, str(WORKERS))

from crash_journal import current_state, fingerprint, own_subset, replay_audit  # noqa: E402

pytestmark = pytest.mark.slow


def start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


@dataclass(frozen=True)
class Ack:
    """One committed edit, as its writer recorded it when the commit returned."""

    audit_id: int
    own: str
    began: float
    returned: float


def read_acks(path: Path) -> list[Ack]:
    acks = []
    for line in path.read_text(encoding="utf-8").splitlines():
        tag, audit_id, own, began, returned = line.split()
        assert tag == "ACK", line
        acks.append(Ack(int(audit_id), own, float(began), float(returned)))
    return acks


def check_every_ack(store: Store, acks: dict[str, list[Ack]]) -> int:
    """Replay the audit log once; after each writer's acknowledged commit its own spans and
    states are what it recorded then. A lost update (another writer's commit undoing or
    overwriting one of them) breaks the chain at that point. Returns how many were checked."""
    pending = sorted((ack.audit_id, name, ack.own) for name, items in acks.items() for ack in items)
    checked = 0

    def compare(spans: dict, states: dict, name: str, own: str, audit_id: int) -> None:
        assert fingerprint(*own_subset(spans, states, name)) == own, (name, audit_id)

    def at(entry_id: int, spans: dict, states: dict) -> None:
        nonlocal checked
        while checked < len(pending) and pending[checked][0] < entry_id:
            audit_id, name, own = pending[checked]
            compare(spans, states, name, own, audit_id)
            checked += 1

    spans, states = replay_audit(store, at=at)
    for audit_id, name, own in pending[checked:]:
        compare(spans, states, name, own, audit_id)
    return len(pending)


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
    stop = tmp_path / "stop"
    logs = {name: tmp_path / f"{name}.acks" for name in ("alice", "bob")}
    editors = {
        name: start(
            [*worker, "edit-until", str(path), name, str(seed), str(logs[name]), str(stop), "250"]
        )
        for name, seed in (("alice", 1), ("bob", 2))
    }
    # The import starts once both editors are editing, and they go on after it ended.
    for name, editor in editors.items():
        assert editor.stdout is not None
        assert editor.stdout.readline().strip() == "WARM", name
    importer = start([*worker, "import", str(path), str(folder)])
    import_out, import_err = importer.communicate(timeout=300)
    stop.touch()
    outputs = {name: process.communicate(timeout=300) for name, process in editors.items()}

    assert importer.returncode == 0, import_err
    marks = {line.split()[0]: line.split() for line in import_out.splitlines()}
    assert marks["DONE"][1] == "200", import_out
    import_began, import_ended = float(marks["START"][2]), float(marks["DONE"][2])
    acks = {}
    for name, (out, err) in outputs.items():
        assert editors[name].returncode == 0, (name, out[-500:], err)
        assert "locked" not in err and "Traceback" not in err
        assert not [line for line in out.splitlines() if line.startswith("ERROR")]
        acks[name] = read_acks(logs[name])
        assert int(out.split()[-1]) == len(acks[name]) >= 250

    # The import really ran among the editors (the workers' own monotonic clocks): each
    # editor committed before it began and after it ended, and an edit was in flight while
    # the import held the project.
    every = [ack for items in acks.values() for ack in items]
    for name, items in acks.items():
        assert items[0].returned < import_began and items[-1].began > import_ended, name
    during = [a for a in every if a.began < import_ended and a.returned > import_began]
    assert during, (import_began, import_ended)

    store = Store.open(path)
    try:
        assert integrity_check(store) == "ok"
        assert store.document_count() == documents + 200
        # No lost update, checked at every acknowledged commit against the audit log's story
        # of all three processes; and the tables are exactly that story's end.
        checked = check_every_ack(store, acks)
        assert replay_audit(store) == current_state(store)
        for name, items in acks.items():
            assert fingerprint(*own_subset(*current_state(store), name)) == items[-1].own
        edits = [e for e in store.audit_log() if e.entity in ("span", "document_state")]
    finally:
        store.close()
    print(
        f"\nconcurrency: 2 editors, {checked} acknowledged commits each checked "
        f"({len(edits)} row changes), {len(during)} in flight during a 200-document "
        "import; 0 lock errors"
    )
