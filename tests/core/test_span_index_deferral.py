"""A bulk import into a project without spans builds the spans' indexes once, at the end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from belannot.core.errors import CancelledError, InputError
from belannot.core.importer import import_files
from belannot.core.model import Document, Span, User
from belannot.core.store import Store

LEAD = User("lead")


def schema_rows(store: Store) -> list[Any]:
    return store.db.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall()


def span_indexes(store: Store) -> set[str]:
    return {
        row[0]
        for row in store.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'spans'"
        )
    }


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def articles(count: int) -> list[dict[str, Any]]:
    return [
        {
            "text": f"Putin spoke in article {n}.",
            "spans": [{"start": 0, "end": 5, "label": "actor", "annotator": "alice"}],
        }
        for n in range(count)
    ]


def test_outside_a_transaction_it_refuses(store):
    with pytest.raises(RuntimeError), store.span_indexes_deferred():
        pass


def test_without_spans_the_named_indexes_go_and_come_back_identical(store):
    before = schema_rows(store)
    with store.transaction(), store.span_indexes_deferred() as restore:
        assert span_indexes(store) == {"sqlite_autoindex_spans_1"}
        restore()
        restore()  # twice: the second does nothing
        assert schema_rows(store) == before
        # Dropped again? No: once restored they stay for the rest of the block.
    assert schema_rows(store) == before


def test_with_spans_nothing_is_dropped(store):
    store.ensure_user("alice")
    document_id, _ = store.add_document(Document("d", "Putin spoke."))
    store.insert_spans([Span("s", document_id, 0, 5, "actor", "alice", created="c", updated="c")])
    before = schema_rows(store)
    with store.transaction(), store.span_indexes_deferred():
        assert schema_rows(store) == before


def test_a_failed_block_leaves_the_indexes_as_they_were(store):
    before = schema_rows(store)
    with pytest.raises(ValueError), store.transaction(), store.span_indexes_deferred():
        raise ValueError("boom")
    assert schema_rows(store) == before


def test_an_import_ends_with_the_schema_it_began_with(tmp_path):
    store = Store.open(tmp_path / "p.belannot")
    before = schema_rows(store)
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", articles(30))], user=LEAD)
    assert schema_rows(store) == before
    assert store.span_count() == 30
    plan = store.db.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM spans WHERE document_id = ? ORDER BY start", ["x"]
    ).fetchall()
    assert "spans_by_document" in str(plan)
    store.close()


@pytest.mark.parametrize("failure", ["bad record", "cancel"])
def test_a_failed_import_leaves_the_schema_and_data_as_they_were(tmp_path, failure):
    store = Store.open(tmp_path / "p.belannot")
    before = schema_rows(store)
    records = articles(30)
    if failure == "bad record":
        records[25]["spans"][0]["label"] = "villain"
    source = write_jsonl(tmp_path / "a.jsonl", records)
    calls = 0

    def cancel() -> bool:
        nonlocal calls
        calls += 1
        return failure == "cancel" and calls > 25

    with pytest.raises((InputError, CancelledError)):
        import_files(store, [source], user=LEAD, cancel=cancel)
    assert schema_rows(store) == before
    assert store.document_count() == 0 and store.span_count() == 0
    store.close()


def test_a_known_document_mid_import_reads_its_spans_through_the_index(tmp_path, monkeypatch):
    # The same text twice: the second goes the careful way, which reads the first's spans.
    records = articles(5)
    records.append(
        {
            "text": records[2]["text"],
            "spans": [
                {"start": 0, "end": 5, "label": "actor", "annotator": "alice"},
                {"start": 6, "end": 11, "label": "event", "annotator": "alice"},
            ],
        }
    )
    store = Store.open(tmp_path / "p.belannot")
    seen: list[set[str]] = []
    real_spans = Store.spans

    def spans(self: Store, *args: Any, **kwargs: Any) -> list[Span]:
        seen.append(span_indexes(self))
        return real_spans(self, *args, **kwargs)

    monkeypatch.setattr(Store, "spans", spans)
    report = import_files(store, [write_jsonl(tmp_path / "a.jsonl", records)], user=LEAD)
    assert seen and all("spans_by_document" in names for names in seen)
    assert (report.documents_added, report.documents_existing) == (5, 1)
    assert (report.spans_added, report.spans_existing) == (6, 1)
    store.close()
