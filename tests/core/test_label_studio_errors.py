"""Label Studio errors name the file, the task's line and the task; cancelled work is skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from belannot.core.errors import InputError
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.store import Store

IMPORTER = User("importer")



def _task(n: int, start: object = 0, *, cancelled: bool = False) -> dict:
    return {
        "id": 100 + n,
        "data": {"text": f"Putin spoke {n} times."},
        "annotations": [
            {
                "completed_by": {"id": 1, "email": "anna"},
                "was_cancelled": cancelled,
                "result": [
                    {
                        "id": f"r{n}",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": {"start": start, "end": 5, "labels": ["actor"]},
                    }
                ],
            }
        ],
    }


def _refused(store: Store, path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        import_files(store, [path], user=IMPORTER, fmt="label-studio", create_labels=True)
    return caught.value


def test_an_error_in_a_json_array_names_file_line_and_task(fresh, tmp_path):
    path = tmp_path / "tasks.json"
    text = json.dumps([_task(0), _task(1), _task(2, start="zero"), _task(3)], indent=2)
    path.write_text(text, "utf-8")
    starts = [n + 1 for n, row in enumerate(text.splitlines()) if row == "  {"]
    error = _refused(fresh, path)
    assert str(error).startswith(f"{path}:{starts[2]}: [2].annotations[0]")
    assert "task index 2, Label Studio task id 102" in str(error)


def test_an_error_in_json_lines_names_the_task_line(fresh, tmp_path):
    path = tmp_path / "tasks.jsonl"
    tasks = [_task(0), _task(1), _task(2, start="zero")]
    path.write_text("\n".join(json.dumps(t) for t in tasks) + "\n", "utf-8")
    error = _refused(fresh, path)
    assert error.line == 3
    assert str(error).startswith(f"{path}:3: [2].annotations[0].result[0].value.start")
    assert "task index 2" in str(error)


def test_json_lines_tasks_are_imported(fresh, tmp_path):
    path = tmp_path / "tasks.jsonl"
    path.write_text("\n".join(json.dumps(_task(n)) for n in range(3)) + "\n", "utf-8")
    report = import_files(fresh, [path], user=IMPORTER, fmt="label-studio", create_labels=True)
    assert report.documents_added == 3 and report.spans_added == 3


def test_cancelled_annotations_are_skipped_and_counted_never_gold(fresh, tmp_path):
    path = tmp_path / "tasks.json"
    tasks = [_task(0), _task(1, cancelled=True), _task(2, cancelled=True)]
    path.write_text(json.dumps(tasks, indent=1), "utf-8")
    report = import_files(fresh, [path], user=IMPORTER, fmt="label-studio", create_labels=True)
    cancelled = sum(a["was_cancelled"] for t in tasks for a in t["annotations"])
    assert report.skipped_records == {"Label Studio annotation cancelled (was_cancelled)": 2}
    assert cancelled == 2
    assert report.spans_added == 1
    with_spans = [d for d in fresh.document_ids() if fresh.spans(d)]
    assert [fresh.document_text(d) for d in with_spans] == ["Putin spoke 0 times."]
