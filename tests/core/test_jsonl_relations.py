"""belannot JSONL carries relations: export, import, refusals, and unknown fields."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from belannot.cli import cli
from belannot.core.commands import AddSpan
from belannot.core.errors import InputError
from belannot.core.formats.jsonl import export_jsonl
from belannot.core.history import History
from belannot.core.importing.pipeline import import_files
from belannot.core.model import Document, Role, SpanStatus, User
from belannot.core.relation_commands import AddRelation, ApproveRelation
from belannot.core.review import ApproveSpan
from belannot.core.store import SpanFilter, Store
from tests.core.cli_fixtures import cli_project as cli_project  # noqa: F401 (the fixture)
from tests.core.cli_fixtures import user_option
from tests.core.drawn_projects import drawing
from tests.core.drawn_projects import scratch as scratch  # noqa: F401 (the fixture)

TEXT = "“We will not fight,” Lukashenko said. 😀\r\nHe may invade Ukraine."
ALICE, RITA = User("alice"), User("rita", Role.REVIEWER)


def _annotated(store: Store) -> dict[str, str]:
    store.add_document(Document("d1", TEXT))
    store.add_document(Document("d2", "Nothing linked here."))
    history = History(store)
    ids = {}
    for name, label, start, end in (
        ("quote", "quote", 0, 19),
        ("actor", "actor", 21, 31),
        ("prediction", "prediction", 41, 63),
        ("event", "event", 48, 63),
    ):
        [ids[name]] = history.do(AddSpan("d1", start, end, label), ALICE).span_ids
    history.do(AddRelation(ids["quote"], ids["actor"], "speaker", relation_id="r1"), ALICE)
    history.do(AddRelation(ids["prediction"], ids["event"], "about", relation_id="r2"), ALICE)
    return ids


def _project(store: Store) -> tuple:
    documents = []
    for document_id in store.document_ids():
        spans = sorted(
            (s.id, s.start, s.end, s.label, s.annotator, s.status) for s in store.spans(document_id)
        )
        documents.append(
            (document_id, store.document(document_id).text, spans, store.relations(document_id))
        )
    return tuple(documents)


def test_export_then_import_gives_the_same_project(tmp_path, store, fresh):
    _annotated(store)
    out = tmp_path / "out.jsonl"
    report = export_jsonl(store, out)
    assert report.documents == 2
    lines = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert [r["id"] for r in lines[0]["relations"]] == sorted(
        ["r1", "r2"], key=lambda i: {"r1": "speaker", "r2": "about"}[i]
    )
    assert set(lines[0]["relations"][0]) == {
        "id",
        "type",
        "head",
        "tail",
        "annotator",
        "status",
        "reviewer",
        "created",
        "updated",
    }
    assert "relations" not in lines[1]  # a document without relations: as before relations
    other = fresh
    imported = import_files(other, [out], user=ALICE)
    assert imported.relations_added == 2 and "2 relations added" in imported.summary()
    assert _project(other) == _project(store)
    again = import_files(other, [out], user=ALICE)  # nothing twice
    assert (again.relations_added, again.relations_existing) == (0, 2)
    assert _project(other) == _project(store)


def test_approved_only_exports_take_approved_relations_between_exported_spans(tmp_path, store):
    ids = _annotated(store)
    history = History(store)
    history.do(ApproveSpan(ids["quote"]), RITA)
    history.do(ApproveSpan(ids["actor"]), RITA)
    history.do(ApproveSpan(ids["prediction"]), RITA)
    out = tmp_path / "gold.jsonl"
    export_jsonl(store, out, span_filter=SpanFilter.approved_only())
    first = orjson.loads(out.read_bytes().splitlines()[0])
    assert "relations" not in first  # r1 is pending; r2's tail is not approved
    history.do(ApproveRelation("r1"), RITA)
    export_jsonl(store, out, span_filter=SpanFilter.approved_only(), overwrite=True)
    first = orjson.loads(out.read_bytes().splitlines()[0])
    assert [(r["id"], r["status"]) for r in first["relations"]] == [("r1", "approved")]


def _line(**changes):
    record = {
        "id": "d1",
        "text": TEXT,
        "spans": [
            {"id": "q", "start": 0, "end": 19, "label": "quote"},
            {"id": "a", "start": 21, "end": 31, "label": "actor"},
        ],
        "relations": [{"type": "speaker", "head": "q", "tail": "a"}],
    }
    record.update(changes)
    return record


def _write(tmp_path, *records):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


@pytest.mark.parametrize(
    "relations, field, message",
    [
        ([{"type": "speaker", "head": "q", "tail": "zz"}], "relations[0].tail", "no span 'zz'"),
        (
            [{"type": "married", "head": "q", "tail": "a"}],
            "relations[0].type",
            "unknown relation type",
        ),
        (
            [{"type": "speaker", "head": "a", "tail": "q"}],
            "relations[0].type",
            "from actor to quote",
        ),
        ([{"type": "speaker", "head": "q"}], "relations[0].tail", "missing"),
        (
            [{"type": "speaker", "head": "q", "tail": "a", "status": "maybe"}],
            "relations[0].status",
            "unknown status",
        ),
        (
            [{"type": "speaker", "head": "q", "tail": "a", "weight": 2}],
            "relations[0].weight",
            "unknown field",
        ),
        ({"type": "speaker"}, "relations", "must be a list"),
    ],
)
def test_bad_relations_are_refused_with_file_line_and_field(
    tmp_path, store, relations, field, message
):
    path = _write(tmp_path, {"text": "First."}, _line(relations=relations))
    with pytest.raises(InputError, match=message) as raised:
        import_files(store, [path], user=ALICE)
    assert f"{path}:2" in str(raised.value) and field in str(raised.value)
    assert store.document_count() == 0 and store.relation_count() == 0


@pytest.mark.parametrize(
    "record, field",
    [
        ({"text": "Hi.", "comments": []}, "comments"),
        (
            {"text": "Hi.", "spans": [{"start": 0, "end": 2, "label": "actor", "score": 1}]},
            "spans[0].score",
        ),
    ],
)
def test_unknown_fields_are_named_unless_ignored(tmp_path, store, record, field):
    path = _write(tmp_path, record)
    with pytest.raises(InputError, match="unknown field") as raised:
        import_files(store, [path], user=ALICE)
    assert field in str(raised.value)
    report = import_files(store, [path], user=ALICE, ignore_unknown=True)
    assert report.documents_added == 1


def test_the_import_command_takes_ignore_unknown(cli_project, tmp_path):
    path = _write(tmp_path, {"text": "Hi.", "comments": []})
    target, project = cli_project()
    args = ["--db", project, *user_option(target, "alice"), "import", str(path)]
    refused = CliRunner().invoke(cli, args)
    assert (
        refused.exit_code == 1
        and "comments" in refused.output
        and "Traceback" not in refused.output
    )
    assert CliRunner().invoke(cli, [*args, "--ignore-unknown"]).exit_code == 0


def test_relations_to_spans_already_stored_under_other_ids(tmp_path, store):
    import_files(store, [_write(tmp_path, _line(relations=[]))], user=ALICE)
    renamed = _line(
        spans=[
            {"id": "q2", "start": 0, "end": 19, "label": "quote"},
            {"id": "a2", "start": 21, "end": 31, "label": "actor"},
        ],
        relations=[
            {"id": "r9", "type": "speaker", "head": "q2", "tail": "a2", "status": "approved"}
        ],
    )
    report = import_files(store, [_write(tmp_path, renamed)], user=ALICE)
    assert report.spans_existing == 2 and report.relations_added == 1
    [relation] = store.relations("d1")
    assert (relation.head, relation.tail, relation.status) == ("q", "a", SpanStatus.APPROVED)


_SPANS = st.lists(
    st.tuples(
        st.sampled_from(["quote", "actor", "prediction", "event"]),
        st.integers(0, 40),
        st.integers(1, 8),
    ),
    min_size=2,
    max_size=8,
    unique_by=lambda s: (s[1], s[2], s[0]),
)


def test_round_trip_property(backend, scratch, tmp_path_factory):
    @drawing(backend, 25)
    @given(
        spans=_SPANS,
        links=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=10),
        data=st.data(),
    )
    def check(spans, links, data):
        folder = tmp_path_factory.mktemp("rt")
        store, other = scratch(), scratch()
        try:
            text = "😀 Lukashenko\r\nsaid “no” and may invade Ukraine, all but certain.\n"
            store.add_document(Document("d1", text))
            history = History(store)
            ids = []
            for label, start, width in spans:
                [span_id] = history.do(
                    AddSpan("d1", start, min(start + width, len(text)), label), ALICE
                ).span_ids
                ids.append((span_id, label))
            types = store.relation_types()
            for head, tail in links:
                if head >= len(ids) or tail >= len(ids) or head == tail:
                    continue
                fitting = [t for t in types if t.allows(ids[head][1], ids[tail][1])]
                if fitting:
                    kind = data.draw(st.sampled_from(fitting)).name
                    try:
                        history.do(AddRelation(ids[head][0], ids[tail][0], kind), ALICE)
                    except Exception as error:  # a duplicate link drawn twice
                        assert "exists already" in str(error)
            export_jsonl(store, folder / "out.jsonl")
            import_files(other, [folder / "out.jsonl"], user=ALICE)
            assert _project(other) == _project(store)
        finally:
            store.close()
            other.close()

    check()
