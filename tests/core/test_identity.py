"""The remembered identity the window and the terminal share (no Qt)."""

from __future__ import annotations

import getpass

import pytest

from belannot.core import identity
from belannot.core.identity import Source


def test_nothing_is_remembered_at_first():
    assert identity.remembered_name() is None


def test_a_remembered_name_is_read_back_from_the_user_config_folder(isolated_home):
    identity.remember_name("alice")
    assert identity.remembered_name() == "alice"
    assert identity.identity_path().is_relative_to(isolated_home / "config")
    identity.remember_name("bob")
    assert identity.remembered_name() == "bob"


@pytest.mark.parametrize("content", [b"", b"not json", b'{"name": 3}', b"[]", b'{"name": " "}'])
def test_a_damaged_identity_file_counts_as_nothing_remembered(content):
    path = identity.identity_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    assert identity.remembered_name() is None


def test_who_works_option_then_environment_then_remembered_then_login(monkeypatch):
    monkeypatch.setattr(getpass, "getuser", lambda: "osuser")
    assert identity.resolve(None) == ("osuser", Source.LOGIN)
    identity.remember_name("alice")
    assert identity.resolve(None) == ("alice", Source.REMEMBERED)
    assert identity.resolve("zoe", Source.ENVIRONMENT) == ("zoe", Source.ENVIRONMENT)
    assert identity.resolve("ana", Source.OPTION) == ("ana", Source.OPTION)
