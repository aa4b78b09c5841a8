"""Label Studio exports as teams have them: predictions, text under other keys, HyperText."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from belannot.core.errors import InputError
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.store import Store

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "peer" / "label_studio"
IMPORTER = User("importer")



def stored(store: Store) -> list[tuple[str, str]]:
    found = []
    for doc_id in store.document_ids():
        text = store.document_text(doc_id)
        found += [(s.label, text[s.start : s.end]) for s in store.spans(doc_id)]
    return sorted(found)


def test_predictions_are_kept_as_suggestions_and_never_imported_as_gold(fresh):
    path = SAMPLES / "predictions.json"
    tasks = json.loads(path.read_text("utf-8"))
    predicted = sum(len(p["result"]) for task in tasks for p in task.get("predictions", []))
    report = import_files(fresh, [path], user=IMPORTER, fmt="label-studio", create_labels=True)
    gold = [
        (r["value"]["labels"][0], r["value"]["text"])
        for task in tasks
        for a in task["annotations"]
        for r in a["result"]
    ]
    assert stored(fresh) == sorted(gold)
    assert report.suggestions_kept == {
        "Label Studio prediction results kept as suggestions": predicted
    }
    assert report.not_represented == {}
    # Kept, so represented: --strict has nothing to refuse.
    again = import_files(fresh, [path], user=IMPORTER, fmt="label-studio", strict=True)
    assert again.documents_existing == 1


def test_the_single_string_field_of_data_is_the_text(fresh):
    import_files(
        fresh,
        [SAMPLES / "predictions.json"],
        user=IMPORTER,
        fmt="label-studio",
        create_labels=True,
    )
    [doc_id] = fresh.document_ids()
    assert fresh.document_text(doc_id) == "Lukashenko met Putin in Sochi."


def test_several_string_fields_are_refused_naming_them_all(fresh):
    with pytest.raises(InputError) as raised:
        import_files(fresh, [SAMPLES / "two_fields.json"], user=IMPORTER, fmt="label-studio")
    message = str(raised.value)
    assert "'headline'" in message and "'body'" in message
    assert "two_fields.json:1" in message and "[0].data" in message
    assert fresh.document_ids() == []


def test_the_labeling_config_beside_the_file_names_the_text_field(fresh):
    path = SAMPLES / "configured" / "tasks.json"
    import_files(fresh, [path], user=IMPORTER, fmt="label-studio", create_labels=True)
    [doc_id] = fresh.document_ids()
    assert fresh.document_text(doc_id) == "Minsk votes today."
    assert stored(fresh) == [("LOC", "Minsk")]


def test_hypertext_regions_are_refused_by_name(fresh):
    with pytest.raises(InputError) as raised:
        import_files(
            fresh,
            [SAMPLES / "hypertext.json"],
            user=IMPORTER,
            fmt="label-studio",
            create_labels=True,
        )
    message = str(raised.value)
    assert "HyperText" in message and "XPath" in message
    assert "[0].annotations[0].result[0]" in message
    assert fresh.document_ids() == []


def test_task_level_results_are_counted_as_not_represented(fresh):
    path = SAMPLES / "task_choices.json"
    report = import_files(fresh, [path], user=IMPORTER, fmt="label-studio", create_labels=True)
    [doc_id] = fresh.document_ids()
    [span] = fresh.spans(doc_id)
    assert span.attributes == {"certainty": "sure"}
    assert report.not_represented == {"Label Studio results on no region (task-level)": 1}
