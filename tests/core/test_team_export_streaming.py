"""A team project's export streams read through server-side cursors, a chunk at a time,
so that a million spans never sit whole in the client."""

from __future__ import annotations

from typing import Any

import orjson
import psycopg
import pytest

from belannot.core.formats.jsonl import export_jsonl
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.store import SpanFilter, open_store
from belannot.core.store.exports import SpanJsonShape
from belannot.core.store.postgres import database

pytestmark = pytest.mark.postgres


class _CountingCursor(psycopg.ServerCursor[Any]):
    """A server-side cursor that counts the rows of each fetch from the server."""

    fetches: list[int] = []

    def fetchmany(self, size: int = 0) -> list[Any]:
        rows = super().fetchmany(size)
        _CountingCursor.fetches.append(len(rows))
        return rows


@pytest.fixture
def team(postgres_database, alice: User, tmp_path):
    source = tmp_path / "in.jsonl"
    with source.open("wb") as out:
        for i in range(12):
            spans = [{"start": 0, "end": 3 + k, "label": "actor"} for k in range(3)]
            record = {"id": f"d{i}", "text": f"Document {i} names Alice.", "spans": spans}
            out.write(orjson.dumps(record) + b"\n")
    store = open_store(postgres_database)
    import_files(store, [source], user=alice)
    yield store
    store.close()


def _open_cursors(store: Any) -> set[str]:
    rows = store.pg.execute("SELECT name FROM pg_cursors").fetchall()
    return {row[0] for row in rows}


@pytest.mark.parametrize(
    "stream",
    [
        lambda s: s.iter_annotated_tuples(SpanFilter(), with_states=True),
        lambda s: s.iter_annotated_json(SpanJsonShape.DOCCANO),
        lambda s: s.iter_relation_json(),
    ],
    ids=["tuples", "json", "relations"],
)
def test_a_team_export_stream_reads_through_server_side_cursors(team, stream):
    items = stream(team)
    next(items)
    # Mid-stream, its reads are cursors on the server (the documents at least).
    assert len(_open_cursors(team)) >= 1
    items.close()
    assert _open_cursors(team) == set()


def test_a_team_export_fetches_its_rows_a_chunk_at_a_time(team, tmp_path, monkeypatch):
    monkeypatch.setattr(database, "STREAM_ROWS", 5, raising=False)
    monkeypatch.setattr(team.pg.pg, "server_cursor_factory", _CountingCursor)
    _CountingCursor.fetches = []
    export_jsonl(team, tmp_path / "out.jsonl")
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 12
    # 12 documents and 36 spans (and their states), never more than 5 rows a fetch.
    assert _CountingCursor.fetches and max(_CountingCursor.fetches) <= 5
    assert sum(_CountingCursor.fetches) >= 12 + 36
