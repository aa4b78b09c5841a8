"""Label Studio carries relations (``relation`` results) and attributes (per-region results)."""

from __future__ import annotations

import orjson
import pytest

from belannot.core.attributes import AttributeDef, AttributeKind
from belannot.core.errors import InputError
from belannot.core.formats.exporting import ExportOptions
from belannot.core.formats.registry import export
from belannot.core.importing.pipeline import import_files
from belannot.core.model import Label
from belannot.core.relations import Relation, RelationType
from belannot.core.store import SpanFilter, Store
from tests.core.relations_fixtures import (
    IMPORTER,
    attribute_keys,
    relation_keys,
    span_id,
)
from tests.core.relations_fixtures import fresh as fresh  # noqa: F401 (the fixture)
from tests.core.relations_fixtures import project as project  # noqa: F401 (the fixture)


def _tasks(path):
    return {task["data"]["belannot_id"]: task for task in orjson.loads(path.read_bytes())}


def _results(task, annotator):
    [annotation] = [a for a in task["annotations"] if a["completed_by"]["email"] == annotator]
    return annotation["result"]


def test_relations_and_per_region_results_are_written(project, tmp_path):
    export(project, "label-studio", tmp_path / "ls.json")
    emoji = _tasks(tmp_path / "ls.json")["emoji"]
    alice = _results(emoji, "alice")
    assert {
        "from_id": span_id(2),
        "to_id": span_id(0),
        "type": "relation",
        "direction": "right",
        "labels": ["speaker"],
    } in alice
    same = [r for r in alice if r.get("labels") == ["same"]]
    assert [r["direction"] for r in same] == ["bi"]
    bob = _results(emoji, "bob")
    regional = {(r["from_name"], r["type"]): r["value"] for r in bob if r.get("id") == span_id(3)}
    assert regional[("certainty", "choices")]["choices"] == ["likely"]
    assert regional[("outcome", "choices")]["choices"] == ["came true"]
    assert regional[("horizon", "textarea")]["text"] == ["by the end of 2024"]
    assert regional[("certainty", "choices")]["start"] == regional[("label", "labels")]["start"]
    putin = {(r["from_name"], r["type"]): r["value"] for r in alice if r.get("id") == span_id(0)}
    assert putin[("named", "choices")]["choices"] == ["true"]
    assert putin[("mentions", "number")]["number"] == 3


def test_round_trip_gives_the_same_relations_and_attributes(project, fresh, tmp_path):
    export(project, "label-studio", tmp_path / "ls.json")
    report = import_files(fresh, [tmp_path / "ls.json"], user=IMPORTER)
    assert report.relations_added == 7
    assert relation_keys(fresh) == relation_keys(project)
    assert attribute_keys(fresh) == attribute_keys(project)
    annotators = {
        (fresh.span(r.head).annotator, r.annotator)
        for doc in ("emoji", "combining", "plain")
        for r in fresh.relations(doc)
    }
    assert annotators == {("alice", "alice"), ("bob", "bob")}


def test_approved_only_leaves_out_and_counts_relations_with_an_end_not_exported(project, tmp_path):
    options = ExportOptions(span_filter=SpanFilter.approved_only())
    [report] = export(project, "label-studio", tmp_path / "gold.json", options)
    tasks = _tasks(tmp_path / "gold.json")
    relations = [
        r
        for task in tasks.values()
        for a in task["annotations"]
        for r in a["result"]
        if r["type"] == "relation"
    ]
    assert [(r["from_id"], r["to_id"]) for r in relations] == [(span_id(2), span_id(0))]
    assert report.relations_left_out == 1
    assert "1 relations left out" in report.summary()


# Label Studio's own result items (docs/source/includes/result_format.md, "relations" and
# "per-regions"), on text regions: the relation exactly as the page gives it, with
# "notes", and a per-region text result sharing its region's id.
PEER = [
    {
        "id": 1,
        "data": {"text": "Citibank moved money to banks in Switzerland."},
        "annotations": [
            {
                "completed_by": {"id": 1, "email": "ann@example.com"},
                "result": [
                    {
                        "id": "oid66",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": {"start": 24, "end": 29, "text": "banks", "labels": ["Org"]},
                    },
                    {
                        "id": "RQbW3Sj_Zr",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": {
                            "start": 33,
                            "end": 44,
                            "text": "Switzerland",
                            "labels": ["Place"],
                        },
                    },
                    {
                        "id": "oid66",
                        "from_name": "name",
                        "to_name": "text",
                        "type": "textarea",
                        "value": {"start": 24, "end": 29, "text": ["Roasted beans"]},
                    },
                    {
                        "type": "relation",
                        "to_id": "RQbW3Sj_Zr",
                        "from_id": "oid66",
                        "direction": "right",
                        "labels": ["similar"],
                        "notes": "Optional free text notes about this relationship",
                    },
                ],
            }
        ],
    }
]


def _peer_schema(store: Store) -> None:
    with store.transaction():
        name = (AttributeDef("name", AttributeKind.TEXT),)
        store.add_label(Label("Org", "#aa0000", position=10, attributes=name))
        store.add_label(Label("Place", "#00aa00", position=11))
        store.add_relation_type(RelationType("similar", ("Org",), ("Place",), position=10))


def test_label_studios_own_relation_result_imports(fresh, tmp_path):
    _peer_schema(fresh)
    path = tmp_path / "peer.json"
    path.write_bytes(orjson.dumps(PEER))
    report = import_files(fresh, [path], user=IMPORTER, fmt="label-studio")
    assert (report.spans_added, report.relations_added) == (2, 1)
    [(_, kind, head, tail)] = relation_keys(fresh)
    assert (kind, head[3], tail[3]) == ("similar", "banks", "Switzerland")
    [(_, _, _, label, attributes)] = attribute_keys(fresh)
    assert (label, attributes) == ("Org", (("name", "Roasted beans"),))


def test_direction_left_points_from_to_to_from(fresh, tmp_path):
    _peer_schema(fresh)
    task = orjson.loads(orjson.dumps(PEER))
    relation = task[0]["annotations"][0]["result"][3]
    relation.update(from_id="RQbW3Sj_Zr", to_id="oid66", direction="left")
    path = tmp_path / "left.json"
    path.write_bytes(orjson.dumps(task))
    import_files(fresh, [path], user=IMPORTER, fmt="label-studio")
    [(_, _, head, tail)] = relation_keys(fresh)
    assert (head[3], tail[3]) == ("banks", "Switzerland")


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"labels": ["married"]}, "result[3]", "unknown relation type 'married'"),
        ({"labels": []}, "result[3].labels", "a relation needs its type"),
        ({"to_id": "nowhere"}, "result[3].to_id", "no region 'nowhere'"),
        ({"direction": "up"}, "result[3].direction", "right, left or bi"),
    ],
)
def test_bad_relations_are_refused_with_file_line_and_field(
    fresh, tmp_path, change, field, message
):
    _peer_schema(fresh)
    task = orjson.loads(orjson.dumps(PEER))
    task[0]["annotations"][0]["result"][3].update(change)
    path = tmp_path / "bad.json"
    path.write_bytes(orjson.dumps(task, option=orjson.OPT_INDENT_2))
    with pytest.raises(InputError, match=message) as raised:
        import_files(fresh, [path], user=IMPORTER, fmt="label-studio")
    assert f"{path}:2" in str(raised.value) and field in str(raised.value)
    assert fresh.document_count() == 0 and fresh.relation_count() == 0


def test_a_reviewers_relation_between_another_annotators_spans_round_trips(
    project, fresh, tmp_path
):
    with project.transaction():
        project.ensure_user("rita")
        project.insert_relations(
            [
                Relation(
                    "r9",
                    "emoji",
                    "source",
                    span_id(3),
                    span_id(0),
                    "rita",
                    created="c",
                    updated="c",
                )
            ]
        )
    export(project, "label-studio", tmp_path / "ls.json")
    rita = _results(_tasks(tmp_path / "ls.json")["emoji"], "rita")
    assert [(r["type"], r["from_id"]) for r in rita] == [("relation", span_id(3))]
    import_files(fresh, [tmp_path / "ls.json"], user=IMPORTER)
    assert relation_keys(fresh) == relation_keys(project)
    assert [r.annotator for r in fresh.relations("emoji") if r.annotator == "rita"] == ["rita"]
