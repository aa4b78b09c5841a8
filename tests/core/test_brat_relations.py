"""brat carries relations (R lines), attributes (A lines) and the schema (annotation.conf)."""

from __future__ import annotations

import zipfile

import pytest

from belannot.core.attributes import AttributeDef, AttributeKind
from belannot.core.errors import InputError
from belannot.core.formats.exporting import ExportOptions
from belannot.core.formats.registry import export
from belannot.core.history import History
from belannot.core.importing.pipeline import import_files
from belannot.core.model import Label, User
from belannot.core.relations import RelationType
from belannot.core.span_attributes import SetSpanAttribute
from belannot.core.store import SpanFilter, Store
from tests.core.relations_fixtures import (
    IMPORTER,
    attribute_keys,
    relation_keys,
)
from tests.core.relations_fixtures import fresh as fresh  # noqa: F401 (the fixture)
from tests.core.relations_fixtures import project as project  # noqa: F401 (the fixture)


def test_relations_are_r_lines_and_attributes_a_lines(project, tmp_path):
    [report] = export(project, "brat", tmp_path / "b")
    ann = (tmp_path / "b" / "emoji.ann").read_text(encoding="utf-8")
    lines = ann.splitlines()
    numbers = {line.split("\t")[2]: line.split("\t")[0] for line in lines if line[0] == "T"}
    quote, putin = numbers["“Café 🇩🇪 will fall.”"], numbers["Putin"]
    assert f"speaker Arg1:{quote} Arg2:{putin}" in [
        line.split("\t")[1] for line in lines if line[0] == "R"
    ]
    prediction = numbers["Café 🇩🇪 will fall"]
    attributes = {line.split("\t")[1] for line in lines if line[0] == "A"}
    assert f"certainty {prediction} likely" in attributes
    assert f"outcome {prediction} came_true" in attributes  # brat values hold no spaces
    assert f"horizon {prediction} by the end of 2024" in attributes
    assert f"named {putin}" in attributes  # a true yes/no: a binary attribute
    assert f"mentions {putin} 3" in attributes
    assert report.documents == 3


def test_annotation_conf_describes_the_schema(project, tmp_path):
    export(project, "brat", tmp_path / "b")
    conf = (tmp_path / "b" / "annotation.conf").read_text(encoding="utf-8")
    sections = {}
    for block in conf.split("[")[1:]:
        name, _, body = block.partition("]")
        sections[name] = [
            line for line in body.splitlines() if line.strip() and not line.startswith("#")
        ]
    assert set(sections) == {"entities", "relations", "events", "attributes"}
    assert sections["entities"] == ["actor", "event", "prediction", "quote"]
    assert "speaker\tArg1:quote, Arg2:actor" in sections["relations"]
    # Symmetric but not transitive: R lines, not brat's Equiv (*) groups.
    assert "same\tArg1:actor, Arg2:actor, <REL-TYPE>:symmetric" in sections["relations"]
    assert (
        "certainty\tArg:prediction, Value:certain|likely|possible|unlikely"
        in sections["attributes"]
    )
    assert (
        "outcome\tArg:prediction, Value:unresolved|came_true|did_not_happen"
        in (sections["attributes"])
    )
    assert "named\tArg:actor" in sections["attributes"]
    assert sections["events"] == []


@pytest.mark.parametrize("target", ["b", "b.zip"])
def test_round_trip_gives_the_same_relations_and_attributes(project, fresh, tmp_path, target):
    export(project, "brat", tmp_path / target)
    report = import_files(fresh, [tmp_path / target], user=IMPORTER)
    assert report.relations_added == 7
    assert relation_keys(fresh) == relation_keys(project)
    assert attribute_keys(fresh) == attribute_keys(project)


def test_approved_only_leaves_out_and_counts_relations_with_an_end_not_exported(project, tmp_path):
    options = ExportOptions(span_filter=SpanFilter.approved_only())
    [report] = export(project, "brat", tmp_path / "gold", options)
    combining = (tmp_path / "gold" / "combining.ann").read_text(encoding="utf-8")
    emoji = (tmp_path / "gold" / "emoji.ann").read_text(encoding="utf-8")
    assert "\nR" not in "\n" + combining  # met → Lukashenko: Lukashenko is rejected
    assert sum(line.startswith("R") for line in emoji.splitlines()) == 1
    assert report.relations_left_out == 1
    assert "1 relations left out" in report.summary()


# brat's own tutorial document (nlplab/brat, example-data/tutorials/news/000-introduction),
# quoted up to the end of its annotated sentence; the .ann exactly as brat ships it.
PEER_TXT = (
    "Welcome to the Brat Rapid Annotation Tool (brat) tutorial!\n\nbrat is a web-based tool "
    "for structured text annotation and visualization. The easiest way to explain what this "
    "means is by example: see the following sentence illustrating various types of "
    "annotation. Take a moment to study this example, moving your mouse cursor over some of "
    "the annotations. Hold the cursor still over an annotation for more detail.\n\n\n1 ) "
    "Citibank was involved in moving about $100 million for Raul Salinas de Gortari, brother "
    "of a former Mexican president, to banks in Switzerland.\n"
)
PEER_ANN = (
    "T1\tOrganization 418 426\tCitibank\n"
    "T2\tMoney 456 468\t$100 million\n"
    "T3\tTransfer-money 443 449\tmoving\n"
    "E1\tTransfer-money:T3 Giver-Arg:T1 Money-Arg:T2 Beneficiary-Arg:T4 Recipient-Arg:T6\n"
    "T4\tPerson 473 496\tRaul Salinas de Gortari\n"
    "T5\tPerson 511 535\tformer Mexican president\n"
    "T6\tOrganization 540 545\tbanks\n"
    "T7\tGPE 549 560\tSwitzerland\n"
    "R2\tOrigin Arg1:T6 Arg2:T7\t\n"
    "#1\tAnnotatorNotes T2\t100000000 USD\n"
    "R1\tFamily Arg1:T4 Arg2:T5\t\n"
    "A1\tMention T4 Name\n"
    "A2\tIndividual T4\n"
    "A3\tMention T5 Nominal\n"
    "A4\tIndividual T5\n"
    "A5\tConfidence E1 High\n"
    "N1\tReference T5 Wikipedia:64488\tCarlos Salinas de Gortari\n"
)
PEER_CONF = """[entities]
Person
Organization
GPE
Money

[relations]
Family             Arg1:Person, Arg2:Person
Origin             Arg1:Organization, Arg2:GPE
Alias              Arg1:Person, Arg2:Person, <REL-TYPE>:symmetric-transitive

[events]
Transfer-money	Giver-Arg:Organization, Money-Arg:Money

[attributes]
Negation     Arg:<EVENT>
Confidence   Arg:<EVENT>, Value:High|Neutral|Low
"""


def _peer_schema(store: Store) -> None:
    person = (
        AttributeDef("Mention", AttributeKind.CHOICE, choices=("Name", "Nominal")),
        AttributeDef("Individual", AttributeKind.BOOL),
    )
    with store.transaction():
        for number, name in enumerate(("Organization", "Money", "Transfer-money", "GPE")):
            store.add_label(Label(name, "#aa0000", position=10 + number))
        store.add_label(Label("Person", "#00aa00", position=20, attributes=person))
        store.add_relation_type(RelationType("Family", ("Person",), ("Person",), position=10))
        store.add_relation_type(RelationType("Origin", ("Organization",), ("GPE",), position=11))


def test_brats_own_tutorial_document_imports_with_its_relations(fresh, tmp_path):
    _peer_schema(fresh)
    with fresh.transaction():  # the event's roles: one relation from the trigger each
        for number, role in enumerate(("Giver", "Money", "Beneficiary", "Recipient")):
            kinds = ("Organization", "Money", "Person")
            fresh.add_relation_type(
                RelationType(f"{role}-Arg", ("Transfer-money",), kinds, position=20 + number)
            )
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "000-introduction.txt").write_text(PEER_TXT, encoding="utf-8", newline="")
    (folder / "000-introduction.ann").write_text(PEER_ANN, encoding="utf-8", newline="")
    (folder / "annotation.conf").write_text(PEER_CONF, encoding="utf-8")
    report = import_files(fresh, [folder], user=IMPORTER)
    assert (report.spans_added, report.relations_added) == (7, 6)
    text = PEER_TXT
    assert {(kind, head[3], tail[3]) for _, kind, head, tail in relation_keys(fresh)} == {
        ("Origin", "banks", "Switzerland"),
        ("Family", "Raul Salinas de Gortari", "former Mexican president"),
        ("Giver-Arg", "moving", "Citibank"),
        ("Money-Arg", "moving", "$100 million"),
        ("Beneficiary-Arg", "moving", "Raul Salinas de Gortari"),
        ("Recipient-Arg", "moving", "banks"),
    }
    assert attribute_keys(fresh) == {
        (text, 473, 496, "Person", (("Individual", True), ("Mention", "Name"))),
        (text, 511, 535, "Person", (("Individual", True), ("Mention", "Nominal"))),
        (text, 443, 449, "Transfer-money", (("Confidence", "High"),)),  # A5 on the event E1
        (text, 456, 468, "Money", (("note", "100000000 USD"),)),
    }


def _folder(tmp_path, ann: str):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("“Go,” said Putin.", encoding="utf-8")
    (folder / "a.ann").write_text(ann, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "line, field, message",
    [
        ("R1\tmarried Arg1:T1 Arg2:T2", "R1", "unknown relation type 'married'"),
        ("R1\tspeaker Arg1:T1 Arg2:T9", "R1", "no T9"),
        ("R1\tspeaker Arg1:T1", "R1", "two arguments"),
        ("A1\tmode T9 direct", "A1", "no T9"),
    ],
)
def test_bad_relation_lines_are_refused_with_file_line_and_field(
    fresh, tmp_path, line, field, message
):
    folder = _folder(tmp_path, f"T1\tquote 0 5\t“Go,”\nT2\tactor 11 16\tPutin\n{line}\n")
    with pytest.raises(InputError, match=message) as raised:
        import_files(fresh, [folder], user=IMPORTER)
    assert f"a.ann:3: {field}" in str(raised.value)
    assert fresh.document_count() == 0 and fresh.relation_count() == 0


def test_an_unknown_attribute_value_is_refused_naming_it(fresh, tmp_path):
    folder = _folder(tmp_path, "T1\tquote 0 5\t“Go,”\nA1\tmode T1 shouted\n")
    with pytest.raises(InputError, match="shouted") as raised:
        import_files(fresh, [folder], user=IMPORTER)
    assert "a.ann" in str(raised.value) and "attributes.mode" in str(raised.value)


def test_a_zip_with_annotation_conf_imports(project, fresh, tmp_path):
    export(project, "brat", tmp_path / "b.zip")
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        assert "annotation.conf" in archive.namelist()
    import_files(fresh, [tmp_path / "b.zip"], user=IMPORTER)
    assert relation_keys(fresh) == relation_keys(project)


def test_a_false_yes_no_is_not_written_and_the_report_says_so(project, tmp_path):
    History(project).do(SetSpanAttribute("span-004", "named", False), User("alice"))
    [report] = export(project, "brat", tmp_path / "b")
    ann = (tmp_path / "b" / "emoji.ann").read_text(encoding="utf-8")
    assert "named T5" not in ann  # Biden, the fifth span
    assert "1 false yes/no attributes written as absent (brat's binary attributes)" in (
        report.notes
    )


def test_equiv_groups_become_relations_between_neighbours(fresh, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Putin, Vladimir Putin and the president", encoding="utf-8")
    ann = (
        "T1\tactor 0 5\tPutin\nT2\tactor 7 21\tVladimir Putin\nT3\tactor 26 39\tthe president\n"
        "*\tsame T1 T2 T3\n"
    )
    (folder / "a.ann").write_text(ann, encoding="utf-8")
    report = import_files(fresh, [folder], user=IMPORTER)
    assert report.relations_added == 2
    pairs = {(head[3], tail[3]) for _, _, head, tail in relation_keys(fresh)}
    assert pairs == {("Putin", "Vladimir Putin"), ("Vladimir Putin", "the president")}
