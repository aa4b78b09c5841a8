"""The server enforces a team project's roles: raw SQL as an annotator cannot approve spans,
touch another annotator's rows or the schema; belannot's own edits and undo pass."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

from belannot.core import team
from belannot.core.actor_commands import AddActor, LinkSpan
from belannot.core.actors import ActorKind
from belannot.core.commands import AddSpan, DeleteSpan, SetDocumentState, UpdateSpan
from belannot.core.errors import PermissionDeniedError
from belannot.core.history import History
from belannot.core.model import DocumentState, Role, SpanStatus, User
from belannot.core.recommenders.base import Suggestion
from belannot.core.relation_commands import AddRelation
from belannot.core.review import ApproveSpan
from belannot.core.store.postgres import PostgresStore, roles
from belannot.core.suggestion_commands import AcceptSuggestion, RejectSuggestion
from tests.team_fixtures import Team, team_project_fixture  # noqa: F401

SPAN_COLUMNS = 'id, document_id, start, "end", label, annotator, status, created, updated'


def _span_as(project: Team, login: str, start: int = 0, end: int = 10) -> str:
    store = project.open_as(login)
    try:
        user = team.member(store, login)
        [span_id] = History(store).do(AddSpan("d1", start, end, "actor"), user).span_ids
        return span_id
    finally:
        store.close()


def _row(project: Team, span_id: str) -> tuple:
    with psycopg.connect(project.url) as owner:
        return owner.execute("SELECT * FROM spans WHERE id = %s", [span_id]).fetchone()


def test_the_role_design_covers_every_table_the_migrations_make(team_project: Team):
    with psycopg.connect(team_project.url) as owner:
        tables = {
            row[0]
            for row in owner.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        }
    assert tables == {*roles.TABLES, roles.MIGRATIONS_TABLE}


def test_team_init_twice_changes_nothing_the_second_time(team_project: Team):
    assert team.set_up(team_project.url) == []


def test_an_annotator_cannot_approve_spans_from_sql(team_project: Team):
    span_id = _span_as(team_project, team_project.alice)
    with team_project.connect(team_project.alice) as alice:
        for statement in (
            "UPDATE spans SET status = 'approved' WHERE id = %s",
            "UPDATE spans SET reviewer = current_user WHERE id = %s",
            "UPDATE relations SET status = 'rejected' WHERE id = %s",
        ):
            try:
                alice.execute(statement, [span_id])
            except errors.InsufficientPrivilege as error:
                assert "only a reviewer may approve or reject spans" in str(error)
            else:
                assert "relations" in statement  # no such relation: nothing to refuse
    assert _row(team_project, span_id)[6] == "pending"


def test_an_annotator_cannot_insert_a_decided_span_of_their_own(team_project: Team):
    with (
        team_project.connect(team_project.alice) as alice,
        pytest.raises(errors.InsufficientPrivilege, match="only a reviewer"),
    ):
        alice.execute(
            f"INSERT INTO spans ({SPAN_COLUMNS}) VALUES "
            "('x', 'd1', 0, 3, 'actor', current_user, 'approved', 'now', 'now')"
        )


def test_an_annotator_cannot_change_or_delete_another_annotators_spans(team_project: Team):
    span_id = _span_as(team_project, team_project.bob)
    before = _row(team_project, span_id)
    with team_project.connect(team_project.alice) as alice:
        assert alice.execute("UPDATE spans SET start = 1 WHERE id = %s", [span_id]).rowcount == 0
        assert alice.execute("DELETE FROM spans WHERE id = %s", [span_id]).rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            alice.execute(
                f"INSERT INTO spans ({SPAN_COLUMNS}) VALUES "
                "('y', 'd1', 0, 3, 'actor', %s, 'pending', 'now', 'now')",
                [team_project.bob],
            )
        taking = "UPDATE spans SET annotator = current_user WHERE id = %s"
        assert alice.execute(taking, [span_id]).rowcount == 0
        own = _span_as(team_project, team_project.alice, 11, 14)
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            alice.execute("UPDATE spans SET annotator = %s WHERE id = %s", [team_project.bob, own])
    assert _row(team_project, span_id) == before


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO labels (name, color, position) VALUES ('x', '#000000', 99)",
        "UPDATE settings SET value = 'x'",
        "DELETE FROM documents",
        "UPDATE users SET role = 'reviewer'",
        "UPDATE audit SET action = 'x'",
        "DELETE FROM audit",
        'INSERT INTO audit (at, "user", action, entity, entity_id) '
        "VALUES ('now', 'someone else', 'x', 'span', 'x')",
    ],
)
def test_an_annotator_cannot_write_the_schema_documents_or_the_audit(team_project, statement):
    with (
        team_project.connect(team_project.alice) as alice,
        pytest.raises(errors.InsufficientPrivilege),
    ):
        alice.execute(statement)


def test_an_annotators_own_edits_and_undo_pass_through_belannot(team_project: Team):
    store = team_project.open_as(team_project.alice)
    try:
        alice = team.member(store, team_project.alice)
        assert alice.role is Role.ANNOTATOR
        history = History(store)
        [span_id] = history.do(AddSpan("d1", 0, 10, "actor"), alice).span_ids
        history.do(UpdateSpan(span_id, end=5), alice)
        assert store.span(span_id).end == 5
        history.undo(alice)
        assert store.span(span_id).end == 10
        history.do(DeleteSpan(span_id), alice)
        assert store.span(span_id) is None
        history.undo(alice)
        assert store.span(span_id) is not None
        history.redo(alice)
        assert store.span(span_id) is None
    finally:
        store.close()


def test_the_reviewer_approves_and_the_annotator_may_still_undo_deleting_it(team_project):
    span_id = _span_as(team_project, team_project.alice)
    rita_store = team_project.open_as(team_project.rita)
    try:
        rita = team.member(rita_store, team_project.rita)
        History(rita_store).do(ApproveSpan(span_id), rita)
        assert rita_store.span(span_id).status is SpanStatus.APPROVED
    finally:
        rita_store.close()
    store = team_project.open_as(team_project.alice)
    try:
        alice = team.member(store, team_project.alice)
        history = History(store)
        history.do(DeleteSpan(span_id), alice)
        # The reviewer's decision comes back with the span: the audit holds it.
        history.undo(alice)
        assert store.span(span_id).status is SpanStatus.APPROVED
    finally:
        store.close()


def test_an_annotator_cannot_forge_a_decision_no_reviewer_made(team_project: Team):
    with (
        team_project.connect(team_project.alice) as alice,
        pytest.raises(errors.InsufficientPrivilege, match="only a reviewer"),
    ):
        alice.execute(
            f"INSERT INTO spans ({SPAN_COLUMNS}, reviewer) VALUES "
            "('z', 'd1', 0, 3, 'actor', current_user, 'approved', 'now', 'now', %s)",
            [team_project.rita],
        )


def test_a_refusal_through_belannot_is_one_plain_permission_error(team_project: Team):
    span_id = _span_as(team_project, team_project.alice)
    store = team_project.open_as(team_project.alice)
    try:
        # As if the users table said reviewer: the server still refuses.
        with pytest.raises(PermissionDeniedError, match="only a reviewer may approve"):
            History(store).do(ApproveSpan(span_id), User(team_project.alice, Role.REVIEWER))
        assert store.span(span_id).status is SpanStatus.PENDING
    finally:
        store.close()


def test_a_login_outside_the_team_is_told_who_adds_it(team_project: Team, postgres_admin_url):
    outsider = f"{team_project.alice}_carol"
    with psycopg.connect(postgres_admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{outsider}" LOGIN')
    try:
        with pytest.raises(PermissionDeniedError, match="is not a member of this team project"):
            PostgresStore.open(team_project.url_as(outsider))
    finally:
        with psycopg.connect(postgres_admin_url, autocommit=True) as admin:
            admin.execute(f'DROP ROLE "{outsider}"')


def test_add_user_moves_a_login_between_groups_and_keeps_the_users_table_equal(team_project):
    owner = PostgresStore.open(team_project.url)
    try:
        made = team.add_member(owner, User(team_project.bob, Role.REVIEWER), None)
        assert [line.split()[0] for line in made] == ["revoked", "granted", "made"]
        assert owner.user(team_project.bob).role is Role.REVIEWER
        assert (team_project.bob, "reviewer") in owner.logins()
        assert team.add_member(owner, User(team_project.bob, Role.REVIEWER), None) == []
        assert [e.action for e in owner.audit_log(user=team_project.bob)][-1] == "change role"
    finally:
        owner.close()


def test_an_annotators_relations_links_suggestions_and_states_pass(team_project: Team):
    # "Lukashenko met Putin in Minsk. The Kremlin agreed."
    owner = PostgresStore.open(team_project.url)
    try:
        rita = team.member(owner, team_project.rita)
        History(owner).do(AddActor("Vladimir Putin", ActorKind.PERSON, (), actor_id="putin"), rita)
    finally:
        owner.close()
    store = team_project.open_as(team_project.alice)
    try:
        alice = team.member(store, team_project.alice)
        history = History(store)
        [event] = history.do(AddSpan("d1", 11, 14, "event"), alice).span_ids
        [putin] = history.do(AddSpan("d1", 15, 20, "actor"), alice).span_ids
        history.do(AddRelation(event, putin, "participant"), alice)
        history.do(LinkSpan(putin, "putin"), alice)
        suggestion = Suggestion("d1", 0, 10, "actor", 0.9, "string")
        history.do(AcceptSuggestion(suggestion), alice)
        history.do(RejectSuggestion(Suggestion("d1", 34, 41, "actor", 0.5, "string")), alice)
        history.do(SetDocumentState("d1", DocumentState.DONE), alice)
        for _ in range(7):
            history.undo(alice)
        assert store.spans("d1") == [] and store.relations("d1") == []
        for _ in range(7):
            history.redo(alice)
        assert len(store.spans("d1")) == 3 and len(store.relations("d1")) == 1
        history.do(DeleteSpan(putin), alice)  # its relation and link go with it
        history.undo(alice)
        assert store.span_actor(putin) is not None
    finally:
        store.close()


@pytest.mark.parametrize("statement", ["UPDATE audit SET action = 'x'", "DELETE FROM audit"])
def test_not_even_a_reviewer_rewrites_the_audit(team_project: Team, statement):
    with (
        team_project.connect(team_project.rita) as rita,
        pytest.raises(errors.InsufficientPrivilege, match="permission denied for table audit"),
    ):
        rita.execute(statement)


def test_team_init_puts_back_a_policy_someone_dropped(team_project: Team):
    with psycopg.connect(team_project.url, autocommit=True) as owner:
        owner.execute("DROP POLICY belannot_own_update ON spans")
        owner.execute(f"GRANT UPDATE ON labels TO {team_project.groups[0]}")
    assert team.set_up(team_project.url) == [
        "made grants, row-level security and the review trigger on 17 tables"
    ]
    assert team.set_up(team_project.url) == []
    with (
        team_project.connect(team_project.alice) as alice,
        pytest.raises(errors.InsufficientPrivilege),
    ):
        alice.execute("UPDATE labels SET color = '#000000'")
