"""``belannot relations``: the project's relation types."""

from __future__ import annotations

import click

from belannot.cli.context import Context, pass_context
from belannot.cli.render import echo_rows
from belannot.core import relation_type_edits


@click.group()
def relations() -> None:
    """The project's relation types (what a relation may join)."""


@relations.command("list")
@pass_context
def relations_list(context: Context) -> None:
    """List relation types: hotkey, name, head labels → tail labels, colour, description."""
    echo_rows(
        (
            relation_type.hotkey or "-",
            relation_type.name,
            f"{','.join(relation_type.head_labels)} "
            f"{'->' if relation_type.directed else '<->'} {','.join(relation_type.tail_labels)}",
            relation_type.color,
            relation_type.description,
        )
        for relation_type in context.store().relation_types()
    )


@relations.command("add")
@click.argument("name")
@click.option("--head", "head", multiple=True, required=True, help="A label allowed at the head.")
@click.option("--tail", "tail", multiple=True, required=True, help="A label allowed at the tail.")
@click.option("--symmetric", is_flag=True, help="The relation has no direction.")
@click.option("--color", default="#777777", show_default=True, help="Colour as #rrggbb.")
@click.option("--hotkey", help="One key that starts a link of this type.")
@click.option("--description", default="", help="One line saying what the relation means.")
@pass_context
def relations_add(
    context: Context,
    name: str,
    head: tuple[str, ...],
    tail: tuple[str, ...],
    symmetric: bool,
    color: str,
    hotkey: str | None,
    description: str,
) -> None:
    """Add a relation type going from --head labels to --tail labels."""
    relation_type_edits.add_relation_type(
        context.store(),
        context.user(),
        name,
        head,
        tail,
        directed=not symmetric,
        color=color,
        hotkey=hotkey,
        text=description,
    )
    click.echo(f"added {name}")


@relations.command("rename")
@click.argument("name")
@click.argument("new_name")
@pass_context
def relations_rename(context: Context, name: str, new_name: str) -> None:
    """Rename a relation type; its relations follow."""
    relation_type_edits.rename_relation_type(context.store(), context.user(), name, new_name)
    click.echo(f"renamed {name} to {new_name}")


@relations.command("delete")
@click.argument("name")
@click.option("--delete-relations", is_flag=True, help="Delete its relations with it.")
@pass_context
def relations_delete(context: Context, name: str, delete_relations: bool) -> None:
    """Delete a relation type; refused while it has relations unless --delete-relations."""
    store = context.store()
    count = store.relation_type_count(name)
    relation_type_edits.delete_relation_type(
        store, context.user(), name, delete_relations=delete_relations
    )
    click.echo(f"deleted {name}" + (f"; {count} relations deleted" if count else ""))


COMMANDS = (relations,)
