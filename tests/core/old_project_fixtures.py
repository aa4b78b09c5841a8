"""Projects as an older belannot left them, on this run's backend: migration tests run on both."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from pathlib import Path

import pytest

from belannot.core.model import DEFAULT_LABELS, Label
from belannot.core.store import Store
from tests.old_projects import old_project

LABEL_ROW = "INSERT INTO labels (name, color, hotkey, description, position) VALUES (?, ?, ?, ?, ?)"


def old_team_project(
    url: str, before: str, labels: Sequence[Label] = DEFAULT_LABELS, rows: Sequence[str] = ()
) -> None:
    """The team project at ``url`` with every migration before ``before`` run, and ``labels``."""
    import psycopg

    from belannot.core.model import now_iso
    from belannot.core.store.postgres import schema
    from belannot.core.store.postgres.database import PostgresDatabase

    db = PostgresDatabase(psycopg.connect(url, autocommit=True))
    try:
        db.execute(
            f"CREATE TABLE belannot_migrations (step BIGINT PRIMARY KEY, name {schema.T} "
            f"NOT NULL UNIQUE, applied_at {schema.T} NOT NULL)"
        )
        names = [name for name, _ in schema.MIGRATIONS]
        for step, (name, run) in enumerate(schema.MIGRATIONS[: names.index(before)], start=1):
            run(db)
            db.execute(
                "INSERT INTO belannot_migrations (step, name, applied_at) VALUES (?, ?, ?)",
                [step, name, now_iso()],
            )
        for label in labels:
            db.execute(
                LABEL_ROW,
                [label.name, label.color, label.hotkey, label.description, label.position],
            )
        for statement in rows:
            db.execute(statement)
    finally:
        db.close()


@pytest.fixture
def old_project_at(backend, request, tmp_path) -> Iterator[Callable[..., Path | str]]:
    """Makes an old project on this run's backend: ``old_project_at(before, labels, rows)``
    (``rows``: INSERT statements run after the labels) returns where it is (a file, or a
    database on the test server) for ``open_store``."""
    made: list[str] = []

    def make(
        before: str, labels: Sequence[Label] = DEFAULT_LABELS, rows: Sequence[str] = ()
    ) -> Path | str:
        if backend == "sqlite":
            path = tmp_path / f"old-{len(made)}.belannot"
            old_project(path, before=before, labels=labels)
            with closing(sqlite3.connect(path)) as conn:
                for statement in rows:
                    conn.execute(statement)
                conn.commit()
            return path
        from tests.postgres_server import fresh_database

        url = fresh_database(request.getfixturevalue("postgres_admin_url"))
        made.append(url)
        old_team_project(url, before, labels, rows)
        return url

    yield make
    if made:
        from tests.postgres_server import drop_database

        admin_url = request.getfixturevalue("postgres_admin_url")
        for url in made:
            drop_database(admin_url, url)


def applied_migrations(store: Store) -> list[str]:
    """The names of the migrations the project has run, on either backend."""
    from belannot.core.store.postgres import PostgresStore, schema

    if isinstance(store, PostgresStore):
        return schema.applied(store.pg)
    from belannot.core import schema as file_schema

    return [migration.name for migration in file_schema.migrations.applied(store.db)]
