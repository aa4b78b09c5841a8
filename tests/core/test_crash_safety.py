"""Kill belannot with SIGKILL at random moments: nothing acknowledged is lost, nothing half-done.

A worker process (tests/workers/crash_worker.py) edits through the real Session,
imports, or exports, and reports each committed step; this side kills it at a
random step, reopens the project and checks it. The counts are printed with -s.
"""

from __future__ import annotations

import os
import random
import select
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pytest

from belannot.core.commands import AddSpan
from belannot.core.formats.registry import EXPORT_FORMATS, export
from belannot.core.history import History
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.store import Store
from tests.store_helpers import integrity_check

WORKERS = Path(__file__).resolve().parents[1] / "workers"
sys.path.insert(0, str(WORKERS))

from crash_journal import (  # noqa: E402
    current_state,
    fingerprint,
    replay_audit,
    store_fingerprint,
)

EDIT_KILLS = 40
IMPORT_KILLS = 10
EXPORT_KILLS = 10

pytestmark = pytest.mark.slow


@dataclass
class Run:
    lines: list[str] = field(default_factory=list)
    returncode: int | None = None
    stderr: str = ""


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WORKERS / "crash_worker.py"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def run_and_kill(
    args: list[str], kill_after: str, count: int, rng: random.Random, stretch: float = 1.5
) -> Run:
    """Start a worker; SIGKILL it at a random moment after its ``count``-th ``kill_after``
    line (0: after its first line of any kind).

    The moment is a delay drawn from ``rng``: up to ``stretch`` times the worker's own pace
    so far (its mean time per step, or its start-up time), so the kill lands anywhere in
    a step — mid-transaction, mid-write, between commit and acknowledgement — not only
    right after a line. The delay is a deadline for select() on the worker's output.
    """
    process = start(*args)
    launched = time.monotonic()
    assert process.stdout is not None
    fd = process.stdout.fileno()
    run, pending = Run(), b""
    seen, first, deadline = 0, None, None
    while deadline is None or time.monotonic() < deadline:
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        if not select.select([fd], [], [], wait)[0]:
            continue  # the deadline passed
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break  # the worker ended by itself
        *lines, pending = (pending + chunk).split(b"\n")
        for line in map(bytes.decode, lines):
            run.lines.append(line)
            now = time.monotonic()
            first = now if first is None else first
            seen += line.startswith(kill_after)
            if deadline is None and (seen >= count if count else True):
                pace = (now - first) / count if count else first - launched
                deadline = now + rng.uniform(0, stretch * pace)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    # Whatever it printed before dying is still in the pipe: those were acknowledged too.
    rest, stderr = process.communicate(timeout=60)
    *lines, cut = (pending + rest).split(b"\n")
    run.lines.extend(map(bytes.decode, lines))  # a line cut by the kill is not acknowledged
    run.stderr = stderr.decode(errors="replace")
    run.returncode = process.returncode
    return run


def check_project(path: Path) -> Store:
    store = Store.open(path)
    assert integrity_check(store) == "ok"
    assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
    return store


def check_round(store: Store, acks: list[list[str]], where: str) -> int:
    """After a killed round: nothing half-applied (the tables are exactly what the audit log
    says) and nothing acknowledged lost (replaying up to the last ACK gives what the worker
    saw when it printed it). 1 when a last commit landed before its ACK could be printed."""
    assert replay_audit(store) == current_state(store), where
    if not acks:
        return 0
    audit_id, expected = int(acks[-1][1]), acks[-1][2]
    assert fingerprint(*replay_audit(store, up_to=audit_id)) == expected, where
    return int(store_fingerprint(store) != expected)


@pytest.fixture
def project(tmp_path, alice, corpus_copy) -> Path:
    path = tmp_path / "crash.belannot"
    store = Store.open(path)
    import_files(store, [corpus_copy], user=alice)
    store.close()
    return path


def test_killed_while_editing_every_acknowledged_edit_survives(project, alice):
    rng = random.Random(20260601)
    kills = acknowledged = unacknowledged_commits = 0
    for round_number in range(EDIT_KILLS):
        # Kill sometimes before the first edit (during start-up), mostly mid-stream.
        target = rng.choice([0, 1, 2, 5, 10, 20, 30])
        run = run_and_kill(
            ["edit", str(project), alice.name, str(rng.randrange(1 << 30))], "ACK", target, rng
        )
        assert not any(line.startswith("ERROR") for line in run.lines), run.lines
        assert "Traceback" not in run.stderr, run.stderr
        if run.returncode == -signal.SIGKILL:
            kills += 1
        acks = [line.split() for line in run.lines if line.startswith("ACK")]
        acknowledged += len(acks)

        store = check_project(project)
        try:
            unacknowledged_commits += check_round(store, acks, f"round {round_number}")
        finally:
            store.close()

    # The history survived too: every edit can still be undone, back to no spans at all.
    store = check_project(project)
    history = History(store)
    while history.undo(alice):
        pass
    assert store.span_count() == 0
    store.close()
    print(
        f"\ncrash/edit: {kills} SIGKILLs survived, {acknowledged} acknowledged edits all "
        f"present, {unacknowledged_commits} kills landed between commit and acknowledgement"
    )
    assert kills >= EDIT_KILLS * 0.9
    assert acknowledged > 0


def write_articles(folder: Path, round_number: int, count: int) -> None:
    folder.mkdir(parents=True)
    for number in range(count):
        body = f"Round {round_number}, article {number}. " + "Ministers met again. " * 60
        (folder / f"r{round_number}-{number:04d}.txt").write_text(body, encoding="utf-8")


def killed_imports(
    project: Path,
    tmp_path: Path,
    write: Callable[[Path, int, int], None],
    per_round: int,
    seed: int,
    measure: Callable[[Store], Any],
) -> Iterator[tuple[Any, Any, bool, bool]]:
    """Per round, a folder of ``per_round`` records by ``write`` imported by a worker killed
    after a random record (past the last: right after it says DONE): what ``measure`` finds
    in the checked project before and after, whether it was killed and whether it finished."""
    rng = random.Random(seed)
    for round_number in range(IMPORT_KILLS):
        folder = tmp_path / f"import-{round_number}"
        write(folder, round_number, per_round)
        store = check_project(project)
        was = measure(store)
        store.close()
        target = rng.randrange(1, per_round + 20)
        run = run_and_kill(["import", str(project), str(folder)], "RECORD", target, rng)
        store = check_project(project)
        try:
            now = measure(store)
        finally:
            store.close()
        finished = any(line.startswith("DONE") for line in run.lines)
        yield was, now, run.returncode == -signal.SIGKILL, finished


def audited_documents(store: Store) -> int:
    assert replay_audit(store) == current_state(store)
    return store.document_count()


def test_killed_while_importing_the_project_is_before_or_after_never_between(project, tmp_path):
    per_round = 150
    kills = before = after = 0
    for was, now, killed, finished in killed_imports(
        project, tmp_path, write_articles, per_round, 7, audited_documents
    ):
        kills += killed
        assert now in (was, was + per_round), (was, now)
        if finished:
            assert now == was + per_round
        before += now == was
        after += now == was + per_round
    print(f"\ncrash/import: {kills} SIGKILLs, project before {before}×, after {after}×, between 0×")
    assert kills >= IMPORT_KILLS - 2
    assert before > 0


def write_jsonl_articles(folder: Path, round_number: int, count: int) -> None:
    """Lines of the lean shape (plain spans of known labels): the lean import path's."""
    folder.mkdir(parents=True)
    lines = []
    for number in range(count):
        text = f"Round {round_number}, article {number}: Putin met Lukashenko 😊 in Minsk."
        spans = [
            {"start": text.index(name), "end": text.index(name) + len(name), "label": "actor"}
            for name in ("Putin", "Lukashenko", "Minsk")
        ]
        lines.append(orjson.dumps({"text": text, "spans": spans}))
    (folder / f"r{round_number}.jsonl").write_bytes(b"\n".join(lines) + b"\n")


def counts(store: Store) -> tuple[int, ...]:
    """Documents, texts, search rows, spans and states: each moves with the others or not."""
    return tuple(
        store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("documents", "document_texts", "documents_fts", "spans", "document_states")
    )


def test_killed_while_importing_jsonl_by_the_lean_path_nothing_is_half_written(project, tmp_path):
    # Three batches of the lean path (1,000 documents each), so kills land between writes.
    per_round = 2500
    added = (per_round, per_round, per_round, 3 * per_round, per_round)
    kills = before = after = 0
    for was, now, killed, finished in killed_imports(
        project, tmp_path, write_jsonl_articles, per_round, 19, counts
    ):
        kills += killed
        whole = tuple(w + a for w, a in zip(was, added, strict=True))
        assert now in (was, whole), (was, now)
        if finished:
            assert now == whole
        before += now == was
        after += now == whole
    print(f"\ncrash/jsonl: {kills} SIGKILLs, project before {before}×, after {after}×, between 0×")
    assert kills >= IMPORT_KILLS - 2
    assert before > 0


def test_killed_while_exporting_no_truncated_file_under_the_final_name(project, tmp_path, alice):
    rng = random.Random(11)
    folder = tmp_path / "many"
    write_articles(folder, 99, 300)
    store = Store.open(project)
    import_files(store, [folder], user=alice)
    total = store.document_count()
    store.close()
    output = tmp_path / "out" / "export.jsonl"
    kills = complete = absent = 0
    for round_number in range(EXPORT_KILLS):
        if round_number == EXPORT_KILLS // 2:
            # From here on a complete earlier export sits under the final name: a killed
            # export must leave it whole (os.replace), never a mix or a truncation.
            finished = run_and_kill(["export", str(project), str(output)], "DONE", 1, rng, 0)
            assert any(line.startswith("DONE") for line in finished.lines)
        target = rng.randrange(1, total + 10)
        run = run_and_kill(["export", str(project), str(output)], "WROTE", target, rng)
        if run.returncode == -signal.SIGKILL:
            kills += 1
        if not output.exists():
            assert round_number < EXPORT_KILLS // 2
            absent += 1
            continue
        lines = output.read_bytes().split(b"\n")
        assert lines[-1] == b"", "the file ends mid-line"
        records = [orjson.loads(line) for line in lines[:-1]]
        assert len(records) == total
        complete += 1
    leftovers = list(output.parent.glob("*.part"))
    print(
        f"\ncrash/export: {kills} SIGKILLs; final file absent {absent}×, complete {complete}×, "
        f"truncated 0×; {len(leftovers)} '.part' temporaries left beside it"
    )
    assert all(part.name.startswith(".export.jsonl.") for part in leftovers)
    # Each export clears what the killed ones before it left: one at most remains.
    assert len(leftovers) <= 1
    assert kills >= EXPORT_KILLS - 2
    assert complete >= EXPORT_KILLS // 2


# Every registered format, and brat's second shape (a zip).
EXPORT_TARGETS = [(name, f"out{fmt.suffix}") for name, fmt in EXPORT_FORMATS.items()] + [
    ("brat", "out.zip")
]
KILLS_PER_FORMAT = 2


def content(path: Path) -> object:
    """What an export holds, comparable across runs: a zip's members (its timestamps
    vary), a folder's files (hf's state.json carries a random fingerprint: JSON is enough),
    a file's bytes. A truncated or half-written output fails here or compares unequal."""
    if path.is_dir():
        files = {}
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            data = file.read_bytes()
            files[str(file.relative_to(path))] = (
                sorted(orjson.loads(data)) if file.name == "state.json" else data
            )
        return files
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
            return {name: archive.read(name) for name in archive.namelist()}
    return path.read_bytes()


@pytest.fixture(scope="module")
def export_project(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("export-project")
    path = folder / "export.belannot"
    store = Store.open(path)
    write_articles(folder / "articles", 7, 60)
    import_files(store, [folder / "articles"], user=User("alice"))
    history = History(store)
    for document_id in store.document_ids():
        text = store.document_text(document_id)
        for start in range(0, len(text) - 20, 97):
            history.do(AddSpan(document_id, start, start + 9, "actor"), User("alice"))
    store.close()
    return path


@pytest.mark.parametrize(("fmt", "name"), EXPORT_TARGETS)
def test_killed_while_exporting_any_format_the_output_is_whole_or_absent(
    export_project, tmp_path, fmt, name
):
    reference = tmp_path / "reference" / name
    store = Store.open(export_project)
    export(store, fmt, reference)
    total = store.document_count()
    store.close()
    expected = content(reference)
    rng = random.Random(f"{fmt}-{name}")
    output = tmp_path / "out" / name
    kills = rounds = 0
    # A run may finish before its kill moment comes: then it must have left a whole output.
    while kills < KILLS_PER_FORMAT and rounds < 3 * KILLS_PER_FORMAT:
        if kills == 1 and not output.exists():
            # From here on a complete earlier export sits under the final name.
            output.parent.mkdir(exist_ok=True)
            if reference.is_dir():
                shutil.copytree(reference, output)
            else:
                shutil.copyfile(reference, output)
        had_output = output.exists()
        # Any document, or past the last: spaCy and hf write everything at the end.
        target = rng.randrange(0, total + 1)
        stretch = 1.5 if target < total else float(total)
        run = run_and_kill(
            ["export", str(export_project), str(output), fmt], "WROTE", target, rng, stretch
        )
        rounds += 1
        assert "Traceback" not in run.stderr, run.stderr
        kills += run.returncode == -signal.SIGKILL
        if output.exists():
            assert content(output) == expected, (fmt, rounds)
        else:
            assert not had_output, "a killed export removed the earlier one"
    leftovers = [p.name for p in output.parent.iterdir() if p.name != name]
    # Only hidden scratch names of the last killed run (the next export clears them).
    assert all(n.startswith(f".{name}.") for n in leftovers), leftovers
    assert kills >= 1, (fmt, name, rounds)
