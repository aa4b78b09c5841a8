"""Team projects' members: the server's logins and roles, kept equal to the users table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from belannot.core import operations
from belannot.core.errors import BelannotError
from belannot.core.model import User
from belannot.core.store import Store
from belannot.core.store.postgres.roles import not_a_member
from belannot.core.user_edits import SetUserRole

if TYPE_CHECKING:
    from belannot.core.store.postgres import PostgresStore


def team_store(store: Store, where: str) -> PostgresStore:
    from belannot.core.store.postgres import PostgresStore

    if not isinstance(store, PostgresStore):
        raise BelannotError(
            f"{where} is a project file: team members are for a team project "
            "(--db postgresql://owner@host/database)"
        )
    return store


def member(store: Store, login: str) -> User:
    """The team member ``login`` with the role the users table (kept by add-user) gives."""
    user = store.user(login)
    if user is None:
        raise not_a_member(login)  # the server let it in: PUBLIC may connect
    return user


def set_up(url: str) -> list[str]:
    """Create (or bring up to date) the schema and the roles of the team project at ``url``;
    one line per thing made, none when everything was in place."""
    from belannot.core.store.postgres import PostgresStore, shown_url

    store = PostgresStore.open(url)
    try:
        made = []
        if store.migrated:
            made.append(
                f"made the schema of {shown_url(url)} ({len(store.migrated)} migration steps)"
            )
        return made + store.set_up_roles()
    finally:
        store.close()


def add_member(store: PostgresStore, member: User, password: str | None) -> list[str]:
    """Make ``member`` a login of their role's group and a user with that role, in one
    transaction (audited as every role change is); one line per change."""
    before = store.user(member.name)
    with store.transaction():
        made = store.grant_login(member.name, member.role, password)
        # The audit names the member as its author, as `belannot users add` does.
        operations.run(store, SetUserRole(member), member)
    if before != member:
        made.append(f"made user {member.name}: {member.role.value}")
    return made
