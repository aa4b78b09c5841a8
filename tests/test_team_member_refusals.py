"""Team membership is given by `team add-user` alone, and only to logins the server's rules
bind: a superuser, CREATEROLE or BYPASSRLS role is refused, and `users add` points there."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from psycopg import sql

from belannot.core.store.postgres import PostgresStore
from tests.team_fixtures import Team, run_belannot, team_project_fixture  # noqa: F401

pytestmark = pytest.mark.postgres


def _membership(team_project: Team, login: str) -> list[tuple[str, ...]]:
    with psycopg.connect(team_project.url, autocommit=True) as admin:
        return admin.execute(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = %s ORDER BY 1",
            [login],
        ).fetchall()


def _users(team_project: Team) -> list[tuple[str, str]]:
    store = PostgresStore.open(team_project.url)
    try:
        return [(user.name, user.role.value) for user in store.users()]
    finally:
        store.close()


@pytest.mark.parametrize(
    ("attribute", "why"),
    [("SUPERUSER", "superuser"), ("CREATEROLE", "CREATEROLE"), ("BYPASSRLS", "BYPASSRLS")],
)
def test_add_user_refuses_a_role_the_rules_would_not_bind(team_project: Team, attribute, why):
    login = f"strong_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(team_project.url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN " + attribute).format(sql.Identifier(login)))
    try:
        users, audit = _users(team_project), _audit_count(team_project)
        result = run_belannot(
            "--db", team_project.url, "team", "add-user", login, "--role", "annotator", ok=False
        )
        assert result.output.count("\n") == 1
        assert login in result.output and why in result.output and "nothing" in result.output
        assert _membership(team_project, login) == []
        assert _users(team_project) == users and _audit_count(team_project) == audit
    finally:
        with psycopg.connect(team_project.url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(login)))
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(login)))


def _audit_count(team_project: Team) -> int:
    with psycopg.connect(team_project.url, autocommit=True) as admin:
        return int(admin.execute("SELECT count(*) FROM audit").fetchone()[0])  # type: ignore[index]


def test_users_add_on_a_team_project_points_to_team_add_user(team_project: Team):
    users, audit = _users(team_project), _audit_count(team_project)
    result = run_belannot(
        "--db", team_project.url, "users", "add", "carol", "--role", "reviewer", ok=False
    )
    assert result.output.count("\n") == 1
    assert "belannot team add-user carol --role reviewer" in result.output
    assert _users(team_project) == users and _audit_count(team_project) == audit


def test_users_whoami_on_a_team_project_names_the_login(team_project: Team):
    result = run_belannot("--db", team_project.url_as(team_project.rita), "users", "whoami")
    assert result.output.split("\t")[:2] == [team_project.rita, "reviewer"]
