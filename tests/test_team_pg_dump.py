"""The server's own backup: a team project pg_dumped and pg_restored into a new database
opens in belannot with every export byte equal, and the server still refuses an annotator."""

from __future__ import annotations

import subprocess
from pathlib import Path

import psycopg
import pytest

from belannot.core import team
from belannot.core.commands import AddSpan
from belannot.core.history import History
from belannot.core.review import ApproveSpan
from belannot.core.store import open_store
from tests.core.test_project_copy import exports, rows_of
from tests.postgres_server import drop_database, find_bindir, fresh_database
from tests.team_fixtures import Team, team_project_fixture  # noqa: F401

pytestmark = pytest.mark.postgres


def _tools() -> tuple[Path, Path]:
    bindir = find_bindir()
    tools = (bindir / "pg_dump", bindir / "pg_restore") if bindir else None
    if tools is None or not all(tool.is_file() for tool in tools):
        pytest.skip(
            f"pg_dump and pg_restore not found beside the test server's binaries ({bindir})"
        )
    return tools


def _annotate(project: Team) -> tuple[str, str]:
    """alice's two spans, one approved by rita; their ids."""
    alice = project.open_as(project.alice)
    try:
        user = team.member(alice, project.alice)
        history = History(alice)
        [first] = history.do(AddSpan("d1", 0, 10, "actor"), user).span_ids
        [second] = history.do(AddSpan("d1", 15, 20, "actor"), user).span_ids
    finally:
        alice.close()
    rita = project.open_as(project.rita)
    try:
        History(rita).do(ApproveSpan(first), team.member(rita, project.rita))
    finally:
        rita.close()
    return first, second


def _refused(connection: psycopg.Connection, statement: str, *parameters: str) -> str:
    with pytest.raises(psycopg.Error) as refused:
        connection.execute(statement, list(parameters))
    return str(refused.value)


def test_a_pg_dump_of_a_team_project_restores_whole_and_still_refuses_an_annotator(
    team_project: Team, postgres_admin_url, tmp_path
):
    pg_dump, pg_restore = _tools()
    approved, pending = _annotate(team_project)
    dump = tmp_path / "team.dump"
    subprocess.run([pg_dump, "-Fc", "-f", dump, "-d", team_project.url], check=True)
    restored = fresh_database(postgres_admin_url)
    try:
        subprocess.run([pg_restore, "--exit-on-error", "-d", restored, dump], check=True)
        original, copy = open_store(team_project.url), open_store(restored)
        try:
            assert rows_of(copy) == rows_of(original)
            assert exports(copy, tmp_path / "restored") == exports(original, tmp_path / "original")
        finally:
            original.close()
            copy.close()
        # The group roles are the cluster's, so the restored grants, row-level security and
        # review trigger name the same groups: alice is still an annotator there.
        as_alice = Team(restored, team_project.alice, team_project.bob, team_project.rita)
        with as_alice.connect(team_project.alice) as alice:
            message = _refused(alice, "UPDATE spans SET status = 'approved' WHERE id = %s", pending)
            assert "only a reviewer may approve or reject spans" in message
            message = _refused(
                alice, "UPDATE spans SET annotator = %s WHERE id = %s", team_project.rita, pending
            )
            assert "row-level security" in message
            assert "permission denied" in _refused(alice, "DELETE FROM labels")
            status = alice.execute("SELECT status FROM spans WHERE id = %s", [approved])
            assert status.fetchone() == ("approved",)
    finally:
        drop_database(postgres_admin_url, restored)
