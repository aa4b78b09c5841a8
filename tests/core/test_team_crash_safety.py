"""SIGKILL a team project's client mid-edit and mid-import: the server keeps every
acknowledged edit and never half an import.

The same worker and kill pattern as the project file's crash test (test_crash_safety),
on one PostgreSQL database for all rounds; each round is a fresh client process.
"""

from __future__ import annotations

import random
import signal
import sys
from pathlib import Path

import pytest

from belannot.core.history import History
from belannot.core.importing.pipeline import import_files
from belannot.core.store import Store, open_store
from tests.core.test_crash_safety import check_round, run_and_kill, write_articles

WORKERS = Path(__file__).resolve().parents[1] / "workers"
sys.path.insert(0, str(WORKERS))

from crash_journal import current_state, replay_audit  # noqa: E402

# Each round starts a client process: on a busy machine that is seconds, not the suite's
# default two minutes for the whole test.
pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.timeout(600)]

EDIT_KILLS = 40
IMPORT_KILLS = 10
# A round can end by itself before its kill moment (an import that finished): more
# rounds are run until the kills are all done, up to this many times the kills.
MAX_ROUNDS = 2


@pytest.fixture
def team_project(postgres_database, alice, corpus_copy) -> str:
    store = open_store(postgres_database)
    import_files(store, [corpus_copy], user=alice)
    store.close()
    return postgres_database


def check_story(store: Store, where: str) -> None:
    """Nothing half-applied: the tables are exactly what the audit log says."""
    assert replay_audit(store) == current_state(store), where


def test_team_client_killed_while_editing_every_acknowledged_edit_survives(team_project, alice):
    rng = random.Random(20260618)
    kills = rounds = acknowledged = unacknowledged_commits = 0
    while kills < EDIT_KILLS and rounds < MAX_ROUNDS * EDIT_KILLS:
        rounds += 1
        # Sometimes during start-up (opening the server connection), mostly mid-stream.
        target = rng.choice([0, 1, 2, 5, 10, 20, 30])
        seed = str(rng.randrange(1 << 30))
        run = run_and_kill(["edit", team_project, alice.name, seed], "ACK", target, rng)
        assert not any(line.startswith("ERROR") for line in run.lines), run.lines
        assert "Traceback" not in run.stderr, run.stderr
        kills += run.returncode == -signal.SIGKILL
        acks = [line.split() for line in run.lines if line.startswith("ACK")]
        acknowledged += len(acks)

        store = open_store(team_project)
        try:
            unacknowledged_commits += check_round(store, acks, f"round {rounds}")
        finally:
            store.close()

    # Each user's history survived on the server too: all of it undoes, to no spans at all.
    store = open_store(team_project)
    try:
        history = History(store)
        while history.undo(alice):
            pass
        assert store.span_count() == 0
    finally:
        store.close()
    print(
        f"\nteam crash/edit: {kills} SIGKILLs in {rounds} rounds, {acknowledged} acknowledged "
        f"edits all on the server, {unacknowledged_commits} kills between commit and ACK"
    )
    assert kills == EDIT_KILLS
    assert acknowledged > 0


def test_team_client_killed_while_importing_is_before_or_after_never_between(
    team_project, tmp_path
):
    rng = random.Random(18)
    per_round = 150
    kills = rounds = before = after = 0
    while kills < IMPORT_KILLS and rounds < MAX_ROUNDS * IMPORT_KILLS:
        folder = tmp_path / f"import-{rounds}"
        write_articles(folder, rounds, per_round)
        rounds += 1
        store = open_store(team_project)
        documents = store.document_count()
        store.close()
        # Past per_round the import has finished: the kill comes right after DONE.
        target = rng.randrange(1, per_round + 20)
        run = run_and_kill(["import", team_project, str(folder)], "RECORD", target, rng)
        assert "Traceback" not in run.stderr, run.stderr
        finished = any(line.startswith("DONE") for line in run.lines)
        kills += run.returncode == -signal.SIGKILL
        store = open_store(team_project)
        try:
            now = store.document_count()
            assert now in (documents, documents + per_round), (rounds, now, documents)
            if finished:
                assert now == documents + per_round
            before += now == documents
            after += now != documents
            check_story(store, f"round {rounds}")
        finally:
            store.close()
    print(
        f"\nteam crash/import: {kills} SIGKILLs in {rounds} rounds, the project before "
        f"{before}×, after {after}×, between 0×"
    )
    assert kills == IMPORT_KILLS
    assert before > 0
