"""Prodigy entity-linking answers: the accepted choice (or a span's kb_id) is an actor link."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from belannot.core.actor_commands import SetActorLabels
from belannot.core.actors import NIL_AMBIGUOUS, NIL_NOT_IN_REGISTRY
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.operations import run
from belannot.core.schema_edits import AddLabel

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "peer" / "prodigy" / "nel_choices.jsonl"
IMPORTER = User("importer")
NIL = {"NIL_otherLink": NIL_NOT_IN_REGISTRY, "NIL_ambiguous": NIL_AMBIGUOUS}


@pytest.fixture
def fresh(new_project):
    """A project whose PERSON spans link to actors (the NEL recipes' label)."""
    target = new_project()
    for name, color in (("PERSON", "#aa3377"), ("GPE", "#228833")):
        run(target, AddLabel(name, color), IMPORTER)
    run(target, SetActorLabels(("PERSON",)), IMPORTER)
    return target


def _expected_links() -> tuple[set[tuple[str, int, int, str]], int]:
    """An independent reader: (text, start, end, target) of each link, and the accepted
    choices that link no span."""
    links, unlinked = set(), 0
    for line in SAMPLE.read_text("utf-8").splitlines():
        task = json.loads(line)
        if task.get("answer") != "accept":
            continue
        spans = task.get("spans", [])
        for span in spans:
            if span.get("kb_id"):
                links.add((task["text"], span["start"], span["end"], span["kb_id"]))
        accept = task.get("accept", [])
        if len(spans) == 1 and "kb_id" not in spans[0] and len(accept) == 1:
            links.add((task["text"], spans[0]["start"], spans[0]["end"], accept[0]))
        else:
            unlinked += len(accept)
    return {(t, s, e, NIL.get(k, k)) for t, s, e, k in links}, unlinked


def test_accepted_choices_and_kb_ids_become_actor_links(fresh):
    expected, unlinked = _expected_links()
    report = import_files(fresh, [SAMPLE], user=IMPORTER, fmt="prodigy", create_actors=True)
    found = set()
    for document_id in fresh.document_ids():
        text = fresh.document_text(document_id)
        for span_id, target in fresh.document_links(document_id).items():
            span = fresh.span(span_id)
            assert span is not None
            found.add((text, span.start, span.end, target))
    assert found == expected
    assert len(expected) == 5
    assert report.skipped_records == {"answer reject": 1}
    # A choice that links no span (a text classification) is counted, not dropped unsaid.
    assert unlinked == 1
    assert report.not_represented == {"Prodigy accepted choices that link no span": 1}
