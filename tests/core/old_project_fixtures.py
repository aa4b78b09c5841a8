"""Projects as an older belannot left them, on this run's backend: migration tests run on both."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from belannot.core.model import DEFAULT_LABELS, Label
from tests.old_projects import old_project

LABEL_ROW = "INSERT INTO labels (name, color, hotkey, description, position) VALUES (?, ?, ?, ?, ?)"


def old_team_project(url: str, before: str, labels: Sequence[Label] = DEFAULT_LABELS) -> None:
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
    finally:
        db.close()


@pytest.fixture
def old_project_at(backend, request, tmp_path) -> Iterator[Callable[..., Path | str]]:
    """Makes an old project on this run's backend: ``old_project_at(before, labels)`` returns
    where it is (a file, or a database on the test server) for ``open_store``."""
    made: list[str] = []

    def make(before: str, labels: Sequence[Label] = DEFAULT_LABELS) -> Path | str:
        if backend == "sqlite":
            path = tmp_path / f"old-{len(made)}.belannot"
            old_project(path, before=before, labels=labels)
            return path
        from tests.postgres_server import fresh_database

        url = fresh_database(request.getfixturevalue("postgres_admin_url"))
        made.append(url)
        old_team_project(url, before, labels)
        return url

    yield make
    if made:
        from tests.postgres_server import drop_database

        admin_url = request.getfixturevalue("postgres_admin_url")
        for url in made:
            drop_database(admin_url, url)
