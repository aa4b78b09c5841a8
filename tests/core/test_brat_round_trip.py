"""A brat collection imported and exported again gives the same .ann lines, document by document."""

from __future__ import annotations

from pathlib import Path

import pytest

from belannot.core.formats.registry import export
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.store import Store

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "peer"
IMPORTER = User("importer")
# What belannot has no model for, by the import report's construct: the lines it leaves out.
UNREPRESENTED = {"brat # notes on relations": lambda cells: cells[1].split()[1].startswith("R")}


@pytest.fixture
def fresh(tmp_path):
    target = Store.open(tmp_path / "fresh.belannot")
    yield target
    target.close()


def line_sets(root: Path) -> dict[str, set[str]]:
    """An independent reader: each .ann's path under ``root`` → its non-empty lines, without
    the trailing tab brat writes after a relation (an empty text field)."""
    return {
        ann.relative_to(root).as_posix(): {
            line.rstrip("\t\r") for line in ann.read_text("utf-8").split("\n") if line.strip()
        }
        for ann in root.rglob("*.ann")
    }


@pytest.mark.parametrize("sample", ["brat", "brat_bionlp", "brat_discontinuous"])
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
