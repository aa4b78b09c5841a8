"""`review approve` of a span its annotator just deleted: one plain sentence, on a project
file and on a team project, and nothing changed."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core import team
from belannot.core.commands import AddSpan, DeleteSpan
from belannot.core.history import History
from belannot.core.model import Document, Role, User
from belannot.core.store import Store
from tests.team_fixtures import Team, team_project_fixture  # noqa: F401


def _add_and_delete(store: Store, annotator: User) -> str:
    history = History(store)
    [span_id] = history.do(AddSpan("d1", 0, 10, "actor"), annotator).span_ids
    history.do(DeleteSpan(span_id), annotator)
    return span_id


def _approve(db: str, span_id: str, *user: str) -> str:
    result = CliRunner().invoke(cli, ["--db", db, *user, "review", "approve", span_id])
    assert result.exit_code == 1 and "Traceback" not in result.output
    return result.output


def test_on_a_project_file(tmp_path):
    path = tmp_path / "p.belannot"
    store = Store.open(path)
    try:
        store.add_document(Document("d1", "Lukashenko met Putin in Minsk."))
        store.ensure_user("rita", Role.REVIEWER)
        span_id = _add_and_delete(store, User("alice"))
    finally:
        store.close()
    assert _approve(str(path), span_id, "--user", "rita") == (
        f"Error: span {span_id} is no longer in the project: alice deleted it; "
        "nothing was changed\n"
    )


@pytest.mark.postgres
def test_on_a_team_project(team_project: Team):
    alice = team_project.open_as(team_project.alice)
    try:
        span_id = _add_and_delete(alice, team.member(alice, team_project.alice))
    finally:
        alice.close()
    output = _approve(team_project.url_as(team_project.rita), span_id)
    assert output == (
        f"Error: span {span_id} is no longer in the project: {team_project.alice} deleted it; "
        "nothing was changed\n"
    )
