"""A team project's writers queue on one lock; each one, once it has it, reads what the one
before it committed, whatever the server's default isolation level."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from psycopg import sql

from belannot.core.commands import AddSpan, UpdateSpan
from belannot.core.history import History
from belannot.core.importing.pipeline import import_files
from belannot.core.store import open_store
from tests.postgres_server import database_name

pytestmark = pytest.mark.postgres


def waiting_for_the_write_lock(admin_url: str, database: str) -> bool:
    with psycopg.connect(admin_url, autocommit=True) as admin:
        row = admin.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
            "WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = %s",
            [database],
        ).fetchone()
    return bool(row and row[0])


@pytest.mark.parametrize("isolation", ["repeatable read", "serializable"])
def test_the_next_writer_reads_the_commit_it_queued_behind(
    postgres_admin_url, postgres_database, alice, corpus_copy, isolation
):
    name = database_name(postgres_database)
    with psycopg.connect(postgres_admin_url, autocommit=True) as admin:
        # Some servers are set up so; a belannot write must not read an older snapshot.
        admin.execute(
            sql.SQL("ALTER DATABASE {} SET default_transaction_isolation = {}").format(
                sql.Identifier(name), sql.Literal(isolation)
            )
        )
    first, second = open_store(postgres_database), open_store(postgres_database)
    try:
        import_files(first, [corpus_copy], user=alice)
        document = first.document_ids()[0]
        history = History(first)
        history.do(AddSpan(document, 0, 5, "actor"), alice)
        (span,) = first.spans(document)
        seen: dict[str, str] = {}

        def write_next() -> None:
            with second.transaction():
                found = second.span(span.id)
                seen["label"] = found.label if found else "gone"

        with first.transaction():
            history.do(UpdateSpan(span.id, label="event"), alice)
            queued = threading.Thread(target=write_next)
            queued.start()
            deadline = time.monotonic() + 30
            while not waiting_for_the_write_lock(postgres_admin_url, name):
                assert time.monotonic() < deadline, "the second writer never queued"
        queued.join(timeout=30)
        assert seen == {"label": "event"}
    finally:
        first.close()
        second.close()
