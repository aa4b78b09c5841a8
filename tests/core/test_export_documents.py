"""Which documents a training export takes: reviewed, done or all (no unannotated all-O rows)."""

from __future__ import annotations

import orjson
import pytest

from belannot.core.formats.exporting import DocumentSelection, ExportOptions
from belannot.core.formats.registry import EXPORT_FORMATS, export
from belannot.core.importing.pipeline import import_files
from belannot.core.store import SpanFilter


def span(start, end, label, annotator="alice", status="pending"):
    return {"start": start, "end": end, "label": label, "annotator": annotator, "status": status}


@pytest.fixture
def project(store, alice, tmp_path):
    """reviewed: all decided; in-review: one pending; bare: no span; bob-done: bob's, done."""
    records = [
        {"id": "reviewed", "text": "Putin met Lukashenko.",
         "spans": [span(0, 5, "actor", status="approved"), span(6, 9, "event", status="rejected")],
         "states": {"alice": "done"}},
        {"id": "in-review", "text": "Putin met Xi.",
         "spans": [span(0, 5, "actor", status="approved"), span(6, 9, "event")],
         "states": {"alice": "in_progress"}},
        {"id": "bare", "text": "Nothing here.", "spans": []},
        {"id": "bob-done", "text": "Minsk waits.", "spans": [span(0, 5, "actor", "bob")],
         "states": {"bob": "done"}},
    ]  # fmt: skip
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(orjson.dumps(r) for r in records) + b"\n")
    import_files(store, [source], user=alice)
    return store


def exported_ids(path):
    return [orjson.loads(line)["id"] for line in path.read_bytes().splitlines()]


@pytest.mark.parametrize(
    ("documents", "annotators", "expected", "left_out"),
    [
        (DocumentSelection.ALL, (), ["reviewed", "in-review", "bare", "bob-done"], None),
        (DocumentSelection.REVIEWED, (), ["reviewed"], "3 documents left out: not reviewed"),
        (DocumentSelection.DONE, (), ["reviewed", "bob-done"], "2 documents left out: not done"),
        (DocumentSelection.DONE, ("bob",), ["bob-done"], "3 documents left out: not done"),
    ],
)
def test_the_documents_an_export_takes_and_the_report_says_what_it_left_out(
    project, tmp_path, documents, annotators, expected, left_out
):
    out = tmp_path / "out.jsonl"
    options = ExportOptions(span_filter=SpanFilter(annotators=annotators), documents=documents)
    [report] = export(project, "jsonl", out, options)
    assert exported_ids(out) == expected
    assert report.documents == len(expected)
    if left_out is None:
        assert report.left_out == 0 and "left out" not in report.summary()
    else:
        assert report.summary().endswith(left_out)


@pytest.mark.parametrize("fmt", [f for f in EXPORT_FORMATS if f not in {"spacy", "hf"}])
def test_every_format_leaves_out_unreviewed_documents(project, tmp_path, fmt):
    out = tmp_path / f"out{EXPORT_FORMATS[fmt].suffix}"
    options = ExportOptions(span_filter=SpanFilter.approved_only(), documents="reviewed")
    [report] = export(project, fmt, out, options)
    assert report.documents == 1 and report.left_out == 3


def test_splits_count_what_each_left_out(project, tmp_path):
    options = ExportOptions(documents=DocumentSelection.REVIEWED)
    reports = export(project, "jsonl", tmp_path / "o.jsonl", options, splits={"a": 0.5, "b": 0.5})
    assert sum(r.documents for r in reports) == 1
    assert sum(r.left_out for r in reports) == 3
