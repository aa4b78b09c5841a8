"""The review and agreement commands of the CLI, end to end on a project file."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core.model import SpanStatus
from belannot.core.store import SpanFilter, Store

TEXTS = (
    "Putin said the war will end soon.",
    "Zelensky met Biden in Kyiv.",
    "Nobody expects anything from the talks.",
)


def layer(annotator, spans_by_text):
    return [
        {
            "id": f"d{i}",
            "text": text,
            "spans": [
                {"id": f"{annotator}-{i}-{n}", "start": s, "end": e, "label": label}
                for n, (s, e, label) in enumerate(spans_by_text.get(i, []))
            ],
            # d2 is still in progress for bob: it must stay out of agreement.
            **({"done": False} if annotator == "bob" and i == 2 else {}),
        }
        for i, text in enumerate(TEXTS)
    ]


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "project.belannot"
    runner = CliRunner()

    def run(*args, user="rita", ok=True):
        result = runner.invoke(cli, ["--db", str(path), "--user", user, *args])
        if ok:
            assert result.exit_code == 0, result.output
        return result

    alice = layer(
        "alice",
        {0: [(0, 5, "actor"), (15, 18, "event")], 1: [(0, 8, "actor")], 2: [(0, 6, "actor")]},
    )
    bob = layer(
        "bob", {0: [(0, 5, "actor"), (15, 33, "event")], 1: [(0, 8, "actor"), (13, 18, "actor")]}
    )
    for name, records in (("alice", alice), ("bob", bob)):
        file = tmp_path / f"{name}.jsonl"
        file.write_bytes(b"\n".join(orjson.dumps(r) for r in records) + b"\n")
        run("import", str(file), "--as-annotator", name, user="admin")
    run("users", "add", "rita", "--role", "reviewer")
    run.path = path
    return run


def test_agreement_table_and_json(project):
    result = project("agreement")
    assert "annotators: alice, bob" in result.output
    assert "documents: 2 marked done by all of them (1 other documents left out): d0, d1" in (
        result.output
    )
    assert "group (mean)" in result.output
    assert "overall" in result.output
    data = orjson.loads(project("agreement", "--json").output)
    assert data["annotators"] == ["alice", "bob"]
    assert data["documents"] == ["d0", "d1"]
    actor = data["labels"]["actor"]["pairs"][0]
    # alice: 2 actor spans in d0-d1, bob: 3; both share (0,5) and (0,8).
    assert actor["spans"] == [2, 3]
    assert actor["exact_f1"] == pytest.approx(2 * 2 / 5)
    event = data["labels"]["event"]["pairs"][0]
    assert (event["exact_f1"], event["overlap_f1"]) == (0, 1)
    for entry in (*data["labels"].values(), data["overall"]):
        assert {"exact_f1", "overlap_f1", "kappa"} <= set(entry["pairs"][0])
        assert "alpha" in entry["group"]


def test_agreement_filters_and_errors(project):
    data = orjson.loads(project("agreement", "--json", "--label", "event").output)
    assert list(data["labels"]) == ["event"]
    result = project("agreement", "--annotator", "alice", ok=False)
    assert result.exit_code == 1
    assert "at least two annotators" in result.output
    assert "Traceback" not in result.output
    result = project("agreement", "--label", "nope", ok=False)
    assert (result.exit_code, "unknown label nope" in result.output) == (1, True)


def test_accept_agreed_approve_reject_and_export_gold(project, tmp_path):
    result = project("review", "accept-agreed", "--min-annotators", "2", "--doc", "d0")
    assert "approved 1 spans in 1 documents; 1 identical copies marked duplicates" in (
        result.output
    )
    result = project("review", "accept-agreed", "--min-annotators", "2")
    assert "approved 1 spans in 1 documents" in result.output  # d1's (0, 8) actor
    result = project("review", "approve", "bob-0-1")
    assert result.output.startswith("approved: bob-0-1 (bob, event [15, 33)")
    result = project("review", "reject", "alice-0-1")
    assert result.output.startswith("rejected: alice-0-1")
    result = project("review", "correct", "bob-1-1", "--label", "event")
    assert "correction:" in result.output and "rejected: bob-1-1" in result.output

    store = Store.open(project.path)
    try:
        gold = {
            (s.document_id, s.start, s.end, s.label): s
            for d in store.document_ids()
            for s in store.gold_spans(d)
        }
        assert set(gold) == {
            ("d0", 0, 5, "actor"),
            ("d0", 15, 33, "event"),
            ("d1", 0, 8, "actor"),
            ("d1", 13, 18, "event"),
        }
        audit = [e for e in store.audit_log(user="rita") if e.entity == "span"]
        assert {e.action for e in audit} >= {"Approve span", "Reject span", "Correct span"}
    finally:
        store.close()

    out = tmp_path / "gold.jsonl"
    project("export", "--approved-only", "-o", str(out))
    exported = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    spans = [(r["id"], s) for r in exported for s in r["spans"]]
    assert {(doc, s["start"], s["end"], s["label"]) for doc, s in spans} == set(gold)
    assert len(spans) == len(gold)  # each gold span once: duplicates are not exported
    for doc, span in spans:
        match = gold[(doc, span["start"], span["end"], span["label"])]
        assert span["id"] == match.id
        assert span["status"] == SpanStatus.APPROVED.value
        assert span["reviewer"] == "rita"
        assert span["reviewed_at"] == match.reviewed_at and span["reviewed_at"]
    correction = next(s for _, s in spans if s["corrects"])
    assert (correction["corrects"], correction["annotator"]) == ("bob-1-1", "rita")

    result = project("review", "status", "--state", "reviewed")
    assert result.output.splitlines() == ["d0\treviewed", "d1\treviewed"]
    result = project("review", "status")
    assert "d2\tunreviewed" in result.output.splitlines()


def test_an_annotator_cannot_review(project):
    for args in (
        ("review", "approve", "alice-0-0"),
        ("review", "reject", "alice-0-0"),
        ("review", "accept-agreed", "--min-annotators", "2"),
        ("review", "share-layers", "on"),
    ):
        result = project(*args, user="alice", ok=False)
        assert result.exit_code == 1
        assert "alice is an annotator" in result.output
        assert "needs a reviewer" in result.output
        assert "Traceback" not in result.output
    store = Store.open(project.path)
    try:
        assert store.span_count() == store.span_count(SpanFilter(statuses=(SpanStatus.PENDING,)))
    finally:
        store.close()


def test_review_errors_are_messages(project):
    result = project("review", "approve", "nope", ok=False)
    assert (result.exit_code, "no span 'nope'" in result.output) == (1, True)
    result = project("review", "accept-agreed", "--min-annotators", "1", ok=False)
    assert result.exit_code == 2  # click's usage error: 1 is not in the range
    result = project("review", "correct", "alice-0-0", "--label", "actor", ok=False)
    assert (result.exit_code, "approve it instead" in result.output) == (1, True)


def test_a_reviewer_shares_the_layers_and_can_take_it_back(project):
    assert project("review", "share-layers", user="alice").output.startswith("off:")
    assert project("review", "share-layers", "on").output.startswith("on:")
    assert project("review", "share-layers", user="bob").output.startswith("on:")
    assert project("review", "share-layers", "off").output.startswith("off:")
    store = Store.open(project.path)
    try:
        assert [e.action for e in store.audit_log(user="rita") if e.entity == "setting"] == [
            "share layers",
            "keep layers apart",
        ]
    finally:
        store.close()
