"""``belannot users``: who works on the project, in which role, and who works now."""

from __future__ import annotations

import click

from belannot.cli.context import Context, pass_context
from belannot.cli.render import echo_rows
from belannot.core import identity, operations
from belannot.core.errors import BelannotError
from belannot.core.model import Role, User
from belannot.core.user_edits import SetUserRole


@click.group()
def users() -> None:
    """Who works on the project, and in which role."""


@users.command("add")
@click.argument("name")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), default="annotator", show_default=True
)
@pass_context
def users_add(context: Context, name: str, role: str) -> None:
    """Add a user, or change an existing user's role (on a project file)."""
    if context.team_url is not None:
        # A users row alone would be a member who cannot log in, or one the server
        # never put in the role's group.
        raise BelannotError(
            f"{context.where} is a team project: a member is a login of its server; its "
            f"owner runs `belannot team add-user {name} --role {role}`; nothing was changed"
        )
    user = User(name, Role(role))
    # The audit names the user added as its author, as it always has: adding a user
    # does not add whoever typed the command.
    operations.run(context.store(), SetUserRole(user), user)
    click.echo(f"{user.name}: {user.role.value}")


@users.command("whoami")
@pass_context
def users_whoami(context: Context) -> None:
    """Who works: name, role, and where the name came from (--user, BELANNOT_USER,
    remembered by the window, or the login name)."""
    if context.team_url is not None:
        # On a team project you are the login the server authenticated (--user aside).
        name, came_from = context.store().login or "", "the team project's login"
    else:
        name, source = identity.resolve(context.user_name, context.user_source)
        where = f" ({identity.identity_path()})" if source is identity.Source.REMEMBERED else ""
        came_from = f"{source.value}{where}"
    known = context.store().user(name)
    role = known.role.value if known is not None else "not in this project"
    echo_rows([(name, role, came_from)])


@users.command("list")
@pass_context
def users_list(context: Context) -> None:
    """List users and their roles."""
    echo_rows((user.name, user.role.value) for user in context.store().users())


COMMANDS = (users,)
