"""``belannot team``: set up a team project on its server and add its members."""

from __future__ import annotations

import sys

import click

from belannot.cli.context import Context, pass_context
from belannot.cli.render import echo_rows
from belannot.core import team as core_team
from belannot.core.errors import BelannotError
from belannot.core.model import Role, User
from belannot.core.store import is_team_location
from belannot.core.store.postgres import PostgresStore


@click.group()
def team() -> None:
    """A team project on PostgreSQL: its schema, roles and members (run by its owner)."""


@team.command("init")
@click.argument("url")
def team_init(url: str) -> None:
    """Create the schema and the annotator and reviewer roles of the database at URL
    (a login that owns the database, with CREATEROLE, or a superuser). Running it again
    changes nothing."""
    if not is_team_location(url):
        raise BelannotError(f"{url}: a team project is a postgresql://user@host/database URL")
    made = core_team.set_up(url)
    for line in made:
        click.echo(line)
    if not made:
        click.echo("nothing to do: the team project is set up")


def _team(context: Context) -> PostgresStore:
    return core_team.team_store(context.store(), context.where)


@team.command("add-user")
@click.argument("name")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option(
    "--password-stdin", is_flag=True, help="Read the login's password from standard input."
)
@pass_context
def team_add_user(context: Context, name: str, role: str, password_stdin: bool) -> None:
    """Add the login NAME to the team project of --db with ROLE (or move it to ROLE)."""
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise BelannotError("--password-stdin: standard input held no password")
    made = core_team.add_member(_team(context), User(name, Role(role)), password)
    for line in made:
        click.echo(line)
    if not made:
        click.echo(f"nothing to do: {name} is already a {role}")


@team.command("users")
@pass_context
def team_users(context: Context) -> None:
    """The team's logins and their roles."""
    echo_rows(_team(context).logins())


COMMANDS = (team,)
