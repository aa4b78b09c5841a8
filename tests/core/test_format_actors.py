"""Actor links in every peer format: written, counted in the report, and read back."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given
from hypothesis import strategies as st

from belannot.cli import cli
from belannot.core.actors import NIL_MARKERS, Actor
from belannot.core.errors import InputError
from belannot.core.formats.registry import export
from belannot.core.importing.pipeline import import_files
from belannot.core.model import Document, Span, User
from belannot.core.store import Store
from tests.core.actor_fixtures import ACTORS, LINKS, add_registry, fill_linked, link_keys
from tests.core.cli_fixtures import cli_project as cli_project  # noqa: F401 (the fixture)
from tests.core.cli_fixtures import user_option
from tests.core.drawn_projects import drawing
from tests.core.drawn_projects import scratch as scratch  # noqa: F401 (the fixture)
from tests.core.formats_fixtures import fill
from tests.core.relations_fixtures import declare_schema, span_id
from tests.core.test_relation_format_offsets import _brat_safe, texts

ALICE = User("alice")
# format → the output's name, and where an unknown actor is refused (file:line: field:).
IMPORTED = {
    "brat": ("out", r"\.ann:\d+: N\d+: "),
    "label-studio": (
        "out.json",
        r"out\.json:\d+: \[\d+\]\.annotations\[\d+\]\.result\[\d+\]\.value\.choices: ",
    ),
    "doccano": ("out.jsonl", r"out\.jsonl:\d+: entities\[\d+\]\.actor: "),
    "prodigy": ("out.jsonl", r"out\.jsonl:\d+: spans\[\d+\]\.kb_id: "),
}


@pytest.fixture
def project(store: Store) -> Store:
    return fill_linked(store)


@pytest.fixture
def other(new_project):
    """An empty project on the same backend with the same schema (and no registry)."""
    return declare_schema(new_project())


def _export(project: Store, name: str, path: Path):
    [report] = export(project, name, path)
    return report


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_links_survive_an_export_and_import(project, other, tmp_path, name):
    out = tmp_path / IMPORTED[name][0]
    report = _export(project, name, out)
    assert report.links == len(LINKS)
    assert f"{len(LINKS)} actor links" in report.summary()
    add_registry(other)
    import_files(other, [out], user=ALICE, fmt=name, as_annotator="alice")
    assert link_keys(other) == link_keys(project)


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_an_unknown_actor_is_refused_at_its_file_line_and_field(project, other, tmp_path, name):
    out = tmp_path / IMPORTED[name][0]
    _export(project, name, out)
    with pytest.raises(InputError, match="--create-actors") as refused:
        import_files(other, [out], user=ALICE, fmt=name, as_annotator="alice")
    assert re.search(IMPORTED[name][1], str(refused.value)), str(refused.value)
    assert other.document_count() == 0 and other.actor_count() == 0


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_create_actors_adds_the_unknown_ones(project, other, tmp_path, name):
    out = tmp_path / IMPORTED[name][0]
    _export(project, name, out)
    import_files(other, [out], user=ALICE, fmt=name, as_annotator="alice", create_actors=True)
    assert link_keys(other) == link_keys(project)
    assert {actor.id for actor in other.actors()} == {actor.id for actor in ACTORS}


def test_the_import_command_takes_create_actors_for_brat(project, cli_project, tmp_path):
    out = tmp_path / "out"
    _export(project, "brat", out)
    target, db = cli_project(declare_schema)
    base = ["--db", db, *user_option(target, "alice"), "import"]
    refused = CliRunner().invoke(cli, [*base, "--format", "brat", str(out)])
    assert refused.exit_code == 1 and re.search(r"\.ann:\d+: N\d+: ", refused.output)
    done = CliRunner().invoke(cli, [*base, "--format", "brat", "--create-actors", str(out)])
    assert done.exit_code == 0, done.output


# -- brat ---------------------------------------------------------------------------------


def test_brat_writes_reference_lines(project, tmp_path):
    _export(project, "brat", tmp_path / "out")
    ann = (tmp_path / "out" / "emoji.ann").read_text(encoding="utf-8")
    lines = [line for line in ann.split("\n") if line.startswith("N")]
    texts = {line.split("\t")[1].split(" ")[1]: line for line in lines}
    putin = next(t for t, line in texts.items() if "belannot_actors:putin" in line)
    assert re.search(rf"^{putin}\tactor \d+ \d+\tPutin$", ann, re.M)
    assert texts[putin].endswith("\tVladimir Putin")
    assert any(line.split("\t")[1].endswith(" belannot_actors:NIL") for line in lines)
    assert all(re.match(r"^N\d+\tReference T\d+ belannot_actors:\S+\t.+$", line) for line in lines)


def _brat_folder(tmp_path: Path, ann: str) -> Path:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "d.txt").write_text("Putin met Biden.", encoding="utf-8")
    (folder / "d.ann").write_text(ann, encoding="utf-8")
    return folder


def test_brat_reference_to_another_database_links_by_the_actors_ref(store, tmp_path):
    add_registry(store)  # putin's ref is Q7747
    folder = _brat_folder(
        tmp_path,
        "T1\tactor 0 5\tPutin\nT2\tactor 10 15\tBiden\n"
        "N1\tReference T1 Wikidata:Q7747\tVladimir Putin\n"
        "N2\tReference T2 Wikidata:Q6279\tJoe Biden\n",
    )
    report = import_files(store, [folder], user=ALICE, fmt="brat")
    links = store.document_links("d")
    assert {store.span(span_id).start: actor for span_id, actor in links.items()} == {0: "putin"}
    assert report.links_left_out == 1
    assert "1 actor links to other databases left out" in report.summary()


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("N1\tReference T9 belannot_actors:x\tX", "no T9"),
        ("N1\tReference T1\tPutin", "expected 'Reference T<n> <database>:<id>'"),
        ("N1\tReference T1 belannot_actors:NIX\tX", "unknown actor"),
    ],
)
def test_a_bad_brat_reference_line_is_refused_at_its_line(store, tmp_path, line, problem):
    folder = _brat_folder(tmp_path, f"T1\tactor 0 5\tPutin\n{line}\n")
    with pytest.raises(InputError, match=rf"d\.ann:2: N1: .*{re.escape(problem)}"):
        import_files(store, [folder], user=ALICE, fmt="brat")
    assert store.document_count() == 0


# -- spaCy --------------------------------------------------------------------------------


def test_spacy_spans_and_ents_carry_the_link_as_kb_id(project, tmp_path):
    import spacy
    from spacy.tokens import DocBin

    report = _export(project, "spacy", tmp_path / "out.spacy")
    assert report.links == len(LINKS)
    nlp = spacy.blank("en")
    found, in_ents = set(), set()
    for doc in DocBin().from_disk(tmp_path / "out.spacy").get_docs(nlp.vocab):
        for span in doc.spans["sc"]:
            if span.kb_id_:
                found.add((doc.text, span.start_char, span.end_char, span.label_, span.kb_id_))
        for ent in doc.ents:
            if ent.kb_id_:
                in_ents.add((doc.text, ent.start_char, ent.end_char, ent.label_, ent.kb_id_))
    assert found == link_keys(project)
    assert in_ents and in_ents <= found


# -- Hugging Face -------------------------------------------------------------------------


def test_hf_spans_carry_an_actor_field(project, tmp_path):
    import datasets

    report = _export(project, "hf", tmp_path / "hf")
    assert report.links == len(LINKS)
    dataset = datasets.load_from_disk(str(tmp_path / "hf"))
    found, unlinked = set(), 0
    for row in dataset:
        for span in row["spans"]:
            if span["actor"] is None:
                unlinked += 1
            else:
                found.add((row["text"], span["start"], span["end"], span["label"], span["actor"]))
    assert found == link_keys(project)
    assert unlinked > 0


# -- doccano and Prodigy --------------------------------------------------------------------


def test_doccano_entities_carry_the_actor(project, tmp_path):
    _export(project, "doccano", tmp_path / "out.jsonl")
    lines = [orjson.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    actors = [e["actor"] for line in lines for e in line["entities"] if "actor" in e]
    assert sorted(actors) == sorted(LINKS.values())


def test_prodigy_spans_carry_kb_id(project, tmp_path):
    _export(project, "prodigy", tmp_path / "out.jsonl")
    tasks = [orjson.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    ids = [span["kb_id"] for task in tasks for span in task["spans"] if "kb_id" in span]
    assert sorted(ids) == sorted(LINKS.values())


def test_prodigy_nel_task_accept_list_links_its_span(store, tmp_path):
    add_registry(store)
    tasks = [
        {
            "text": "Putin met Biden.",
            "spans": [{"start": 0, "end": 5, "label": "actor"}],
            "options": [{"id": "putin"}, {"id": "NIL_otherLink"}, {"id": "NIL_ambiguous"}],
            "accept": ["putin"],
            "answer": "accept",
        },
        {
            "text": "Putin met Biden.",
            "spans": [{"start": 10, "end": 15, "label": "actor"}],
            "options": [{"id": "putin"}, {"id": "NIL_otherLink"}, {"id": "NIL_ambiguous"}],
            "accept": ["NIL_ambiguous"],
            "answer": "accept",
        },
    ]
    path = tmp_path / "nel.jsonl"
    path.write_bytes(b"".join(orjson.dumps(task) + b"\n" for task in tasks))
    import_files(store, [path], user=ALICE, fmt="prodigy")
    [document_id] = store.document_ids()
    links = store.document_links(document_id)
    found = {store.span(span_id).start: actor for span_id, actor in links.items()}
    assert found == {0: "putin", 10: "NIL:ambiguous"}


# -- CoNLL --------------------------------------------------------------------------------


def test_conll_counts_the_links_it_leaves_out(project, tmp_path):
    report = _export(project, "conll", tmp_path / "out.conll")
    assert report.links == 0
    assert report.links_left_out == len(LINKS)
    assert f"{len(LINKS)} actor links left out" in report.summary()


def test_doccano_takes_the_entity_form_for_links_alone(store, other, tmp_path):
    fill(store, span_id=span_id)
    add_registry(store)
    with store.transaction():
        store.insert_links([(span_id(0), "emoji", "putin")])
    report = _export(store, "doccano", tmp_path / "out.jsonl")
    assert report.links == 1
    add_registry(other)
    import_files(other, [tmp_path / "out.jsonl"], user=ALICE, fmt="doccano")
    assert link_keys(other) == link_keys(store)


def test_jsonl_report_counts_the_links_it_wrote(project, tmp_path):
    assert _export(project, "jsonl", tmp_path / "out.jsonl").links == len(LINKS)


# -- any text, any actor id ------------------------------------------------------------------

actor_ids = st.one_of(
    st.sampled_from(NIL_MARKERS),
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,20}", fullmatch=True).filter(
        lambda value: not value.upper().startswith("NIL")
    ),
)


@pytest.mark.parametrize("fmt", sorted(IMPORTED))
# Drawn, not filtered: the end after the start; only brat's line-break edges are assumed away.
def test_a_link_survives_any_text_and_actor_id(backend, scratch, fmt):
    @drawing(backend, 20, HealthCheck.filter_too_much)
    @given(data=st.data())
    def check(data):
        text = data.draw(texts)
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        assume(_brat_safe(text, start, end))
        target = data.draw(actor_ids)
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            source, fresh = scratch(), scratch()
            try:
                with source.transaction():
                    source.ensure_user("alice")
                    source.add_document(Document("d", text), user="alice")
                    source.insert_spans([Span("a", "d", start, end, "actor", "alice")])
                    if target not in NIL_MARKERS:
                        source.insert_actors([Actor(target, "Some One")])
                    source.insert_links([("a", "d", target)])
                out = root / IMPORTED[fmt][0]
                export(source, fmt, out)
                import_files(fresh, [out], user=ALICE, fmt=fmt, create_actors=True)
                assert link_keys(fresh) == link_keys(source)
            finally:
                source.close()
                fresh.close()

    check()
