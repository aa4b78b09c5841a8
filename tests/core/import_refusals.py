"""Imports that must be refused: the error, the project checked unchanged; input to refuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from belannot.core.errors import InputError
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.store import Store
from tests.core.test_hostile_input import dump


def refused(project: Store, paths: list, fmt: str = "auto", **options) -> InputError:
    before = dump(project)
    with pytest.raises(InputError) as caught:
        import_files(project, paths, user=User("alice"), fmt=fmt, **options)
    assert dump(project) == before
    return caught.value


def brat_folder_linking_outside(tmp_path: Path) -> Path:
    """A brat folder whose a.txt is a link to a file outside it (that would match a.ann)."""
    outside = tmp_path / "secret.txt"
    outside.write_text("Putin is outside", encoding="utf-8")
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.ann").write_text("T1\tactor 0 5\tPutin\n", encoding="utf-8")
    (folder / "a.txt").symlink_to(outside)
    return folder
