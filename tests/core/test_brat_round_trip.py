"""A brat collection imported and exported again gives the same .ann lines, document by document."""

from __future__ import annotations

from pathlib import Path

import pytest

from belannot.core.actors import Actor
from belannot.core.formats.registry import export
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.operations import run
from belannot.core.relation_commands import DeleteRelation

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "peer"
IMPORTER = User("importer")
# What belannot has no model for, by the import report's construct: the lines it leaves out.
UNREPRESENTED = {"brat # notes on relations": lambda cells: cells[1].split()[1].startswith("R")}


@pytest.fixture
def fresh(new_project):
    target = new_project()
    with target.transaction():  # the actor brat_attributes' references name
        target.insert_actors([Actor("putin", "Vladimir Putin", ref="Q7747")])
    return target


def line_sets(root: Path) -> dict[str, set[str]]:
    """An independent reader: each .ann's path under ``root`` → its non-empty lines, without
    the trailing tab brat writes after a relation (an empty text field)."""
    return {
        ann.relative_to(root).as_posix(): {
            line.rstrip("\t\r") for line in ann.read_text("utf-8").split("\n") if line.strip()
        }
        for ann in root.rglob("*.ann")
    }


@pytest.mark.parametrize("sample", ["brat", "brat_bionlp", "brat_discontinuous", "brat_attributes"])
def test_a_collection_comes_back_line_set_for_line_set(fresh, tmp_path, sample):
    source = SAMPLES / sample
    report = import_files(fresh, [source], user=IMPORTER, fmt="brat", create_labels=True)
    out = tmp_path / "out"
    export(fresh, "brat", out)
    before, after = line_sets(source), line_sets(out)
    assert set(after) == set(before)  # the folder structure too
    for name, lines in before.items():
        unrepresented = {
            line
            for line in lines
            for construct, matches in UNREPRESENTED.items()
            if construct in report.not_represented and matches(line.split("\t"))
        }
        assert after[name] == lines - unrepresented, name
        left_out = sum(report.not_represented.values())
        assert len(unrepresented) == left_out


def test_events_sharing_a_trigger_and_an_argument_stay_two_events(fresh, tmp_path):
    source = SAMPLES / "brat_attributes"
    import_files(fresh, [source], user=IMPORTER, fmt="brat", create_labels=True)
    export(fresh, "brat", tmp_path / "out")
    events = sorted(
        line
        for line in (tmp_path / "out" / "meeting.ann").read_text("utf-8").splitlines()
        if line.startswith("E")
    )
    assert events == [
        "E1\tMeeting:T4 Participant:T1 Participant2:T2",
        "E2\tMeeting:T4 Participant:T1 Place:T3",
    ]


def test_an_event_whose_argument_was_deleted_is_written_as_what_is_left(fresh, tmp_path):
    source = SAMPLES / "brat_attributes"
    import_files(fresh, [source], user=IMPORTER, fmt="brat", create_labels=True)
    [doc_id] = fresh.document_ids()
    [place] = [r for r in fresh.relations(doc_id) if r.type == "Place"]
    run(fresh, DeleteRelation(place.id), IMPORTER)
    [report] = export(fresh, "brat", tmp_path / "out")
    assert any(note.startswith("1 imported brat events") for note in report.notes)
    lines = line_sets(tmp_path / "out")["meeting.ann"]
    # E2 no longer holds; its Participant relation is still E1's, so nothing else is written.
    assert not any(line.startswith("E2") for line in lines)
    assert "E1\tMeeting:T4 Participant:T1 Participant2:T2" in lines
    assert not any("Place Arg1" in line for line in lines)
