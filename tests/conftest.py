"""Shared fixtures: offscreen Qt, isolated settings and data folders, fresh projects."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Before any Qt import: no display is needed or wanted.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from belannot.core.model import Role, User  # noqa: E402
from belannot.core.packaged import corpus_path  # noqa: E402
from belannot.core.store import Store  # noqa: E402

CORPUS = corpus_path()


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Keep user data, config (QSettings) and the default project out of the real home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("BELANNOT_DB", raising=False)
    monkeypatch.delenv("BELANNOT_USER", raising=False)
    return home


@pytest.fixture
def store(tmp_path) -> Store:
    """A new, empty project file with the default labels."""
    project = Store.open(tmp_path / "project.belannot")
    yield project
    project.close()


@pytest.fixture
def alice() -> User:
    return User("alice", Role.ANNOTATOR)


@pytest.fixture
def bob() -> User:
    return User("bob", Role.ANNOTATOR)


@pytest.fixture
def rita() -> User:
    return User("rita", Role.REVIEWER)


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """The bundled corpus copied to a temporary folder (tests may change it)."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


# Real full and read-only filesystems, for every test that writes outside the project.
from tests.fs_fixtures import full_disk, read_only_folder  # noqa: E402, F401

# The throwaway PostgreSQL server for the team-backend half; --sqlite-only runs without it.
from tests.postgres_fixtures import (  # noqa: E402, F401
    postgres_admin_url,
    postgres_database,
    pytest_addoption,
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_unconfigure,
)
