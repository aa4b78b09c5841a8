"""brat's notes, events and discontinuous spans, imported onto belannot's spans and relations."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from belannot.core.attributes import NOTE_ATTRIBUTE
from belannot.core.errors import InputError
from belannot.core.formats.records import DocumentRecord
from belannot.core.formats.registry import export
from belannot.core.importing.pipeline import import_files, import_records
from belannot.core.model import DocumentMeta, User
from belannot.core.operations import run
from belannot.core.schema_edits import AddLabel
from belannot.core.store import Store

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "peer"
NEWS = SAMPLES / "brat"
BIONLP = SAMPLES / "brat_bionlp"
SPLIT = SAMPLES / "brat_discontinuous"
IMPORTER = User("importer")



def ann_lines(path: Path) -> list[list[str]]:
    """An independent reader: each non-empty .ann line split at its tabs."""
    return [line.split("\t") for line in path.read_text("utf-8").splitlines() if line.strip()]


def texts_by_id(path: Path) -> dict[str, str]:
    """T id → its quoted text; E id → its trigger's text."""
    lines = ann_lines(path)
    found = {cells[0]: cells[2] for cells in lines if cells[0].startswith("T")}
    for cells in lines:
        if cells[0].startswith("E"):
            found[cells[0]] = found[cells[1].split()[0].split(":")[1]]
    return found


def expected_event_relations(path: Path) -> set[tuple[str, str, str]]:
    """(role, trigger text, argument text) of every event argument."""
    texts = texts_by_id(path)
    found = set()
    for cells in ann_lines(path):
        if cells[0].startswith("E"):
            trigger, *arguments = cells[1].split()
            trigger_text = texts[trigger.split(":")[1]]
            for argument in arguments:
                role, target = argument.split(":")
                found.add((role.rstrip("0123456789"), trigger_text, texts[target]))
    return found


def stored_relations(store: Store) -> set[tuple[str, str, str]]:
    found = set()
    for doc_id in store.document_ids():
        text = store.document_text(doc_id)
        spans = {span.id: text[span.start : span.end] for span in store.spans(doc_id)}
        found |= {(r.type, spans[r.head], spans[r.tail]) for r in store.relations(doc_id)}
    return found


def notes(store: Store) -> dict[str, str]:
    found = {}
    for doc_id in store.document_ids():
        text = store.document_text(doc_id)
        for span in store.spans(doc_id):
            if NOTE_ATTRIBUTE in span.attributes:
                found[text[span.start : span.end]] = span.attributes[NOTE_ATTRIBUTE]
    return found


def test_notes_go_to_the_span_and_the_event_trigger(fresh):
    report = import_files(fresh, [NEWS], user=IMPORTER, fmt="brat", create_labels=True)
    assert notes(fresh) == {
        "Discworld": "Should fictional places be annotated?",
        "merged": "Annotate as one merge event with three participants or two events"
        " with two participants each?",
    }
    # A note on a relation has nowhere to go: relations carry no note.
    assert report.not_represented == {"brat # notes on relations": 1}
    assert not any(d.name == NOTE_ATTRIBUTE for label in fresh.labels() for d in label.attributes)


def test_events_become_trigger_spans_and_one_relation_per_argument_role(fresh):
    report = import_files(fresh, [NEWS], user=IMPORTER, fmt="brat", create_labels=True)
    expected = expected_event_relations(NEWS / "110-note_annotation.ann")
    assert len(expected) == 3  # the two events name the same texts
    stored = stored_relations(fresh)
    assert expected <= stored
    assert {("Org-Arg", "merged", "YouTube"), ("Org-Arg", "merged", "DoubleClick")} <= stored
    assert report.relations_added == 2 + 6
    assert {"Org-Arg", "Family"} <= {t.name for t in fresh.relation_types()}


def test_bionlp_events_nest_through_their_triggers_and_modifiers_land_on_them(fresh):
    report = import_files(fresh, [BIONLP], user=IMPORTER, fmt="brat", create_labels=True)
    ann = BIONLP / "BioNLP-ST_2011_GE" / "PMID-10438843.ann"
    assert expected_event_relations(ann) <= stored_relations(fresh)
    # E5's Theme is the event E6: the relation goes to E6's trigger.
    assert ("Theme", "acts as a cofactor by sustaining", "expression") in stored_relations(fresh)
    [doc_id] = fresh.document_ids()
    text = fresh.document_text(doc_id)
    by_text = {text[s.start : s.end]: s for s in fresh.spans(doc_id)}
    assert by_text["production"].attributes == {"Negation": True}
    assert by_text["present"].attributes == {"Speculation": True}
    assert report.not_represented == {}


def test_unknown_event_roles_are_all_named_without_create_labels(fresh):
    for name, colour in (("Protein", "#111111"), ("Gene_expression", "#222222")):
        run(fresh, AddLabel(name, colour, None), IMPORTER)
    for name in ("Localization", "Positive_regulation", "Entity"):
        run(fresh, AddLabel(name, "#333333", None), IMPORTER)
    with pytest.raises(InputError) as raised:
        import_files(fresh, [BIONLP], user=IMPORTER, fmt="brat")
    message = str(raised.value)
    for role in ("Theme", "Cause", "Equiv"):
        assert repr(role) in message
    assert "--create-labels" in message
    assert fresh.document_ids() == []


def test_discontinuous_spans_become_fragments_joined_by_a_fragment_relation(fresh):
    report = import_files(fresh, [SPLIT], user=IMPORTER, fmt="brat", create_labels=True)
    [doc_id] = fresh.document_ids()
    text = fresh.document_text(doc_id)
    spans = sorted(fresh.spans(doc_id), key=lambda s: s.start)
    assert [text[s.start : s.end] for s in spans] == ["Kyiv", "old", "Minsk", "city"]
    assert stored_relations(fresh) == {
        ("fragment", "Kyiv", "Minsk"),
        ("fragment", "old", "city"),
    }
    assert notes(fresh) == {"Kyiv": "two towns as one mention"}
    assert report.read["spans"] == 4


def conf_sections(path: Path) -> dict[str, list[str]]:
    """An independent annotation.conf reader: each section's first words, comments out."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in path.read_text("utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "-")):
            continue
        if stripped.startswith("["):
            current = stripped.strip("[]")
            sections[current] = []
        else:
            sections[current].append(stripped.split()[0])
    return sections


def test_annotation_conf_beside_the_files_makes_its_schema_under_create_labels(fresh):
    conf = conf_sections(BIONLP / "BioNLP-ST_2011_GE" / "annotation.conf")
    report = import_files(fresh, [BIONLP], user=IMPORTER, fmt="brat", create_labels=True)
    labels = {label.name: label for label in fresh.labels()}
    # Every entity and event type, those no document uses (Transcription) among them.
    assert set(conf["entities"]) | set(conf["events"]) <= set(labels)
    assert "Transcription" in report.created["labels"]
    types = {kind.name: kind for kind in fresh.relation_types()}
    assert not types["Equiv"].directed
    theme = types["Theme"]
    assert set(conf["events"]) <= set(theme.head_labels)
    assert {"Protein", "Gene_expression"} <= set(theme.tail_labels)  # <EVENT>|Protein
    assert {"Site", "ToLoc", "AtLoc", "CSite", "Cause"} <= set(types)
    for event in conf["events"]:
        declared = {(d.name, d.kind.value) for d in labels[event].attributes}
        assert declared == {("Negation", "bool"), ("Speculation", "bool")}
    assert labels["Protein"].attributes == ()


def test_annotation_conf_is_left_to_the_project_without_create_labels(fresh):
    with pytest.raises(InputError, match="unknown label"):
        import_files(fresh, [BIONLP], user=IMPORTER, fmt="brat")
    assert "Transcription" not in {label.name for label in fresh.labels()}


def t_lines(path: Path) -> set[tuple[str, str, str]]:
    """(label, offsets, text) of every T line."""
    return {
        (c[1].split(" ", 1)[0], c[1].split(" ", 1)[1], c[2])
        for c in ann_lines(path)
        if c[0].startswith("T")
    }


@pytest.mark.parametrize("target", ["out", "out.zip"])
def test_export_keeps_the_folders_of_an_imported_collection(fresh, tmp_path, target):
    import_files(fresh, [BIONLP], user=IMPORTER, fmt="brat", create_labels=True)
    out = tmp_path / target
    export(fresh, "brat", out)
    if target.endswith(".zip"):
        with zipfile.ZipFile(out) as archive:
            archive.extractall(tmp_path / "unzipped")
        out = tmp_path / "unzipped"
    source = BIONLP / "BioNLP-ST_2011_GE"
    written = out / "BioNLP-ST_2011_GE"
    assert (written / "PMID-10438843.txt").read_bytes() == (
        source / "PMID-10438843.txt"
    ).read_bytes()
    assert t_lines(written / "PMID-10438843.ann") == t_lines(source / "PMID-10438843.ann")
    assert not (out / "BioNLP-ST_2011_GE_PMID-10438843.ann").exists()


def test_an_imported_path_cannot_lead_the_export_outside_its_folder(fresh, tmp_path):
    folder = tmp_path / "in"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "doc.txt").write_text("Minsk")
    import_files(fresh, [folder], user=IMPORTER, fmt="brat")
    [doc_id] = fresh.document_ids()
    assert fresh.document(doc_id).meta.extra["brat_path"] == "a/doc"
    bad = DocumentMeta(title="x", extra={"brat_path": "../../evil/x"})
    import_records(fresh, [DocumentRecord("Kyiv", id="other", meta=bad)], user=IMPORTER)
    export(fresh, "brat", tmp_path / "out" / "inner")
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.txt")}
    assert written == {"in/a/doc.txt", "out/inner/a/doc.txt", "out/inner/evil/x.txt"}


def test_export_writes_visual_conf_with_the_label_colours(fresh, tmp_path):
    import_files(fresh, [NEWS], user=IMPORTER, fmt="brat", create_labels=True)
    export(fresh, "brat", tmp_path / "out")
    visual = (tmp_path / "out" / "visual.conf").read_text("utf-8")
    drawing = visual.split("[drawing]", 1)[1]
    for label in fresh.labels():
        assert f"{label.name.replace(' ', '_')}\tbgColor:{label.color}" in drawing
    for kind in fresh.relation_types():
        assert f"{kind.name}\tcolor:{kind.color}" in drawing
    assert "[labels]" in visual


def test_discontinuous_cover_keeps_one_span_over_the_fragments(fresh):
    report = import_files(
        fresh, [SPLIT], user=IMPORTER, fmt="brat", create_labels=True, discontinuous="cover"
    )
    [doc_id] = fresh.document_ids()
    text = fresh.document_text(doc_id)
    spans = sorted(fresh.spans(doc_id), key=lambda s: s.start)
    assert [text[s.start : s.end] for s in spans] == ["Kyiv and the old Minsk", "old Minsk city"]
    assert stored_relations(fresh) == set()
    assert notes(fresh) == {"Kyiv and the old Minsk": "two towns as one mention"}
    assert any("2 discontinuous brat spans" in line and "cover" in line for line in report.lines())


def test_annotation_conf_in_a_zip_makes_its_schema_too(fresh, tmp_path):
    archive = tmp_path / "ge.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for file in sorted((BIONLP / "BioNLP-ST_2011_GE").iterdir()):
            zipped.write(file, f"BioNLP-ST_2011_GE/{file.name}")
    report = import_files(fresh, [archive], user=IMPORTER, fmt="brat", create_labels=True)
    assert "Transcription" in report.created["labels"]
    assert not {t.name: t for t in fresh.relation_types()}["Equiv"].directed


def test_references_with_nowhere_to_go_are_counted_not_dropped(fresh, tmp_path):
    folder = tmp_path / "refs"
    folder.mkdir()
    (folder / "a.txt").write_text("Lukashenko met Putin.", encoding="utf-8")
    (folder / "a.ann").write_text(
        "T1\tPerson 0 10\tLukashenko\n"
        "T2\tPerson 15 20\tPutin\n"
        "R1\tMeets Arg1:T1 Arg2:T2\n"
        "N1\tReference T1 Wikidata:Q140\tLukashenko\n"
        "N2\tReference T1 GeoNames:625144\tLukashenko\n"  # a second database: no room
        "N3\tReference R1 Wikidata:Q1\tthe meeting\n",  # on a relation: no room either
        encoding="utf-8",
    )
    report = import_files(fresh, [folder], user=IMPORTER, fmt="brat", create_labels=True)
    assert report.not_represented == {
        "brat N references beyond a span's first": 1,
        "brat N references on relations": 1,
    }
