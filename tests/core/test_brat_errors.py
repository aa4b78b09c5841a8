"""A bad brat file is refused with one line naming the .ann (or zip member), its line and the id."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from belannot.core.errors import InputError
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User

IMPORTER = User("importer")
TEXT = "Putin met Lukashenko in Minsk."
GOOD = "T1\tactor 0 5\tPutin\nT2\tactor 10 20\tLukashenko\n"

# (name, .ann text after GOOD, the line it is refused at, the id it names, words of its reason)
BAD = [
    ("t-line", "T3\tactor 24 x\tMinsk\n", 3, "T3", "expected 'T<n>"),
    ("text", "T3\tactor 24 29\tMinks\n", 3, "T3", "does not match"),
    ("overlap", "T3\tactor 0 5;3 9\tPutin in met\n", 3, "T3", "overlap"),
    ("offsets", "T3\tactor 24 99\tMinsk\n", 3, "T3", "do not fit"),
    ("twice", "T1\tactor 24 29\tMinsk\n", 3, "T1", "already line 1"),
    ("relation", "R1\tspeaker Arg1:T1\n", 3, "R1", "two arguments"),
    ("target", "R1\tsame Arg1:T1 Arg2:T9\n", 3, "R1", "no T9"),
    ("event", "E1\tMeeting T1\n", 3, "E1", "<role>"),
    ("event twice", "T3\tevent 6 9\tmet\nE1\tevent:T3\nE1\tevent:T3\n", 5, "E1", "already line 4"),
    ("attribute", "A1\tnamed\n", 3, "A1", "<name> T<n>"),
    ("reference", "N1\tReference T1\n", 3, "N1", "<database>:<id>"),
    ("label", "T3\tNoSuch 24 29\tMinsk\n", 3, "T3", "unknown label"),
    ("relation type", "R1\tnosuch Arg1:T1 Arg2:T2\n", 3, "R1", "unknown relation type"),
]



def collection(tmp_path: Path, ann: bytes, zipped: bool) -> tuple[Path, str]:
    """A collection holding ``news/doc``; (what to import, how its errors name the .ann)."""
    folder = tmp_path / "in" / "news"
    folder.mkdir(parents=True)
    (folder / "doc.txt").write_text(TEXT, "utf-8")
    (folder / "doc.ann").write_bytes(ann)
    if not zipped:
        return tmp_path / "in", str(folder / "doc.ann")
    archive = tmp_path / "in.zip"
    with zipfile.ZipFile(archive, "w") as zipped_file:
        for name in ("doc.txt", "doc.ann"):
            zipped_file.write(folder / name, f"news/{name}")
    return archive, f"{archive}!news/doc.ann"


@pytest.mark.parametrize("zipped", [False, True], ids=["folder", "zip"])
@pytest.mark.parametrize(("case", "tail", "line", "place", "reason"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_line_is_named_by_file_line_and_id(
    fresh, tmp_path, zipped, case, tail, line, place, reason
):
    source, ann = collection(tmp_path, (GOOD + tail).encode("utf-8"), zipped)
    with pytest.raises(InputError) as raised:
        import_files(fresh, [source], user=IMPORTER, fmt="brat")
    message = str(raised.value)
    assert message.startswith(f"{ann}:{line}: {place}: "), message
    assert reason in message
    assert "\n" not in message
    assert fresh.document_ids() == []


@pytest.mark.parametrize("zipped", [False, True], ids=["folder", "zip"])
def test_bytes_that_are_not_utf8_are_named_by_line_and_id(fresh, tmp_path, zipped):
    ann = GOOD.encode("utf-8") + b"T3\tactor 24 29\tMi\xffsk\n"
    source, where = collection(tmp_path, ann, zipped)
    with pytest.raises(InputError) as raised:
        import_files(fresh, [source], user=IMPORTER, fmt="brat")
    assert str(raised.value).startswith(f"{where}:3: T3: not UTF-8"), str(raised.value)
