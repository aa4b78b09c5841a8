"""Imports store records in batches; a batch must behave exactly as records one at a time."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

import belannot.core.importing.batch as batch
import belannot.core.importing.pipeline as pipeline
from belannot.core.errors import ConflictError, InputError
from belannot.core.formats import DocumentRecord, SpanRecord
from belannot.core.importing.batch import BATCH_DOCUMENTS
from belannot.core.importing.pipeline import import_files, import_records
from belannot.core.model import DocumentMeta, DocumentState, SpanStatus, User
from belannot.core.store import Store
from tests.core.drawn_projects import drawing
from tests.core.drawn_projects import scratch as scratch  # noqa: F401 (the fixture)

LEAD = User("lead")


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def article(number: int, **extra: Any) -> dict[str, Any]:
    text = f"Putin spoke in article {number}."
    span = {"start": 0, "end": 5, "label": "actor", "text": "Putin"}
    return {"text": text, "spans": [span], **extra}


def snapshot(store: Store) -> dict[str, list[Any]]:
    """Everything an import writes, without the clock's stamps and generated span ids."""
    db = store.db
    return {
        "documents": db.execute(
            "SELECT id, position, title, source, url, author, published, content_hash, "
            "char_count, meta FROM documents ORDER BY position"
        ).fetchall(),
        "texts": db.execute("SELECT document_id, text FROM document_texts ORDER BY 1").fetchall(),
        "search": store.search_index_rows(),
        "spans": sorted(
            db.execute(
                'SELECT document_id, start, "end", label, annotator, status, reviewer, '
                "reviewed_at, attributes, corrects, "
                "CASE WHEN id LIKE 'given-%' THEN id END FROM spans"
            ).fetchall(),
            key=repr,
        ),
        "states": db.execute(
            "SELECT document_id, annotator, state FROM document_states ORDER BY 1, 2"
        ).fetchall(),
        "audit": db.execute(
            "SELECT user, action, entity, entity_id, document_id, before, after FROM audit "
            "ORDER BY id"
        ).fetchall(),
        "users": db.execute("SELECT name, role FROM users ORDER BY name").fetchall(),
    }


def test_an_error_in_the_first_record_of_the_second_batch_names_its_line(store, tmp_path):
    import_files(store, [write_jsonl(tmp_path / "first.jsonl", [article(-1)])], user=LEAD)
    before = snapshot(store)
    records = [article(n) for n in range(BATCH_DOCUMENTS + 200)]
    records[BATCH_DOCUMENTS]["spans"][0]["label"] = "villain"
    source = write_jsonl(tmp_path / "big.jsonl", records)
    with pytest.raises(InputError) as raised:
        import_files(store, [source], user=LEAD)
    assert raised.value.line == BATCH_DOCUMENTS + 1
    assert str(raised.value).startswith(f"{source}:{BATCH_DOCUMENTS + 1}: spans[0].label: ")
    assert snapshot(store) == before


def test_an_error_after_queued_records_of_the_same_batch_names_its_line(store, tmp_path):
    records = [article(n) for n in range(50)]
    records[40]["spans"][0]["end"] = 999
    source = write_jsonl(tmp_path / "a.jsonl", records)
    with pytest.raises(InputError, match=rf"^{source}:41: spans\[0\]: end 999 is past"):
        import_files(store, [source], user=LEAD)
    assert store.document_count() == 0
    assert store.audit_log() == []


def test_a_text_twice_in_one_batch_is_stored_once(store, tmp_path):
    first = article(1)
    again = article(1)
    again["spans"] = [{"start": 6, "end": 11, "label": "event", "annotator": "bob"}]
    source = write_jsonl(tmp_path / "a.jsonl", [article(0), first, article(2), again])
    report = import_files(store, [source], user=LEAD)
    assert (report.documents_added, report.documents_existing) == (3, 1)
    assert report.document_ids[1] == report.document_ids[3]
    spans = store.spans(report.document_ids[1])
    assert [(s.label, s.annotator) for s in spans] == [("actor", "lead"), ("event", "bob")]
    assert store.document_ids() == report.document_ids[:3]


def test_a_span_twice_in_a_record_is_stored_once(store, tmp_path):
    twice = article(2)
    twice["spans"].append(dict(twice["spans"][0]))
    source = write_jsonl(tmp_path / "a.jsonl", [article(0), article(1), twice])
    report = import_files(store, [source], user=LEAD)
    assert (report.spans_added, report.spans_existing) == (3, 1)
    assert len(store.spans(report.document_ids[2])) == 1


def span_text_differs() -> list[dict[str, Any]]:
    records = [article(n) for n in range(5)]
    records[3]["spans"][0]["text"] = "Putin!"
    return records


def span_id_used_earlier() -> list[dict[str, Any]]:
    records = [article(n) for n in range(5)]
    records[1]["spans"][0]["id"] = "s-1"
    records[3]["spans"][0]["id"] = "s-1"
    return records


def document_id_used_earlier() -> list[dict[str, Any]]:
    return [article(0, id="d"), article(1), article(2, id="d")]


# The records of one batch, and where and why the import refuses them.
REFUSED_AT_LINE = [
    (span_text_differs, r"4: spans\[0\].text: text 'Putin!'"),
    (span_id_used_earlier, r"4: spans\[0\].id: span id 's-1'"),
    (document_id_used_earlier, r"3: id: id 'd' is already used"),
]


@pytest.mark.parametrize(
    ("records", "where"), REFUSED_AT_LINE, ids=[made.__name__ for made, _ in REFUSED_AT_LINE]
)
def test_a_bad_record_in_a_batch_is_refused_at_its_line(store, tmp_path, records, where):
    source = write_jsonl(tmp_path / "a.jsonl", records())
    with pytest.raises(InputError, match=rf"^{source}:{where}"):
        import_files(store, [source], user=LEAD)
    assert store.document_count() == 0


def test_batches_fill_positions_and_search_in_order(store, tmp_path):
    records = [article(n) for n in range(BATCH_DOCUMENTS * 2 + 3)]
    report = import_files(store, [write_jsonl(tmp_path / "a.jsonl", records)], user=LEAD)
    assert report.documents_added == len(records)
    assert store.document_ids() == report.document_ids
    positions = store.document_list_positions("lead")
    assert list(positions) == list(range(1, len(records) + 1))
    found = store.document_list_positions("lead", search="article 1500")
    assert store.document_list_rows("lead", found)[0].id == report.document_ids[1500]


# -- the batch path against the one-at-a-time path, on records built to collide --------

TEXTS = ["Putin met Lukashenko.", "Minsk said no.", "🇧🇾 Cafe\u0301 talks"]


def mostly(good: list[Any], bad: list[Any]) -> st.SearchStrategy[Any]:
    """Mostly good values, so that most imports succeed and the batches have work to do."""
    return st.sampled_from(good * 40 + bad)


@st.composite
def span_records(draw: st.DrawFn) -> SpanRecord:
    # Few values, so that spans, ids and texts repeat across records.
    start = draw(mostly([0, 2], [-1, True]))
    end = draw(mostly([5, 9], [2, 40]))
    return SpanRecord(
        start=start,
        end=end,
        label=draw(mostly(["actor", "event"], ["villain"])),
        id=draw(st.sampled_from([None] * 6 + ["given-1", "given-2", "given-3"])),
        annotator=draw(mostly([None] * 6 + ["alice", "bob"], [" bad name"])),
        status=draw(st.sampled_from(list(SpanStatus))),
        reviewer=draw(mostly([None] * 6 + ["rita"], [" bad"])),
        attributes=draw(st.sampled_from([{}, {"note": "ok"}])),
        text=draw(st.sampled_from([None] * 40 + ["Putin", "Minsk"])),
    )


@st.composite
def document_records(draw: st.DrawFn) -> DocumentRecord:
    spans = draw(st.lists(span_records(), max_size=3))
    if spans and draw(st.booleans()):
        spans.append(replace(spans[0], id=None))  # the same span again: counted once
    # Texts and ids repeat now and then: a repeat must go the careful way.
    text = draw(mostly(TEXTS, [""]))
    return DocumentRecord(
        text=f"{text} #{draw(st.integers(0, 4))}" if text else text,
        id=draw(st.sampled_from([None] * 8 + ["d1", "d2"])),
        meta=DocumentMeta(title=draw(st.sampled_from(["", "Title"])), extra={"k": 1}),
        spans=spans,
        done=draw(st.sampled_from([None, True, False])),
        states=draw(
            mostly([{}, {}, {"bob": DocumentState.IN_PROGRESS}], [{" x": DocumentState.DONE}])
        ),
        path="in.jsonl",
        line=draw(st.integers(1, 99)),
    )


def outcome(store: Store, records: list[DocumentRecord], as_annotator: str | None) -> Any:
    try:
        report = import_records(store, records, user=LEAD, as_annotator=as_annotator)
    except (InputError, ValueError) as error:
        return ("error", type(error).__name__, str(error), snapshot(store))
    event("stored")
    summary = (report.documents_added, report.documents_existing, report.spans_added)
    return (summary, report.spans_existing, report.document_ids, snapshot(store))


def test_batches_store_and_refuse_exactly_as_one_at_a_time(backend, scratch):
    @drawing(backend, 150)
    @given(
        st.lists(document_records(), max_size=8),
        st.lists(document_records(), max_size=12),
        st.sampled_from([None, "carol"]),
        st.sampled_from([1, 2, 3, 1000]),
        st.booleans(),
    )
    def check(earlier, records, as_annotator, batch_size, users_exist):
        outcomes = []
        for careful in (True, False):
            store = scratch()
            if users_exist:  # else each record naming a new user goes the careful way
                for name in ("alice", "bob", "carol", "lead", "rita"):
                    store.ensure_user(name)
            with pytest.MonkeyPatch.context() as patch:
                if careful:
                    # Every record the one-at-a-time way: the behaviour batches must keep.
                    patch.setattr(batch.Batch, "_take_fast", lambda *args: False)
                patch.setattr(pipeline, "BATCH_DOCUMENTS", batch_size)
                first = outcome(store, earlier, None)
                outcomes.append((first, outcome(store, records, as_annotator)))
            store.close()
        assert outcomes[0] == outcomes[1]

    check()


def test_a_batch_the_database_refuses_is_undone_and_redone_one_at_a_time(
    new_project, tmp_path, monkeypatch
):
    records = [article(n) for n in range(30)]
    records[7]["id"] = "seven"
    source = write_jsonl(tmp_path / "a.jsonl", records)
    expected_store = new_project()
    expected = import_files(expected_store, [source], user=LEAD)
    backend = type(expected_store)  # a team project writes its batches its own way
    real = backend.insert_import_batch
    calls = []

    def refused_after_writing(self: Store, *args: Any) -> None:
        real(self, *args)
        calls.append(len(args[0]))
        if len(calls) == 1:  # written, then refused: the savepoint must take it all back
            raise ConflictError("refused")

    monkeypatch.setattr(backend, "insert_import_batch", refused_after_writing)
    store = new_project()
    report = import_files(store, [source], user=LEAD)
    assert calls and calls[0] > 1
    assert report.summary() == expected.summary()
    assert report.document_ids == expected.document_ids
    assert snapshot(store) == snapshot(expected_store)
