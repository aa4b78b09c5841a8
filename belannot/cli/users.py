"""``belannot users``: who works on the project, in which role, and who works now."""

from __future__ import annotations

import click

from belannot.cli.context import Context, pass_context
from belannot.cli.render import echo_rows
from belannot.core import identity, operations
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
    """Add a user, or change an existing user's role."""
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
    name, source = identity.resolve(context.user_name, context.user_source)
    known = context.store().user(name)
    role = known.role.value if known is not None else "not in this project"
    where = f" ({identity.identity_path()})" if source is identity.Source.REMEMBERED else ""
    echo_rows([(name, role, f"{source.value}{where}")])


@users.command("list")
@pass_context
def users_list(context: Context) -> None:
    """List users and their roles."""
    echo_rows((user.name, user.role.value) for user in context.store().users())


COMMANDS = (users,)
