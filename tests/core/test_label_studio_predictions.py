"""Label Studio predictions are kept with their document and offered as suggestions by the
``imported`` recommender: never spans until an annotator accepts one."""

from __future__ import annotations

import json
from pathlib import Path

from belannot.core.formats.registry import export
from belannot.core.history import History
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.operations import run
from belannot.core.recommenders.settings import SetRecommender
from belannot.core.schema_edits import AddLabel, DeleteLabel
from belannot.core.store import Store
from belannot.core.suggestion_commands import AcceptSuggestion, RejectSuggestion
from belannot.core.suggestions import Suggester

SAMPLE = (
    Path(__file__).resolve().parents[1]
    / "samples"
    / "peer"
    / "label_studio"
    / "predictions_models.json"
)
IMPORTER = User("importer")
ANNA = User("anna")
KEY = "label_studio_predictions"
NO_REGION = "Label Studio prediction results on no text region"
NO_LABEL = "Label Studio prediction results of labels the project lacks"
KEPT = "Label Studio prediction results kept as suggestions"


def _utf16_to_points(text: str, units: int) -> int:
    """An independent reading of UTF-16 offsets: count units until ``units``."""
    at = 0
    for index, char in enumerate(text):
        if at == units:
            return index
        at += 2 if ord(char) > 0xFFFF else 1
    assert at == units
    return len(text)


def expected_predictions() -> dict[str, list[list[object]]]:
    """Text → [start, end, label, score, model_version] of every text region predicted,
    read here from the file without belannot's reader."""
    found: dict[str, list[list[object]]] = {}
    for task in json.loads(SAMPLE.read_text("utf-8")):
        text = task["data"]["text"]
        for prediction in task["predictions"]:
            for result in prediction["result"]:
                value = result["value"]
                if "start" not in value:
                    continue
                start, end = value["start"], value["end"]
                if text[start:end] != value["text"]:
                    start = _utf16_to_points(text, start)
                    end = _utf16_to_points(text, end)
                assert text[start:end] == value["text"]
                score = result.get("score", prediction.get("score"))
                for label in value["labels"]:
                    found.setdefault(text, []).append(
                        [start, end, label, score, prediction["model_version"]]
                    )
    return found


def _import(store: Store, **options: object):
    return import_files(store, [SAMPLE], user=IMPORTER, fmt="label-studio", **options)


def _by_text(store: Store) -> dict[str, str]:
    return {store.document_text(d): d for d in store.document_ids()}


def test_predictions_are_kept_with_the_document_and_make_no_span(store):
    report = _import(store, create_labels=True)
    expected = expected_predictions()
    spans = []
    for text, document_id in _by_text(store).items():
        document = store.document(document_id)
        assert document.meta.extra.get(KEY, []) == expected.get(text, [])
        spans += [(s.label, text[s.start : s.end], s.annotator) for s in store.spans(document_id)]
    assert spans == [("PER", "Lukashenko", "anna")]  # the annotation's span alone
    assert report.suggestions_kept == {KEPT: 5}
    assert f"{KEPT}: 5" in report.lines()
    assert report.not_represented == {NO_REGION: 1}
    assert "GPE" in report.created["labels"]  # --create-labels makes the predictions' labels


def test_predictions_of_labels_the_project_lacks_are_counted_not_kept(store):
    for name, colour in (("PER", "#0072B2"), ("LOC", "#E69F00")):
        run(store, AddLabel(name, colour), IMPORTER)
    report = _import(store)
    kept = [p for d in store.document_ids() for p in store.document(d).meta.extra.get(KEY, [])]
    assert sorted(p[2] for p in kept) == ["LOC", "LOC", "PER", "PER"]
    assert report.suggestions_kept == {KEPT: 4}
    assert report.not_represented == {NO_REGION: 1, NO_LABEL: 1}


def test_the_imported_recommender_offers_them_by_model_version(store):
    _import(store, create_labels=True)
    texts = _by_text(store)
    first = texts["😀 Lukashenko met Putin in Minsk."]
    text = store.document_text(first)
    offered = Suggester(store, ANNA.name).suggest(first)
    mine = [
        (text[s.start : s.end], s.label, s.score, s.recommender)
        for s in offered
        if s.recommender.startswith("label-studio:")
    ]
    # Anna's own Lukashenko span is not offered to her again; the others are.
    assert mine == [
        ("Putin", "PER", 0.8, "label-studio:ner-v1"),
        ("Minsk", "GPE", 0.9, "label-studio:ner-v2"),
        ("Minsk", "LOC", 0.6, "label-studio:ner-v1"),
    ]
    bob = Suggester(store, "bob", names=["imported"]).suggest(first)
    assert ("Lukashenko", "PER") in {(text[s.start : s.end], s.label) for s in bob}
    assert all(s.recommender.startswith("label-studio:") for s in bob)
    run(store, SetRecommender("imported", enabled=False), ANNA)
    after = Suggester(store, ANNA.name).suggest(first)
    assert not any(s.recommender.startswith("label-studio:") for s in after)


def test_accepting_one_makes_a_pending_span_with_provenance_and_a_rejected_one_goes(store):
    _import(store, create_labels=True)
    document_id = _by_text(store)["😀 Lukashenko met Putin in Minsk."]
    history = History(store)
    store.ensure_user(ANNA.name)

    def offered() -> list:
        return Suggester(store, ANNA.name, names=["imported"]).suggest(document_id)

    putin = next(s for s in offered() if s.label == "PER")
    history.do(AcceptSuggestion(putin), ANNA)
    [span] = [s for s in store.spans(document_id) if (s.start, s.end) == (17, 22)]
    assert (span.label, span.annotator, span.status.value) == ("PER", "anna", "pending")
    assert store.span_provenance(span.id) == ("label-studio:ner-v1", 0.8)
    assert putin.key not in {s.key for s in offered()}
    gpe = next(s for s in offered() if s.label == "GPE")
    history.do(RejectSuggestion(gpe), ANNA)
    assert [(s.label, s.recommender) for s in offered()] == [("LOC", "label-studio:ner-v1")]
    run(store, DeleteLabel("LOC"), IMPORTER)
    assert offered() == []  # a label the project no longer has is not offered


def test_export_writes_no_prediction_as_an_annotation(store, tmp_path):
    _import(store, create_labels=True)
    out = tmp_path / "out.json"
    export(store, "label-studio", out)
    tasks = json.loads(out.read_text("utf-8"))
    results = [r for t in tasks for a in t["annotations"] for r in a["result"]]
    assert [(r["value"]["text"], r["value"]["labels"]) for r in results] == [
        ("Lukashenko", ["PER"])
    ]
    assert all(t["predictions"] == [] for t in tasks)
