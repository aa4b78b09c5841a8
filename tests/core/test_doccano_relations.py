"""doccano carries relations in its relation-extraction JSONL (``entities`` + ``relations``)."""

from __future__ import annotations

import orjson
import pytest

from belannot.core.errors import InputError
from belannot.core.formats.exporting import ExportOptions
from belannot.core.formats.registry import export
from belannot.core.importing.pipeline import import_files
from belannot.core.model import Label
from belannot.core.relations import RelationType
from belannot.core.store import SpanFilter, Store
from tests.core.formats_fixtures import fill
from tests.core.relations_fixtures import (
    IMPORTER,
    attribute_keys,
    relation_keys,
)
from tests.core.relations_fixtures import fresh as fresh  # noqa: F401 (the fixture)
from tests.core.relations_fixtures import project as project  # noqa: F401 (the fixture)


def _lines(path):
    return {line["id"]: line for line in map(orjson.loads, path.read_bytes().splitlines())}


def test_a_project_with_relations_is_written_in_the_relation_form(project, tmp_path):
    export(project, "doccano", tmp_path / "d.jsonl")
    emoji = _lines(tmp_path / "d.jsonl")["emoji"]
    assert set(emoji) == {"id", "text", "entities", "relations"}
    entities = {e["id"]: e for e in emoji["entities"]}
    assert set(next(iter(entities.values()))) >= {"id", "start_offset", "end_offset", "label"}
    by_type = {r["type"]: r for r in emoji["relations"]}
    assert set(by_type["speaker"]) == {"id", "from_id", "to_id", "type"}
    head, tail = entities[by_type["speaker"]["from_id"]], entities[by_type["speaker"]["to_id"]]
    assert (head["label"], tail["label"]) == ("quote", "actor")
    text = emoji["text"]
    assert text[tail["start_offset"] : tail["end_offset"]] == "Putin"
    prediction = next(e for e in emoji["entities"] if e["label"] == "prediction")
    assert prediction["attributes"]["outcome"] == "came true"
    ids = [e["id"] for line in _lines(tmp_path / "d.jsonl").values() for e in line["entities"]]
    assert len(ids) == len(set(ids))  # unique in the file, as doccano's own are


def test_a_project_without_relations_or_attributes_keeps_the_label_form(store, tmp_path):
    fill(store)
    export(store, "doccano", tmp_path / "d.jsonl")
    assert set(_lines(tmp_path / "d.jsonl")["emoji"]) == {"id", "text", "label"}


def test_round_trip_gives_the_same_relations_and_attributes(project, fresh, tmp_path):
    export(project, "doccano", tmp_path / "d.jsonl")
    report = import_files(fresh, [tmp_path / "d.jsonl"], user=IMPORTER)
    assert report.relations_added == 7
    assert relation_keys(fresh) == relation_keys(project)
    assert attribute_keys(fresh) == attribute_keys(project)


def test_approved_only_leaves_out_and_counts_relations_with_an_end_not_exported(project, tmp_path):
    options = ExportOptions(span_filter=SpanFilter.approved_only())
    [report] = export(project, "doccano", tmp_path / "gold.jsonl", options)
    lines = _lines(tmp_path / "gold.jsonl")
    assert lines["combining"]["relations"] == []
    assert [r["type"] for r in lines["emoji"]["relations"]] == ["speaker"]
    assert report.relations_left_out == 1
    assert "1 relations left out" in report.summary()


# doccano's own relation-extraction example
# (backend/data_import/pipeline/examples/relation_extraction/example.jsonl), on one line.
PEER = (
    '{"text": "Google was founded on September 4, 1998, by Larry Page and Sergey Brin.", '
    '"entities": [{"id": 0, "start_offset": 0, "end_offset": 6, "label": "ORG"}, '
    '{"id": 1, "start_offset": 22, "end_offset": 39, "label": "DATE"}, '
    '{"id": 2, "start_offset": 44, "end_offset": 54, "label": "PERSON"}, '
    '{"id": 3, "start_offset": 59, "end_offset": 70, "label": "PERSON"}], '
    '"relations": [{"from_id": 0, "to_id": 1, "type": "foundedAt"}, '
    '{"from_id": 0, "to_id": 2, "type": "foundedBy"}, '
    '{"from_id": 0, "to_id": 3, "type": "foundedBy"}]}\n'
)


def _peer_schema(store: Store) -> None:
    with store.transaction():
        for number, name in enumerate(("ORG", "DATE", "PERSON")):
            store.add_label(Label(name, "#aa0000", position=10 + number))
        store.add_relation_type(RelationType("foundedAt", ("ORG",), ("DATE",), position=10))
        store.add_relation_type(RelationType("foundedBy", ("ORG",), ("PERSON",), position=11))


def test_doccanos_own_relation_example_imports_with_its_relations(fresh, tmp_path):
    _peer_schema(fresh)
    path = tmp_path / "example.jsonl"
    path.write_text(PEER, encoding="utf-8")
    report = import_files(fresh, [path], user=IMPORTER, fmt="doccano")
    assert (report.spans_added, report.relations_added) == (4, 3)
    assert {(kind, head[3], tail[3]) for _, kind, head, tail in relation_keys(fresh)} == {
        ("foundedAt", "Google", "September 4, 1998"),
        ("foundedBy", "Google", "Larry Page"),
        ("foundedBy", "Google", "Sergey Brin"),
    }


@pytest.mark.parametrize(
    "relation, field, message",
    [
        ({"from_id": 0, "to_id": 9, "type": "foundedAt"}, "relations[0].to_id", "no entity 9"),
        ({"from_id": 0, "to_id": 1}, "relations[0].type", "missing"),
        ({"from_id": 0, "to_id": 1, "type": "bornIn"}, "relations[0].type", "unknown relation"),
        ([0, 1], "relations[0]", "must be an object"),
    ],
)
def test_bad_relations_are_refused_with_file_line_and_field(
    fresh, tmp_path, relation, field, message
):
    _peer_schema(fresh)
    line = orjson.loads(PEER)
    line["relations"] = [relation]
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"text": "First."}\n' + orjson.dumps(line) + b"\n")
    with pytest.raises(InputError, match=message) as raised:
        import_files(fresh, [path], user=IMPORTER, fmt="doccano")
    assert f"{path}:2" in str(raised.value) and field in str(raised.value)
    assert fresh.document_count() == 0 and fresh.relation_count() == 0
