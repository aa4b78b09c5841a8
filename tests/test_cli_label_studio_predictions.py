"""``belannot import`` of a Label Studio export with predictions, then ``belannot suggest``:
the predictions are suggestions named after their model, never spans."""

from __future__ import annotations

from pathlib import Path

import orjson

from belannot.core.store import Store
from tests.cli_helpers import invoke as run

SAMPLE = Path(__file__).resolve().parent / "samples" / "peer" / "label_studio"
KEPT_LINE = "Label Studio prediction results kept as suggestions: 5"


def _imported(tmp_path: Path) -> tuple[Path, str]:
    project = tmp_path / "p.belannot"
    path = SAMPLE / "predictions_models.json"
    output = run(project, "import", "--create-labels", str(path)).output
    return project, output


def test_the_import_report_counts_what_was_kept_and_what_was_not(tmp_path):
    project, output = _imported(tmp_path)
    assert KEPT_LINE in output.splitlines()
    assert "not represented: Label Studio prediction results on no text region: 1" in output
    assert "2 documents added" in output and "1 spans added" in output
    store = Store.open(project)
    try:
        assert sum(len(store.spans(d)) for d in store.document_ids()) == 1
    finally:
        store.close()


def test_suggest_lists_them_with_their_model_as_the_source(tmp_path):
    project, _ = _imported(tmp_path)
    assert "imported\ton" in run(project, "recommenders", "list").output
    lines = run(project, "suggest", "--json", "--recommender", "imported", user="anna").output
    found = {
        (s["label"], s["recommender"]) for line in lines.splitlines()
        for s in orjson.loads(line)["suggestions"]
    }  # fmt: skip
    assert found == {
        ("PER", "label-studio:ner-v1"),  # Putin: anna's own Lukashenko is not offered
        ("LOC", "label-studio:ner-v1"),
        ("GPE", "label-studio:ner-v2"),
    }
    summary = run(project, "suggest", user="anna").output
    assert "label-studio:ner-v1\t3" in summary and "label-studio:ner-v2\t1" in summary
    report = orjson.loads(
        run(project, "suggest", "--evaluate", "--against", "anna", "--json").output
    )
    per = report["recommenders"]["label-studio:ner-v1"]["PER"]
    assert (per["predicted"], per["exact"]["p"]) == (2, 0.5)  # Lukashenko yes, Putin no
    run(project, "recommenders", "set", "imported", "--off")
    assert "label-studio" not in run(project, "suggest", user="anna").output
