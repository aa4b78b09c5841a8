"""Folders and archive members: nothing outside the input folder is read or written."""

from __future__ import annotations

import pytest

from belannot.core.errors import InputError
from belannot.core.fileio import safe_member_path
from belannot.core.formats import read_paths
from belannot.core.importing.pipeline import import_files


def test_a_symlink_to_a_file_outside_the_folder_is_not_imported(store, alice, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("private notes outside the corpus")
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "article.txt").write_text("An article.")
    (folder / "link.txt").symlink_to(secret)
    (folder / "inside.txt").symlink_to(folder / "article.txt")
    assert sorted(p.name for p in read_paths([folder])) == ["article.txt", "inside.txt"]
    import_files(store, [folder], user=alice)
    texts = [store.document_text(d) for d in store.document_ids()]
    assert texts == ["An article."]


def test_a_symlinked_folder_outside_is_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.txt").write_text("outside")
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "sub").symlink_to(outside, target_is_directory=True)
    assert read_paths([folder]) == []


@pytest.mark.parametrize(
    "name",
    ["../evil.txt", "a/../../evil.txt", "/etc/passwd", "..\\evil.txt", "", ".", "a/../.."],
)
def test_archive_members_cannot_leave_the_target(tmp_path, name):
    with pytest.raises(InputError, match="outside"):
        safe_member_path(tmp_path / "unpacked", name, archive=tmp_path / "in.zip")


def test_archive_members_inside_are_fine(tmp_path):
    root = tmp_path / "unpacked"
    assert safe_member_path(root, "docs/a.txt") == (root / "docs" / "a.txt").resolve()
    assert safe_member_path(root, "docs/../b.txt") == (root / "b.txt").resolve()


def test_a_symlink_inside_the_target_cannot_lead_out(tmp_path):
    root = tmp_path / "unpacked"
    root.mkdir()
    (root / "escape").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(InputError):
        safe_member_path(root, "escape/evil.txt")
