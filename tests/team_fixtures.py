"""A team project set up by its owner, with logins an annotator, another and a reviewer."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import psycopg
import pytest
from click.testing import CliRunner, Result
from psycopg import sql

from belannot.cli import cli
from belannot.core import team
from belannot.core.model import Document, Role, User
from belannot.core.store.postgres import PostgresStore
from tests.postgres_server import database_name, drop_database, fresh_database

TEXT = "Lukashenko met Putin in Minsk. The Kremlin agreed."


def run_belannot(*args: str, ok: bool = True, stdin: str | None = None) -> Result:
    """The command line in this process: exit 0 (or 1 when not ``ok``), never a traceback."""
    result = CliRunner().invoke(cli, list(args), input=stdin)
    assert result.exit_code == (0 if ok else 1), result.output
    assert "Traceback" not in result.output
    return result


@dataclass
class Team:
    """The owner's URL and three members' login names (unique: roles are cluster-wide)."""

    url: str
    alice: str
    bob: str
    rita: str

    def url_as(self, login: str) -> str:
        parts = urlsplit(self.url)
        return parts._replace(netloc=f"{login}@{parts.netloc.rsplit('@', 1)[-1]}").geturl()

    def connect(self, login: str) -> psycopg.Connection:
        return psycopg.connect(self.url_as(login), autocommit=True)

    def open_as(self, login: str) -> PostgresStore:
        return PostgresStore.open(self.url_as(login))

    @property
    def groups(self) -> list[str]:
        return [f"{database_name(self.url)}_{role.value}" for role in Role]


@pytest.fixture(name="team_project")
def team_project_fixture(postgres_admin_url: str) -> Iterator[Team]:
    """A set-up team project with one document; its database and roles dropped after."""
    url = fresh_database(postgres_admin_url)
    tag = uuid.uuid4().hex[:8]
    project = Team(url, f"alice_{tag}", f"bob_{tag}", f"rita_{tag}")
    try:
        team.set_up(url)
        owner = PostgresStore.open(url)
        try:
            for name, role in (
                (project.alice, Role.ANNOTATOR),
                (project.bob, Role.ANNOTATOR),
                (project.rita, Role.REVIEWER),
            ):
                team.add_member(owner, User(name, role), None)
            owner.add_document(Document("d1", TEXT))
        finally:
            owner.close()
        yield project
    finally:
        drop_database(postgres_admin_url, url)
        with psycopg.connect(postgres_admin_url, autocommit=True) as admin:
            for name in (project.alice, project.bob, project.rita, *project.groups):
                admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
