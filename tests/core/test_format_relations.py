"""Relations and attributes in the Prodigy, spaCy, Hugging Face and CoNLL exports."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest

from belannot.core.formats.exporting import ExportOptions
from belannot.core.formats.registry import export
from belannot.core.history import History
from belannot.core.importing.pipeline import import_files
from belannot.core.model import SpanStatus, User
from belannot.core.relations import Relation
from belannot.core.span_attributes import SetSpanAttribute
from belannot.core.store import SpanFilter, Store
from belannot.core.store.exports import RELATION_JSON_FIELDS
from tests.core.cli_fixtures import cli_project as cli_project  # noqa: F401 (the fixture)
from tests.core.formats_fixtures import SPANS, TEXTS, fill

DOCS = Path(__file__).parent.parent.parent / "docs" / "EXPORTS.md"

# (id, type, head span number, tail span number, status): numbers index SPANS.
RELATIONS = [
    ("r1", "speaker", 2, 0, SpanStatus.APPROVED),  # emoji, alice, both ends approved
    ("r2", "source", 3, 1, SpanStatus.PENDING),  # emoji, bob
    ("r3", "participant", 5, 4, SpanStatus.PENDING),  # emoji, alice
    ("r4", "participant", 7, 8, SpanStatus.APPROVED),  # combining, bob: tail rejected
    ("r5", "speaker", 9, 6, SpanStatus.PENDING),  # combining, alice
    ("r6", "source", 11, 10, SpanStatus.APPROVED),  # plain, alice: head pending
]
# (span number, attribute, value)
ATTRIBUTES = [(2, "mode", "direct"), (3, "certainty", "likely"), (11, "certainty", "possible")]


def _span_id(number: int) -> str:
    return f"s{number}"


def linked(store: Store) -> Store:
    """The emoji/CRLF fixture with relations in both layers and a few attribute values."""
    fill(store, span_id=_span_id)
    relations = []
    for relation_id, kind, head, tail, status in RELATIONS:
        document, annotator = SPANS[head][0], SPANS[head][4]
        relations.append(
            Relation(relation_id, document, kind, _span_id(head), _span_id(tail), annotator, status)
        )
    with store.transaction():
        store.insert_relations(relations)
    history = History(store)
    for number, name, value in ATTRIBUTES:
        history.do(SetSpanAttribute(_span_id(number), name, value), User(SPANS[number][4]))
    return store


@pytest.fixture
def project(store: Store) -> Store:
    return linked(store)


def _ends(store: Store) -> set[tuple]:
    """(text, type, head offsets + label, tail offsets + label, annotator): across projects."""
    found = set()
    for document_id in store.document_ids():
        text = store.document(document_id).text
        spans = {span.id: span for span in store.spans(document_id)}
        for r in store.relations(document_id):
            head, tail = spans[r.head], spans[r.tail]
            found.add(
                (
                    text,
                    r.type,
                    (head.start, head.end, head.label),
                    (tail.start, tail.end, tail.label),
                    r.annotator,
                )
            )
    return found


def _attributes(store: Store) -> set[tuple]:
    return {
        (store.document(s.document_id).text, s.start, s.end, s.label, name, value)
        for document_id in store.document_ids()
        for s in store.spans(document_id)
        for name, value in s.attributes.items()
    }


# -- Prodigy ------------------------------------------------------------------------------


def test_prodigy_relations_point_at_the_last_token_of_each_span(project, tmp_path):
    [report] = export(project, "prodigy", tmp_path / "out.jsonl")
    tasks = [orjson.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert report.relations == len(RELATIONS)
    seen = 0
    for task in tasks:
        for relation in task.get("relations", []):
            seen += 1
            assert set(relation) == {"head", "child", "head_span", "child_span", "label"}
            for end, span in (("head", "head_span"), ("child", "child_span")):
                assert relation[end] == relation[span]["token_end"]
                assert relation[span] in task["spans"]
                token = task["tokens"][relation[end]]
                assert token["end"] == relation[span]["end"]
    assert seen == len(RELATIONS)
    quote = next(
        s for t in tasks for s in t["spans"] if s["label"] == "quote" and "attributes" in s
    )
    assert quote["attributes"] == {"mode": "direct"}


def test_prodigy_export_then_import_gives_the_relations_and_attributes(
    project, fresh, tmp_path
):
    export(project, "prodigy", tmp_path / "out.jsonl")
    other = fresh
    report = import_files(other, [tmp_path / "out.jsonl"], user=User("alice"), fmt="prodigy")
    assert report.relations_added == len(RELATIONS)
    assert _ends(other) == _ends(project)
    assert _attributes(other) == _attributes(project)
    again = import_files(other, [tmp_path / "out.jsonl"], user=User("alice"), fmt="prodigy")
    assert again.relations_added == 0


def test_prodigy_relation_at_a_token_no_span_ends_at_is_refused(tmp_path, store):
    text = "Putin said it."
    task = {
        "text": text,
        "tokens": [],
        "spans": [{"start": 0, "end": 5, "token_start": 0, "token_end": 0, "label": "actor"}],
        "relations": [{"head": 2, "child": 0, "label": "speaker"}],
        "answer": "accept",
    }
    path = tmp_path / "in.jsonl"
    path.write_bytes(orjson.dumps(task) + b"\n")
    with pytest.raises(Exception, match=r"relations\[0\]\.head.*no span ends at token 2"):
        import_files(store, [path], user=User("alice"), fmt="prodigy")
    assert store.document_count() == 0


# -- spaCy --------------------------------------------------------------------------------


def reader_snippet() -> str:
    text = DOCS.read_text(encoding="utf-8")
    [code] = re.findall(r"<!-- spacy-reader -->\s*```python\n(.*?)```", text, re.S)
    return code


def test_spacy_docbin_gives_relations_and_attributes_through_the_documented_reader(
    project, tmp_path
):
    [report] = export(project, "spacy", tmp_path / "out.spacy")
    assert report.relations == len(RELATIONS)
    namespace: dict = {}
    exec(compile(reader_snippet(), str(DOCS), "exec"), namespace)
    found, attributes = set(), set()
    for doc, relations, span_attributes in namespace["read_belannot"](tmp_path / "out.spacy"):
        for head, kind, tail in relations:
            found.add(
                (
                    doc.text,
                    kind,
                    (head.start_char, head.end_char, head.label_),
                    (tail.start_char, tail.end_char, tail.label_),
                )
            )
        for span, values in span_attributes:
            for name, value in values.items():
                attributes.add((doc.text, span.start_char, span.end_char, span.label_, name, value))
    assert found == {ends[:4] for ends in _ends(project)}
    assert attributes == _attributes(project)


# -- Hugging Face -------------------------------------------------------------------------


def test_hf_dataset_has_a_relations_column_and_span_attributes(project, tmp_path):
    import datasets

    [report] = export(project, "hf", tmp_path / "hf")
    assert report.relations == len(RELATIONS)
    dataset = datasets.load_from_disk(str(tmp_path / "hf"))
    assert "relations" in dataset.column_names
    found, attributes = set(), set()
    for row in dataset:
        spans = row["spans"]
        for relation in row["relations"]:
            head, tail = spans[relation["head"]], spans[relation["tail"]]
            found.add(
                (
                    row["text"],
                    relation["type"],
                    (head["start"], head["end"], head["label"]),
                    (tail["start"], tail["end"], tail["label"]),
                    relation["annotator"],
                )
            )
        for span in spans:
            for name, value in orjson.loads(span["attributes"]).items():
                attributes.add(
                    (row["text"], span["start"], span["end"], span["label"], name, value)
                )
    assert found == _ends(project)
    assert attributes == _attributes(project)


# -- CoNLL and what is left out -----------------------------------------------------------


def test_conll_report_counts_the_relations_and_attributes_it_cannot_carry(project, tmp_path):
    [report] = export(project, "conll", tmp_path / "out.conll")
    assert report.relations == 0
    assert report.relations_left_out == len(RELATIONS)
    assert report.attributes_left_out == len(ATTRIBUTES)
    assert f"{len(RELATIONS)} relations left out" in report.summary()
    assert f"{len(ATTRIBUTES)} attribute values left out" in report.summary()
    assert any("CoNLL" in note and "relations" in note for note in report.notes)


@pytest.mark.parametrize("name", ["jsonl", "prodigy", "spacy", "hf", "conll"])
def test_approved_only_leaves_out_relations_with_an_end_not_exported_and_counts_them(
    project, tmp_path, name
):
    options = ExportOptions(span_filter=SpanFilter.approved_only())
    [report] = export(project, name, tmp_path / f"out-{name}", options)
    carried = 0 if name == "conll" else 1  # r1; r4's tail and r6's head are not approved
    assert report.relations == carried
    assert report.relations_left_out == 2 + (1 - carried)


def test_the_fixture_has_emoji_and_crlf():
    assert "\r\n" in TEXTS["emoji"] and "🎉" in TEXTS["emoji"]


def test_stats_count_relations(cli_project):
    from click.testing import CliRunner

    from belannot.cli import cli

    path = cli_project(linked)[1]
    result = CliRunner().invoke(cli, ["--db", path, "stats", "--json"])
    assert result.exit_code == 0, result.output
    numbers = orjson.loads(result.output)
    assert numbers["relations"] == len(RELATIONS)
    assert numbers["relation_types"]["speaker"] == 2
    text = CliRunner().invoke(cli, ["--db", path, "stats"]).output
    assert f"relations: {len(RELATIONS)}" in text


@pytest.mark.parametrize(
    "options",
    [
        ExportOptions(),
        ExportOptions(span_filter=SpanFilter.approved_only()),
        ExportOptions(span_filter=SpanFilter(annotators=("bob",))),
        ExportOptions(span_filter=SpanFilter(labels=("actor", "quote"))),
        ExportOptions(document_filter=lambda document_id: document_id != "emoji"),
    ],
    ids=["all", "approved", "bob", "labels", "skips-a-document"],
)
def test_jsonl_relations_fast_path_is_the_slow_one(project, tmp_path, options):
    from belannot.core.formats.jsonl import export_jsonl
    from belannot.core.formats.relations_out import exported_relations

    # An id JSON must escape: SQLite writes the JSON of this path, orjson the slow one's.
    odd = Relation('q"\\\n\x01\x7fé😀\u2028', "plain", "speaker", _span_id(12), _span_id(10), "bob")
    with project.transaction():
        project.insert_relations([odd])
    report = export_jsonl(project, tmp_path / "out.jsonl", options)
    written, left_out = {}, 0
    for line in (tmp_path / "out.jsonl").read_bytes().splitlines():
        record = orjson.loads(line)
        exported = {span["id"] for span in record["spans"]}
        relations, missing = exported_relations(
            project, record["id"], exported, options.span_filter.statuses
        )
        left_out += missing
        if relations:
            record["relations"] = [
                {name: getattr(r, name) for name in RELATION_JSON_FIELDS}
                | {"status": r.status.value}
                for r in relations
            ]
        else:
            assert "relations" not in record
        assert orjson.dumps(record) == line  # byte for byte
        written[record["id"]] = len(relations)
    assert (report.relations, report.relations_left_out) == (sum(written.values()), left_out)


def test_prodigy_leaves_out_and_counts_a_link_between_two_annotators_spans(project, tmp_path):
    project.ensure_user("rita")
    gold = Relation("g1", "emoji", "source", _span_id(3), _span_id(0), "rita")  # bob's → alice's
    with project.transaction():
        project.insert_relations([gold])
    [report] = export(project, "prodigy", tmp_path / "out.jsonl")
    assert (report.relations, report.relations_left_out) == (len(RELATIONS), 1)
    assert any("two annotators" in note for note in report.notes)
    assert "1 relations left out" in report.summary()
