"""Prodigy task files: rejected and ignored tasks are skipped, and the report counts them."""

from __future__ import annotations

import json
from pathlib import Path

from belannot.core.importing.pipeline import import_files
from belannot.core.model import User

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "peer" / "prodigy" / "answers.jsonl"
IMPORTER = User("importer")



def test_rejected_and_ignored_tasks_are_skipped_and_counted(fresh):
    tasks = [json.loads(line) for line in SAMPLE.read_text("utf-8").splitlines()]
    accepted = [t for t in tasks if t["answer"] == "accept"]
    report = import_files(fresh, [SAMPLE], user=IMPORTER, fmt="prodigy", create_labels=True)
    texts = sorted(fresh.document_text(d) for d in fresh.document_ids())
    assert texts == sorted(t["text"] for t in accepted)
    assert report.skipped_records == {"answer reject": 1, "answer ignore": 1}
    assert "skipped records: answer ignore: 1; answer reject: 1" in report.lines()
    assert report.read["documents"] == len(accepted)
    assert sum(len(fresh.spans(d)) for d in fresh.document_ids()) == sum(
        len(t["spans"]) for t in accepted
    )
