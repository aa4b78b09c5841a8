"""The lean JSONL path against the careful reader: the same records, errors and rows."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from belannot.core.errors import BelannotError
from belannot.core.formats.jsonl import parse_record
from belannot.core.importing.lean import RawLine, lean_record
from belannot.core.importing.pipeline import import_files
from belannot.core.model import SpanStatus, User
from belannot.core.store import Store
from tests.core.drawn_projects import drawing
from tests.core.drawn_projects import scratch as scratch  # noqa: F401 (the fixture)
from tests.core.test_import_batches import snapshot

LEAD = User("lead")
LABELS = {"actor": (), "event": ()}
# Non-BMP characters (a flag, an emoji) and a combining accent: offsets count code points.
TEXTS = ["Putin met Lukashenko.", "Minsk said no.", "🇧🇾 Cafe\u0301 talks 😊 here"]


def rarely() -> st.SearchStrategy[bool]:
    """True now and then (``integers(0, n) == 0`` comes far more often than 1 in n)."""
    return st.sampled_from([False] * 40 + [True])


def mostly(good: list[Any], bad: list[Any]) -> st.SearchStrategy[Any]:
    """Mostly good values, so that most lines take the lean path and some do not."""
    return st.sampled_from(good * 30 + bad)


# What may go wrong with a span, one thing at a time: (field, value); None deletes it.
SPAN_FAULTS = [
    *(("start", value) for value in (-1, True, "0", 2.0, None)),
    *(("end", value) for value in (2, 40, False)),
    *(("label", value) for value in ("villain", 7, "", None)),
    ("status", "odd"),
    ("colour", 1),
    ("text", "Putin"),  # right for one text only
    ("span", 3),  # not an object
    ("span", "span"),
]


@st.composite
def spans(draw: st.DrawFn) -> Any:
    span: dict[str, Any] = {
        "start": draw(st.sampled_from([0, 2, 6])),
        "end": draw(st.sampled_from([5, 9, 12])),
        "label": draw(st.sampled_from(["actor", "event"])),
    }
    # Valid, but not the lean shape: the careful reader takes these.
    span.update(
        draw(
            mostly(
                [{}],
                [
                    {"annotator": "alice"},
                    {"id": "given-1"},
                    {"status": "approved"},
                    {"attributes": {"note": "n"}},
                ],
            )
        )
    )
    if draw(rarely()):
        name, value = draw(st.sampled_from(SPAN_FAULTS))
        if name == "span":
            return value
        if value is None:
            del span[name]
        else:
            span[name] = value
    return span


# What may go wrong with a record, one thing at a time: (key, value); None deletes it.
RECORD_FAULTS = [
    *(("text", value) for value in ("", 12, None)),
    *(("id", value) for value in ("  ", 5, ["d"])),
    *(("meta", value) for value in ({"title": 3}, "meta", {"url": ["u"]})),
    *(("spans", value) for value in (None, "spans", {})),
    ("unknown", 1),
]


@st.composite
def lines(draw: st.DrawFn) -> bytes:
    if draw(rarely()):
        return draw(st.sampled_from([b"not json", b"", b"[1, 2]", b'"text"']))
    record: dict[str, Any] = {"text": f"{draw(st.sampled_from(TEXTS))} #{draw(st.integers(0, 3))}"}
    ident = draw(st.sampled_from([None] * 10 + ["d1", "d2"]))
    if ident is not None:
        record["id"] = ident
    meta = draw(st.sampled_from([None, {}, {"title": "T"}, {"k": [1, {"x": "😊"}], "source": "s"}]))
    if meta is not None or draw(st.booleans()):
        record["meta"] = meta
    raw_spans = draw(st.lists(spans(), max_size=4))
    if raw_spans and draw(st.sampled_from([False] * 5 + [True])):
        raw_spans.append(raw_spans[0])  # the same span twice
    if raw_spans or draw(st.booleans()):
        record["spans"] = raw_spans
    # Valid, but not the lean shape: the careful reader takes these.
    record.update(draw(mostly([{}], [{"states": {}}, {"done": True}, {"done": False}])))
    if draw(rarely()):
        name, value = draw(st.sampled_from(RECORD_FAULTS))
        if value is None:
            record.pop(name, None)
        else:
            record[name] = value
    return orjson.dumps(record)


def outcome(store: Store, sources: list[Path], *, fast: bool, **options: Any) -> list[Any]:
    """What each import of ``sources`` reports or raises, and what the project then holds."""
    results: list[Any] = []
    for source in sources:
        try:
            report = import_files(store, [source], user=LEAD, lean=fast, **options)
        except BelannotError as error:
            results.append((type(error).__name__, str(error)))
        else:
            results.append(
                (
                    report.documents_added,
                    report.documents_existing,
                    report.spans_added,
                    report.spans_existing,
                    report.document_ids,
                    report.warnings,
                    dict(report.read),
                    dict(report.not_represented),
                )
            )
        labels = store.db.execute("SELECT name FROM labels ORDER BY name").fetchall()
        results.append((snapshot(store), labels))
    return results


def test_the_lean_path_stores_and_refuses_as_the_careful_reader(backend, scratch):
    @drawing(backend, 60)
    @given(
        files=st.lists(st.lists(lines(), min_size=1, max_size=12), min_size=1, max_size=2),
        as_annotator=st.sampled_from([None, None, "lead", "carol"]),
        warn_chars=st.sampled_from([0, 0, 20]),
        create_labels=st.sampled_from([False, False, True]),
        ignore_unknown=st.sampled_from([False, False, True]),
    )
    def check(
        files: list[list[bytes]],
        as_annotator: str | None,
        warn_chars: int,
        create_labels: bool,
        ignore_unknown: bool,
    ):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            sources = []
            for number, content in enumerate(files):
                source = root / f"in{number}.jsonl"
                source.write_bytes(b"\n".join(content) + b"\n")
                sources.append(source)
            options = {
                "as_annotator": as_annotator,
                "warn_chars": warn_chars,
                "create_labels": create_labels,
                "ignore_unknown": ignore_unknown,
            }
            results = []
            for fast in (True, False):
                store = scratch()
                try:
                    results.append(outcome(store, sources, fast=fast, **options))
                finally:
                    store.close()
            assert results[0] == results[1]
            plain = sum(_is_lean(line) for content in files for line in content)
            event(f"lean-shaped lines: {min(plain, 3)}{'+' if plain > 3 else ''}")
            last = results[0][-2]
            event(f"outcome: {_why(last[1]) if isinstance(last[0], str) else 'stored'}")

    check()


def _why(error: str) -> str:
    """The kind of error, for the statistics: its field and the message's first words."""
    return " ".join(error.split(": ", 1)[-1].replace("[", " ").split()[:3])


def _is_lean(line: bytes) -> bool:
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return lean_record(RawLine("f.jsonl", 1, data, False), LABELS) is not None


@settings(max_examples=300, deadline=None)
@given(line=lines())
def test_a_lean_record_is_the_careful_readers_record(line: bytes) -> None:
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError:
        return
    found = lean_record(RawLine("f.jsonl", 3, data, False), LABELS)
    if found is None:
        return
    event("lean")
    record = parse_record(data, path="f.jsonl", line=3)
    meta = record.meta
    extra = orjson.dumps(dict(meta.extra)).decode() if meta.extra else "{}"
    assert (found.path, found.line, found.text, found.id) == (
        record.path,
        record.line,
        record.text,
        record.id,
    )
    assert found.meta == (meta.title, meta.source, meta.url, meta.author, meta.published, extra)
    assert found.spans == [(s.start, s.end, s.label) for s in record.spans]
    for span in record.spans:
        assert (span.id, span.annotator, span.status, span.reviewer, span.text) == (
            None,
            None,
            SpanStatus.PENDING,
            None,
            None,
        )
        assert not span.attributes and span.actor is None and span.corrects is None
    assert (record.relations, record.states, record.done) == ([], {}, None)


def test_plain_lines_build_no_span_records(store, tmp_path, monkeypatch):
    import belannot.core.formats.jsonl as jsonl

    parsed = []
    original = jsonl._parse_span

    def counted(raw: Any, index: int, fail: Any) -> Any:
        parsed.append(raw)
        return original(raw, index, fail)

    monkeypatch.setattr(jsonl, "_parse_span", counted)
    span = {"start": 0, "end": 5, "label": "actor"}
    source = tmp_path / "plain.jsonl"
    records = [
        {"text": f"Putin, article {n}.", "spans": [span, {**span, "end": 6}]} for n in range(30)
    ]
    source.write_bytes(b"".join(orjson.dumps(record) + b"\n" for record in records))
    report = import_files(store, [source], user=LEAD)
    assert (report.documents_added, report.spans_added) == (30, 60)
    # Only the first record's: the careful path makes the importing user first.
    assert len(parsed) == 2


# Write order is read through SQLite's rowid, which PostgreSQL has no counterpart of.
@pytest.mark.file_project
def test_span_ids_follow_the_writes_when_lean_and_other_lines_alternate(store, tmp_path):
    lines = []
    for n in range(60):
        span: dict[str, Any] = {"start": 0, "end": 5, "label": "actor"}
        if n % 3 == 2:
            span["annotator"] = "lead"  # not the lean shape: the batch path's own check
        lines.append(
            orjson.dumps({"text": f"Putin, article {n}.", "spans": [span, {**span, "end": 6}]})
        )
    source = tmp_path / "mixed.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    import_files(store, [source], user=LEAD)
    # The first record goes the careful way (it makes the user), with a random id.
    ids = [row[0] for row in store.db.execute("SELECT id FROM spans ORDER BY rowid")][2:]
    assert len(ids) == 118
    assert ids == sorted(ids)
