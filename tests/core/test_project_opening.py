"""Opening a project, written once for the terminal and the window (belannot.core.project)."""

from __future__ import annotations

import getpass

import pytest

from belannot.core import backup, identity, project
from belannot.core.errors import DamagedProjectError
from belannot.core.model import Document


@pytest.mark.file_project
def test_a_new_project_is_seeded_then_backed_up_with_the_corpus(store, alice):
    project.seed_new_project(store, alice)
    assert store.document_count() == 5
    (first,) = backup.list_backups(store.path)
    assert "5 documents" in store.contents(first.path).summary()


def test_a_project_with_documents_is_not_seeded(store, alice):
    store.add_document(Document("mine", "Only this."))
    assert project.seed_bundled_corpus(store, alice) is None
    assert store.document_count() == 1


def test_who_works_without_a_name_is_the_remembered_one_else_the_login(monkeypatch):
    monkeypatch.setattr(getpass, "getuser", lambda: "osuser")
    assert project.user_name() == "osuser" == identity.login_name()
    identity.remember_name("rita")
    assert project.user_name() == "rita"
    assert project.user_name("zoe") == "zoe"


def test_a_damaged_file_names_the_backup_that_brings_it_back(tmp_path):
    path = tmp_path / "p.belannot"
    opened = project.open_project(path)
    opened.add_document(Document("d", "Text."))
    backup.backup_project(opened, reason=backup.MANUAL)
    opened.close()
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(DamagedProjectError, match="To put the backup in place"):
        project.open_project(path)


def test_the_app_and_the_cli_seed_through_core_only():
    from pathlib import Path

    root = Path(project.__file__).resolve().parents[1]
    for module in (root / "app.py", *sorted((root / "cli").glob("*.py"))):
        text = module.read_text(encoding="utf-8")
        assert "seed_bundled_corpus" not in text, module
        assert "getpass" not in text, module
