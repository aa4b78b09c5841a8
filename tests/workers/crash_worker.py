"""A belannot process for the crash and concurrency tests to run, kill and restart.

PROJECT is a project file's path or a team project's postgresql:// URL.

    python crash_worker.py edit PROJECT USER SEED [COUNT]
    python crash_worker.py edit-until PROJECT USER SEED ACKLOG STOPFILE MINIMUM
    python crash_worker.py import PROJECT FOLDER
    python crash_worker.py export PROJECT OUTPUT [FORMAT]

Every line it prints is flushed at once. 'ACK <audit id> <fingerprint>' comes
only after an edit has been committed (Session.run has returned).

edit-until writes, to ACKLOG, one line per committed edit, flushed after the commit
returned: 'ACK <audit id> <own spans and states digest> <monotonic start> <monotonic
done>'; it prints WARM after 5 edits, and stops 5 edits after STOPFILE appears.
import prints its own monotonic clock on START and DONE.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from crash_journal import (  # noqa: E402
    last_audit_id,
    own_fingerprint,
    own_record,
    store_fingerprint,
)
from PySide6.QtCore import QCoreApplication  # noqa: E402

from belannot.core.commands import AddSpan, Batch, DeleteSpan, SetDocumentState, UpdateSpan  # noqa: E402
from belannot.core.formats.exporting import ExportOptions  # noqa: E402
from belannot.core.formats.registry import export  # noqa: E402
from belannot.core.importing.pipeline import import_files  # noqa: E402
from belannot.core.model import DocumentState, Role  # noqa: E402
from belannot.core.store import Store, open_store  # noqa: E402
from belannot.ui.session import Session  # noqa: E402

LABELS = ("actor", "event", "prediction", "quote")
# An attribute each label takes: actor declares none (any goes), the others a choice.
_DECLARED = {
    "event": ("kind", "other"),
    "prediction": ("certainty", "likely"),
    "quote": ("mode", "direct"),
}


def _attributes(rng: random.Random, label: str) -> dict[str, object]:
    if label in _DECLARED:
        name, value = _DECLARED[label]
        return {name: value}
    return {"n": rng.random()}


def say(*words: object) -> None:
    sys.stdout.write(" ".join(str(w) for w in words) + "\n")
    sys.stdout.flush()


def next_command(store: Store, user: str, rng: random.Random, documents: list[str]):
    document = rng.choice(documents)
    length = len(store.document_text(document))
    own = [s for s in store.spans(document) if s.annotator == user]
    roll = rng.random()
    if own and roll < 0.15:
        span = rng.choice(own)
        if rng.random() < 0.5:
            return UpdateSpan(span.id, label=rng.choice([x for x in LABELS if x != span.label]))
        start = rng.randrange(0, length - 1)
        return UpdateSpan(span.id, start=start, end=rng.randrange(start + 1, length))
    if own and roll < 0.25:
        return DeleteSpan(rng.choice(own).id)
    if roll < 0.28:
        return SetDocumentState(document, rng.choice(list(DocumentState)))
    if roll < 0.36:
        return "undo"
    if roll < 0.40:
        return "redo"
    adds = []
    for _ in range(rng.choice((1, 1, 1, 3, 8))):
        start = rng.randrange(0, length - 1)
        end = min(length, start + rng.randrange(1, 40))
        label = rng.choice(LABELS)
        adds.append(AddSpan(document, start, end, label, _attributes(rng, label)))
    return adds[0] if len(adds) == 1 else Batch(f"Add {len(adds)} spans", adds)


def open_session(
    project: str, user_name: str, role: Role = Role.ANNOTATOR
) -> tuple[Store, Session, list[str]]:
    """The project opened for ``user_name``, and the list its session's failures land in."""
    store = open_store(project)
    session = Session(store, store.ensure_user(user_name, role))
    errors: list[str] = []
    session.failed.connect(errors.append)
    return store, session, errors


def step(session: Session, command):
    """Undo, redo or run ``command``, as the window's actions would."""
    if command == "undo":
        return session.undo()
    if command == "redo":
        return session.redo()
    return session.run(command)


def edit(project: str, user_name: str, seed: int, count: int | None) -> int:
    app = QCoreApplication.instance() or QCoreApplication([])
    store, session, errors = open_session(project, user_name)
    rng = random.Random(seed)
    documents = store.document_ids()
    say("READY", last_audit_id(store))
    done = 0
    while count is None or done < count:
        command = next_command(store, user_name, rng, documents)
        changes = step(session, command)
        if errors:
            say("ERROR", errors[0])
            return 3
        if changes:
            done += 1
            say("ACK", last_audit_id(store), store_fingerprint(store))
    say("FINAL", *own_fingerprint(store, user_name))
    store.close()
    del app
    return 0


def edit_until(
    project: str, user_name: str, seed: int, ack_log: str, stop_file: str, minimum: int
) -> int:
    """Edit until 5 edits after ``stop_file`` appeared, logging each commit as it returns."""
    app = QCoreApplication.instance() or QCoreApplication([])
    store, session, errors = open_session(project, user_name)
    rng = random.Random(seed)
    documents = store.document_ids()
    done = after_stop = 0
    with open(ack_log, "w", encoding="utf-8") as log:
        while after_stop < 5 or done < minimum:
            stopping = os.path.exists(stop_file)
            command = next_command(store, user_name, rng, documents)
            began = time.monotonic()
            changes = step(session, command)
            returned = time.monotonic()
            if errors:
                say("ERROR", errors[0])
                return 3
            if not changes:
                continue
            # What this writer knows it committed, recorded the moment the commit returned.
            log.write(f"ACK {last_audit_id(store)} {own_record(store, user_name)} ")
            log.write(f"{began:.6f} {returned:.6f}\n")
            log.flush()
            done += 1
            after_stop += stopping
            if done == 5:
                say("WARM")
    say("FINAL", done)
    store.close()
    del app
    return 0


def run_import(project: str, folder: str) -> int:
    store = open_store(project)
    user = store.ensure_user("importer")
    say("START", store.document_count(), f"{time.monotonic():.6f}")
    seen = 0

    def cancel() -> bool:
        nonlocal seen
        seen += 1
        say("RECORD", seen)
        return False

    report = import_files(store, [folder], user=user, cancel=cancel)
    say("DONE", report.documents_added, f"{time.monotonic():.6f}")
    return 0


def run_export(project: str, output: str, fmt: str = "jsonl") -> int:
    store = open_store(project)
    options = ExportOptions(overwrite=True, progress=lambda done, total: say("WROTE", done))
    say("START", store.document_count())
    (report,) = export(store, fmt, output, options)
    say("DONE", report.documents)
    return 0


def main(argv: list[str]) -> int:
    mode, *args = argv
    if mode == "edit":
        project, user, seed, *rest = args
        return edit(project, user, int(seed), int(rest[0]) if rest else None)
    if mode == "edit-until":
        project, user, seed, ack_log, stop_file, minimum = args
        return edit_until(project, user, int(seed), ack_log, stop_file, int(minimum))
    if mode == "import":
        return run_import(*args)
    if mode == "export":
        return run_export(*args)
    raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
