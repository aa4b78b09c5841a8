"""`belannot suggest`, `train` and `recommenders`; export --include-suggestions."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core.commands import AddSpan, SetDocumentState
from belannot.core.model import Document, DocumentState, User
from belannot.core.operations import run as run_operation
from belannot.core.store import Store
from belannot.core.suggestion_commands import AcceptSuggestion, RejectSuggestion
from belannot.core.suggestions import Suggester
from tests.cli_helpers import invoke as run

ALICE = User("alice")
TEXTS = {
    "d0": "Lukashenko said “we are ready”.\r\nMinsk 😀 waited.",
    "d1": "😀 Lukashenko met Putin in Minsk.\r\nIt could escalate.",
    "d2": "Putin and Lukashenko 👩‍👩‍👧 spoke in Minsk.",
}


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "p.belannot"
    store = Store.open(path, seed_labels=True)
    store.ensure_user("alice")
    for document_id, text in TEXTS.items():
        store.add_document(Document(document_id, text))
        for name in ("Lukashenko", "Minsk"):
            at = text.find(name)
            if at >= 0 and document_id != "d2":
                run_operation(store, AddSpan(document_id, at, at + len(name), "actor"), ALICE)
        run_operation(store, SetDocumentState(document_id, DocumentState.DONE), ALICE)
    store.close()
    return path


def test_suggest_counts_per_recommender_and_json_offsets_index_the_text(project):
    summary = run(project, "suggest").output
    assert "in 3 documents" in summary and "string" in summary and "rules:quote-marks" in summary
    lines = run(project, "suggest", "--json", "--doc", "d2", "--recommender", "string").output
    [record] = [orjson.loads(line) for line in lines.splitlines()]
    assert record["id"] == "d2"
    texts = {TEXTS["d2"][s["start"] : s["end"]] for s in record["suggestions"]}
    assert texts == {"Lukashenko", "Minsk"}
    run(project, "suggest", "--doc", "nope", ok=False)


def test_evaluate_prints_a_table_and_changes_nothing(project):
    store = Store.open(project)
    before = store.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    store.close()
    table = run(project, "suggest", "--evaluate", "--against", "alice").output
    assert "against alice's layer in 3 done documents" in table
    assert any(line.startswith("string") and "actor" in line for line in table.splitlines())
    data = orjson.loads(
        run(project, "suggest", "--evaluate", "--against", "alice", "--json").output
    )
    # d0's and d1's names come from each other (each left out when it is scored); d2 has
    # the same names, unlabelled by alice: two suggestions she did not make.
    string = data["recommenders"]["string"]["actor"]
    assert (string["predicted"], string["gold"]) == (6, 4)
    assert string["exact"]["r"] == 1.0 and string["exact"]["p"] == pytest.approx(4 / 6)
    store = Store.open(project)
    assert store.db.execute("SELECT count(*) FROM audit").fetchone()[0] == before
    store.close()
    assert (
        "bob has marked no document done"
        in run(project, "suggest", "--evaluate", "--against", "bob", ok=False).output
    )


def test_stats_count_the_projects_decisions(project):
    store = Store.open(project)
    first, second, *_ = Suggester(store, "alice", ["string"]).suggest("d2")
    run_operation(store, AcceptSuggestion(first), ALICE)
    run_operation(store, RejectSuggestion(second), ALICE)
    store.close()
    data = orjson.loads(run(project, "suggest", "--stats", "--json").output)
    assert {"recommender": "string", "accepted": 1, "rejected": 1, "rate": 0.5} in data
    assert "string\t1\t1\t0.500" in run(project, "suggest", "--stats").output


def test_export_writes_suggestions_only_when_asked_and_reimports_without_them(project, tmp_path):
    plain, asked = tmp_path / "plain.jsonl", tmp_path / "asked.jsonl"
    run(project, "export", "-o", str(plain))
    run(project, "export", "-o", str(asked), "--include-suggestions")
    assert all("suggestions" not in orjson.loads(line) for line in plain.read_text().splitlines())
    records = [orjson.loads(line) for line in asked.read_text().splitlines()]
    d2 = next(r for r in records if r["id"] == "d2")
    assert {d2["text"][s["start"] : s["end"]] for s in d2["suggestions"]} >= {"Lukashenko"}
    other = tmp_path / "other.belannot"
    CliRunner().invoke(cli, ["--db", str(other), "--user", "alice", "import", str(asked)])
    store = Store.open(other)
    assert store.span_count() == Store.open(project).span_count()  # suggestions stay out
    store.close()
    out = run(project, "export", "-o", str(tmp_path / "x.conll"), "--format", "conll",
              "--include-suggestions", ok=False).output  # fmt: skip
    assert "only jsonl writes suggestions" in out


def test_recommender_settings_and_rules_from_the_terminal(project, tmp_path):
    run(project, "recommenders", "set", "string", "--off")
    assert "string\toff" in run(project, "recommenders", "list").output
    assert "string" not in run(project, "suggest").output.split("documents", 1)[1]
    rules = orjson.loads(run(project, "recommenders", "rules").output)
    assert [rule["name"] for rule in rules] == ["quote-marks", "speech-verbs", "prediction-cues"]
    bad = tmp_path / "rules.json"
    bad.write_text('[{"name": "x", "label": "quote", "regex": "("}]')
    out = run(project, "recommenders", "rules", "--import", str(bad), ok=False).output
    assert "rules.json: rule 'x': regex" in out and len(out.strip().splitlines()) == 1
    good = tmp_path / "good.json"
    good.write_text('[{"name": "minsk", "label": "event", "cues": ["waited"]}]')
    run(project, "recommenders", "rules", "--import", str(good))
    assert "rules:minsk" in run(project, "suggest").output


def test_train_then_suggest_with_the_model(project, tmp_path):
    model = tmp_path / "model"
    result = run(project, "train", "-o", str(model), "--epochs", "15", "--pipe", "ner")
    assert "trained ner: 1 training and 1 dev documents, 4 spans" in result.output
    lines = run(project, "suggest", "--json", "--recommender", "model", "--model", str(model))
    for line in lines.output.splitlines():
        record = orjson.loads(line)
        for s in record["suggestions"]:
            assert TEXTS[record["id"]][s["start"] : s["end"]].strip()


def test_each_rule_is_listed_on_or_off_and_switched_with_set_rules_rule(project):
    listed = run(project, "recommenders", "list").output
    assert "rules:quote-marks\ton" in listed and "rules:speech-verbs\toff" in listed
    assert "rules:speech-verbs" not in run(project, "suggest").output
    run(project, "recommenders", "set", "rules", "--rule", "speech-verbs", "--on")
    assert "rules:speech-verbs\ton" in run(project, "recommenders", "list").output
    assert "rules:speech-verbs" in run(project, "suggest").output
    out = run(project, "recommenders", "set", "rules", "--rule", "nope", "--on", ok=False).output
    assert "no rule 'nope'" in out and len(out.strip().splitlines()) == 1
