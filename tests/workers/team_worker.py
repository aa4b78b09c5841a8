"""One client of the team concurrency test: an annotator, a reviewer or an importer.

    python team_worker.py annotate PROJECT USER SEED ACKLOG STOPFILE DOCUMENTS
    python team_worker.py review PROJECT USER SEED ACKLOG STOPFILE DOCUMENTS
    python team_worker.py import PROJECT FOLDER ACKLOG STOPFILE

DOCUMENTS is how many of the project's first documents the editors share (so they
collide). Each committed step goes to ACKLOG the moment its commit returned, read in
one snapshot: 'ACK <last audit id> <own digest> <touched span ids|-> <their digest>'.
A refusal goes there as 'REFUSED <message>'; the importer logs 'BATCH <name> <added>'.
Every client prints WARM once it has committed, and stops (printing FINAL) at its first
step after STOPFILE appears. It then waits for a line on stdin (every other client has
stopped) and prints 'STATE <digest>': every document's spans and states as it reads them.
"""

from __future__ import annotations

import contextlib
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from crash_journal import fingerprint, owned_record, touched_digest  # noqa: E402
from crash_worker import LABELS, next_command, open_session, say, step  # noqa: E402
from PySide6.QtCore import QCoreApplication  # noqa: E402

from belannot.core.importing.pipeline import import_files  # noqa: E402
from belannot.core.model import Role, SpanStatus  # noqa: E402
from belannot.core.review import ApproveSpan, CorrectSpan, RejectSpan, ResetReview  # noqa: E402
from belannot.core.store import Store, is_team_location, open_store, span_to_row  # noqa: E402


@contextlib.contextmanager
def snapshot(store: Store) -> Iterator[None]:
    """Reads that all see one committed state (no other client's commit between them)."""
    team = is_team_location(store.location)
    store.db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" if team else "BEGIN")
    try:
        yield
    finally:
        store.db.execute("ROLLBACK")


def last_audit_id(store: Store) -> int:
    return int(store.db.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0])


def acknowledge(store: Store, user: str, span_ids: frozenset[str]) -> str:
    """The ACK line of a commit that has just returned."""
    with snapshot(store):
        audit_id = last_audit_id(store)
        own = owned_record(store, user)
        touched = sorted(span_ids)
        rows = {i: span_to_row(s) if (s := store.span(i)) else None for i in touched}
    return f"ACK {audit_id} {own} {','.join(touched) or '-'} {touched_digest(rows)}"


def review_command(store: Store, user: str, rng: random.Random, documents: list[str]):
    """A reviewer's next decision, on a span seen a moment ago (its annotator may be
    deleting it right now: the documented conflict)."""
    document = rng.choice(documents)
    spans = [s for s in store.spans(document) if s.annotator != user]
    if not spans:
        return None
    pending = [s for s in spans if s.status is SpanStatus.PENDING] or spans
    span = rng.choice(pending)
    roll = rng.random()
    if roll < 0.45:
        return ApproveSpan(span.id)
    if roll < 0.75:
        return RejectSpan(span.id)
    if roll < 0.9:
        return CorrectSpan(span.id, label=rng.choice([x for x in LABELS if x != span.label]))
    if roll < 0.95:
        return ResetReview(span.id)
    return "undo"


def edit(project: str, user: str, seed: int, ack_log: str, stop_file: str, shared: int,
         role: Role) -> int:  # fmt: skip
    app = QCoreApplication.instance() or QCoreApplication([])
    store, session, errors = open_session(project, user, role)
    rng = random.Random(seed)
    documents = store.document_ids()[:shared]
    done = 0
    with open(ack_log, "w", encoding="utf-8") as log:
        while not (done and os.path.exists(stop_file)):
            if role is Role.REVIEWER:
                command = review_command(store, user, rng, documents)
                if command is None:
                    continue
            else:
                command = next_command(store, user, rng, documents)
            changes = step(session, command)
            if errors:
                log.write(f"REFUSED {errors.pop()}\n")
                log.flush()
                continue
            if not changes:
                continue
            log.write(acknowledge(store, user, changes.span_ids) + "\n")
            log.flush()
            done += 1
            if done == 1:
                say("WARM")
    say("FINAL", done)
    sys.stdin.readline()
    say("STATE", read_state(store))
    store.close()
    del app
    return 0


def read_state(store: Store) -> str:
    """Every document's spans and states, read as a window reads them (per document)."""
    spans: dict[str, dict] = {}
    states: dict = {}
    for document_id in store.document_ids():
        spans.update((s.id, span_to_row(s)) for s in store.spans(document_id))
        for annotator, state in store.document_states(document_id).items():
            row = {"document_id": document_id, "annotator": annotator, "state": state}
            states[(document_id, annotator)] = row
    return fingerprint(spans, states)


def run_imports(project: str, folder: str, ack_log: str, stop_file: str) -> int:
    store = open_store(project)
    user = store.ensure_user("importer")
    batches = sorted(Path(folder).iterdir())
    with open(ack_log, "w", encoding="utf-8") as log:
        for number, batch in enumerate(batches):
            if number and os.path.exists(stop_file):
                break
            report = import_files(store, [batch], user=user)
            log.write(f"BATCH {batch.name} {report.documents_added}\n")
            log.flush()
            if number == 0:
                say("WARM")
    say("FINAL", number)
    sys.stdin.readline()
    say("STATE", read_state(store))
    store.close()
    return 0


def main(argv: list[str]) -> int:
    mode, project, *args = argv
    if mode in ("annotate", "review"):
        user, seed, ack_log, stop_file, shared = args
        role = Role.REVIEWER if mode == "review" else Role.ANNOTATOR
        return edit(project, user, int(seed), ack_log, stop_file, int(shared), role)
    if mode == "import":
        return run_imports(project, *args)
    raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
