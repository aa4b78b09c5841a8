"""``belannot actors``: the actor registry, its JSONL both ways, and every mention of an actor."""

from __future__ import annotations

from pathlib import Path

import click

from belannot.cli.context import Context, pass_context
from belannot.cli.render import echo_rows
from belannot.core.actor_commands import (
    AddActor,
    AddAlias,
    EditActor,
    MergeActors,
    RemoveAlias,
    SetActorLabels,
)
from belannot.core.actor_matching import ActorIndex
from belannot.core.actor_registry import export_registry, import_registry
from belannot.core.actors import Actor, ActorKind
from belannot.core.commands import Command
from belannot.core.errors import NotFoundError
from belannot.core.operations import run
from belannot.core.store import Store

_KINDS = click.Choice([kind.value for kind in ActorKind])


def _run(context: Context, command: Command) -> None:
    run(context.store(), command, context.user())


def find_actor(store: Store, name: str) -> Actor:
    """The actor with this id, else the one actor one of whose names ``name`` is."""
    actor = store.actor(name)
    if actor is not None:
        return actor
    matches = ActorIndex(store.actors(), {}).exact(name)
    if not matches:
        raise NotFoundError(f"no actor {name!r} in the registry (belannot actors list)")
    if len(matches) > 1:
        ids = ", ".join(sorted(m.actor_id for m in matches))
        raise NotFoundError(f"{name!r} names {len(matches)} actors ({ids}): give an id")
    return found_actor(store, matches[0].actor_id)


def found_actor(store: Store, actor_id: str) -> Actor:
    actor = store.actor(actor_id)
    assert actor is not None, "an indexed actor is stored"
    return actor


@click.group()
def actors() -> None:
    """The actor registry: who is who, and the spans linked to each."""


@actors.command("list")
@pass_context
def actors_list(context: Context) -> None:
    """List actors: id, kind, name, aliases, reference, linked spans."""
    store = context.store()
    counts = store.actor_link_counts()
    echo_rows(
        (
            actor.id,
            actor.kind.value,
            actor.name,
            ", ".join(actor.aliases) or "-",
            actor.ref or "-",
            counts.get(actor.id, 0),
        )
        for actor in store.actors()
    )


@actors.command("add")
@click.argument("name")
@click.option("--id", "actor_id", help="A stable id (default: made from the name).")
@click.option("--kind", type=_KINDS, default=ActorKind.OTHER.value, show_default=True)
@click.option("--alias", "aliases", multiple=True, help="Another name it goes by (repeatable).")
@click.option("--ref", help="An external reference, such as a Wikidata id.")
@click.option("--description", default="", help="One line saying who it is.")
@pass_context
def actors_add(
    context: Context,
    name: str,
    actor_id: str | None,
    kind: str,
    aliases: tuple[str, ...],
    ref: str | None,
    description: str,
) -> None:
    """Add an actor to the registry."""
    store = context.store()
    changes = run(store, AddActor(name, kind, aliases, description, ref, actor_id), context.user())
    click.echo(f"added {', '.join(changes.actor_ids)}")


@actors.command("edit")
@click.argument("actor")
@click.option("--name", help="A new canonical name.")
@click.option("--kind", type=_KINDS)
@click.option("--ref", help="An external reference ('' clears it).")
@click.option("--description", help="One line saying who it is.")
@pass_context
def actors_edit(
    context: Context,
    actor: str,
    name: str | None,
    kind: str | None,
    ref: str | None,
    description: str | None,
) -> None:
    """Rename an actor, or set its kind, reference or description."""
    found = find_actor(context.store(), actor)
    _run(context, EditActor(found.id, name=name, kind=kind, text=description, ref=ref))
    click.echo(f"edited {found.id}")


@actors.command("alias")
@click.argument("actor")
@click.argument("alias")
@click.option("--remove", is_flag=True, help="Remove the alias instead.")
@pass_context
def actors_alias(context: Context, actor: str, alias: str, remove: bool) -> None:
    """Add an alias to an actor (or --remove one)."""
    found = find_actor(context.store(), actor)
    _run(context, RemoveAlias(found.id, alias) if remove else AddAlias(found.id, alias))
    click.echo(f"{'removed' if remove else 'added'} alias {alias!r} of {found.id}")


@actors.command("merge")
@click.argument("source")
@click.argument("into")
@pass_context
def actors_merge(context: Context, source: str, into: str) -> None:
    """Merge SOURCE into INTO: its links move, its names become aliases (undoable)."""
    store = context.store()
    gone, kept = find_actor(store, source), find_actor(store, into)
    moved = len(store.actor_link_rows(gone.id))
    _run(context, MergeActors(gone.id, into=kept.id))
    click.echo(f"merged {gone.id} into {kept.id}; {moved} link{'s' * (moved != 1)} moved")


@actors.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_context
def actors_import(context: Context, path: Path) -> None:
    """Read a registry JSONL file (one actor a line); known ids take the file's values."""
    count = import_registry(context.store(), path, context.user())
    click.echo(f"{count} actor{'s' * (count != 1)} added or changed")


@actors.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@pass_context
def actors_export(context: Context, path: Path, force: bool) -> None:
    """Write the registry as JSONL: {"id", "name", "kind", "aliases", "ref", "description"}."""
    count = export_registry(context.store(), path, overwrite=force)
    click.echo(f"{count} actor{'s' * (count != 1)} written to {path}")


@actors.command("mentions")
@click.argument("name")
@pass_context
def actors_mentions(context: Context, name: str) -> None:
    """Every span linked to an actor (by id, name or alias): document, offsets, text, context."""
    store = context.store()
    actor = find_actor(store, name)
    mentions = store.actor_mentions(actor.id)
    if not mentions:
        click.echo(f"no span is linked to {actor.name} yet", err=True)
    echo_rows(
        (
            mention.document_id,
            mention.start,
            mention.end,
            mention.annotator,
            mention.text,
            " ".join(mention.context.split()),
        )
        for mention in mentions
    )


@actors.command("labels")
@click.argument("labels", nargs=-1)
@pass_context
def actors_labels(context: Context, labels: tuple[str, ...]) -> None:
    """Show the labels whose spans link to actors, or set them (LABELS...)."""
    store = context.store()
    if labels:
        run(store, SetActorLabels(labels), context.user())
    for label in store.actor_labels():
        click.echo(label)


COMMANDS = (actors,)
