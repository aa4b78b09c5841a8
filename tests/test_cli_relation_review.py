"""Relations and attributes in `belannot agreement` and `belannot review`, end to end."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core.history import History
from belannot.core.model import SpanStatus
from belannot.core.store import Store

TEXT = "“We will not fight,” Lukashenko said. He may invade Ukraine."
QUOTE, ACTOR, PREDICTION = (0, 19), (21, 31), (38, 60)


def layer(annotator, certainty, source):
    spans = [
        {"id": f"{annotator}-q", "start": QUOTE[0], "end": QUOTE[1], "label": "quote"},
        {"id": f"{annotator}-a", "start": ACTOR[0], "end": ACTOR[1], "label": "actor"},
        {
            "id": f"{annotator}-p",
            "start": PREDICTION[0],
            "end": PREDICTION[1],
            "label": "prediction",
            "attributes": {"certainty": certainty},
        },
    ]
    relations = [
        {
            "id": f"{annotator}-r1",
            "type": "speaker",
            "head": f"{annotator}-q",
            "tail": f"{annotator}-a",
        }
    ]
    if source:
        relations.append(
            {
                "id": f"{annotator}-r2",
                "type": "source",
                "head": f"{annotator}-p",
                "tail": f"{annotator}-a",
            }
        )
    return {"id": "d0", "text": TEXT, "spans": spans, "relations": relations}


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "project.belannot"
    runner = CliRunner()

    def run(*args, user="rita", ok=True):
        result = runner.invoke(cli, ["--db", str(path), "--user", user, *args])
        if ok:
            assert result.exit_code == 0, result.output
        return result

    for name, certainty, source in (("alice", "likely", True), ("bob", "possible", False)):
        file = tmp_path / f"{name}.jsonl"
        file.write_bytes(orjson.dumps(layer(name, certainty, source)) + b"\n")
        run("import", str(file), "--as-annotator", name, user="admin")
    run("users", "add", "rita", "--role", "reviewer")
    run.path = path
    return run


def test_agreement_json_has_relations_and_attributes(project):
    data = orjson.loads(project("agreement", "--json").output)
    speaker = data["relations"]["types"]["speaker"]["pairs"][0]
    assert (speaker["relations"], speaker["matches"], speaker["f1"]) == ([1, 1], 1, 1.0)
    overall = data["relations"]["overall"]["pairs"][0]
    assert (overall["precision"], overall["recall"]) == (1.0, 0.5)
    certainty = data["attributes"]["certainty"]["pairs"][0]
    assert (certainty["spans"], certainty["agreed"], certainty["percentage"]) == (1, 0, 0.0)


def test_agreement_text_has_relations_and_attributes(project):
    output = project("agreement").output
    lines = output.splitlines()
    relations = lines.index("relations (exact: same type, head and tail)")
    assert lines[relations + 1].split() == [
        "type",
        "pair",
        "relations",
        "matches",
        "precision",
        "recall",
        "F1",
    ]
    assert any(line.split()[:1] == ["speaker"] and line.endswith("1.000") for line in lines)
    overall = next(line for line in lines[relations:] if line.startswith("overall"))
    assert overall.split()[-3:] == ["1.000", "0.500", "0.667"]
    attributes = lines.index("attributes (spans both made exactly)")
    certainty = next(line for line in lines[attributes:] if line.startswith("certainty"))
    assert certainty.split()[4:] == ["1", "0", "0.0%", "0.000"]


def test_accept_agreed_approves_agreed_relations_and_says_how_many(project):
    result = project("review", "accept-agreed", "--min-annotators", "2")
    assert "1 relations approved, 1 identical relations duplicates" in result.output
    store = Store.open(project.path)
    try:
        [gold] = store.gold_relations("d0")
        assert gold.type == "speaker"
        statuses = {r.id: r.status for r in store.relations("d0")}
        # The other annotator's identical relation is a duplicate (rejected); the source
        # relation only alice made stays undecided.
        assert sorted(statuses.values()) == [
            SpanStatus.APPROVED,
            SpanStatus.PENDING,
            SpanStatus.REJECTED,
        ]
    finally:
        store.close()
    store = Store.open(project.path)
    try:
        # One step takes back the spans and the relations together.
        History(store).undo(store.user("rita"))
        assert {r.status for r in store.relations("d0")} == {SpanStatus.PENDING}
        assert {s.status for s in store.spans("d0")} == {SpanStatus.PENDING}
    finally:
        store.close()


def test_review_approves_and_rejects_relations(project):
    result = project("review", "approve-relation", "alice-r2")
    assert result.output.startswith("approved: alice-r2 (alice, source")
    assert "not in the gold until both ends are approved" in result.output
    result = project("review", "reject-relation", "alice-r1")
    assert result.output.startswith("rejected: alice-r1 (alice, speaker")
    result = project("review", "approve-relation", "nope", ok=False)
    assert (result.exit_code, "no relation 'nope'" in result.output) == (1, True)
    assert "Traceback" not in result.output
    result = project("review", "approve-relation", "alice-r1", user="alice", ok=False)
    assert result.exit_code == 1 and "reviewer" in result.output
