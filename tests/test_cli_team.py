"""`belannot team`: init, add-user and users on a team project; the server's refusals are
one line, and a login the owner never added is told who adds it."""

from __future__ import annotations

import uuid

import psycopg
from psycopg import sql

from belannot.core import team
from belannot.core.model import Role, User
from belannot.core.store.postgres import PostgresStore
from tests.postgres_server import drop_database, fresh_database
from tests.team_fixtures import Team, run_belannot, team_project_fixture  # noqa: F401


def _span_as(project: Team, login: str) -> str:
    store = project.open_as(login)
    try:
        from belannot.core.commands import AddSpan
        from belannot.core.history import History

        user = team.member(store, login)
        [span_id] = History(store).do(AddSpan("d1", 0, 10, "actor"), user).span_ids
        return span_id
    finally:
        store.close()


def test_team_init_then_add_user_then_users(postgres_admin_url):
    url = fresh_database(postgres_admin_url)
    login = f"ann_{uuid.uuid4().hex[:8]}"
    try:
        first = run_belannot("team", "init", url).output.splitlines()
        assert first[0].startswith("made the schema of ")
        assert any("_annotator (NOLOGIN" in line for line in first)
        assert any("_reviewer (NOLOGIN" in line for line in first)
        assert any("row-level security" in line for line in first)
        again = run_belannot("team", "init", url).output
        assert again == "nothing to do: the team project is set up\n"
        added = run_belannot(
            "--db",
            url,
            "team",
            "add-user",
            login,
            "--role",
            "annotator",
            "--password-stdin",
            stdin="s3cret\n",
        ).output
        assert f"made login {login}\n" in added and f"made user {login}: annotator\n" in added
        assert f"set the password of {login}\n" in added
        listed = run_belannot("--db", url, "team", "users").output
        assert login in listed and "annotator" in listed
        with psycopg.connect(postgres_admin_url) as admin:
            stored = admin.execute(
                "SELECT rolpassword IS NOT NULL FROM pg_authid WHERE rolname = %s", [login]
            ).fetchone()
        assert stored == (True,)
    finally:
        database = url.rsplit("/", 1)[1].split("?")[0]
        drop_database(postgres_admin_url, url)
        with psycopg.connect(postgres_admin_url, autocommit=True) as admin:
            for name in (login, f"{database}_annotator", f"{database}_reviewer"):
                admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


def test_an_annotators_approval_is_refused_in_one_line(team_project: Team):
    span_id = _span_as(team_project, team_project.alice)
    alice_url = team_project.url_as(team_project.alice)
    refused = run_belannot("--db", alice_url, "review", "approve", span_id, ok=False).output
    assert refused.count("\n") == 1 and "needs a reviewer" in refused


def test_the_server_refuses_an_approval_the_users_table_would_allow(team_project: Team):
    span_id = _span_as(team_project, team_project.alice)
    # A users table edited behind belannot's back: the server's roles still decide.
    with psycopg.connect(team_project.url) as owner:
        owner.execute("UPDATE users SET role = 'reviewer' WHERE name = %s", [team_project.alice])
    alice_url = team_project.url_as(team_project.alice)
    refused = run_belannot("--db", alice_url, "review", "approve", span_id, ok=False).output
    assert refused == (
        "Error: the team project's server refused this change: only a reviewer may approve "
        "or reject spans; nothing was changed\n"
    )
    store = PostgresStore.open(team_project.url)
    try:
        assert store.span(span_id).status.value == "pending"
    finally:
        store.close()


def test_a_login_with_no_users_row_is_told_who_adds_it(team_project: Team):
    span_id = _span_as(team_project, team_project.alice)
    with psycopg.connect(team_project.url) as owner:
        owner.execute("DELETE FROM history")
        owner.execute("UPDATE spans SET annotator = %s", [team_project.bob])
        owner.execute("DELETE FROM document_states")
        owner.execute("DELETE FROM users WHERE name = %s", [team_project.alice])
    alice_url = team_project.url_as(team_project.alice)
    refused = run_belannot("--db", alice_url, "review", "approve", span_id, ok=False).output
    assert refused == (
        f"Error: {team_project.alice} is not a member of this team project: its owner runs "
        f"`belannot team add-user {team_project.alice} --role annotator`\n"
    )
    with psycopg.connect(team_project.url) as owner:
        found = owner.execute("SELECT 1 FROM users WHERE name = %s", [team_project.alice])
        assert found.fetchone() is None


def test_team_commands_on_a_project_file_say_what_they_need(tmp_path):
    refused = run_belannot("--db", str(tmp_path / "p.belannot"), "team", "users", ok=False).output
    assert "is a project file" in refused and refused.count("\n") == 1


def test_the_window_opens_a_team_project_as_the_login(team_project: Team, monkeypatch, tmp_path):
    import belannot.app

    opened = []

    def run_window(store, user, **_options):
        opened.append((store.login, user))
        return 0

    monkeypatch.setattr(belannot.app, "run_window", run_window)
    alice_url = team_project.url_as(team_project.alice)
    run_belannot("--db", alice_url, "gui", "--screenshot", str(tmp_path / "w.png"))
    assert opened == [(team_project.alice, User(team_project.alice, Role.ANNOTATOR))]


def test_a_reviewer_and_an_annotator_import_into_a_set_up_team_project(team_project, tmp_path):
    """Row-level security rules out COPY for the members (the server refuses it for a table
    whose policies apply): their imports still load, by INSERT."""
    articles = tmp_path / "articles"
    articles.mkdir()
    for n in range(3):
        (articles / f"{n}.txt").write_text(f"Article {n}: Lukashenko met Putin.", encoding="utf-8")
    rita_url = team_project.url_as(team_project.rita)
    done = run_belannot("--db", rita_url, "import", str(articles)).output
    assert "3 documents added" in done
    layer = tmp_path / "alice.jsonl"
    layer.write_text(
        '{"id": "d1", "text": "Lukashenko met Putin in Minsk. The Kremlin agreed.", '
        '"spans": [{"start": 0, "end": 10, "label": "actor"}]}\n',
        encoding="utf-8",
    )
    alice_url = team_project.url_as(team_project.alice)
    assert "1 spans added" in run_belannot("--db", alice_url, "import", str(layer)).output
    store = team_project.open_as(team_project.rita)
    try:
        assert store.document_count() == 4
        assert [s.annotator for s in store.spans("d1")] == [team_project.alice]
    finally:
        store.close()
