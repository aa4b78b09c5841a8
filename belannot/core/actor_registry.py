"""The registry as JSONL, both ways: one actor a line, read whole before anything is stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import orjson

from belannot.core.actor_commands import actor_edit, joined_aliases
from belannot.core.actor_matching import normalise
from belannot.core.actors import Actor, ActorKind, actor_kind, check_actor_id, check_actor_name
from belannot.core.changes import Edit
from belannot.core.commands import Command
from belannot.core.errors import InputError, ValidationError
from belannot.core.fileio import atomic_write
from belannot.core.formats.decoding import decode_bytes
from belannot.core.model import User, now_iso
from belannot.core.operations import run
from belannot.core.store import Store

FIELDS = ("id", "name", "kind", "aliases", "description", "ref")
_REQUIRED = ("id", "name")


def actor_json(actor: Actor) -> dict[str, Any]:
    """An actor as a line of the registry file."""
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind.value,
        "aliases": list(actor.aliases),
        "ref": actor.ref,
        "description": actor.description,
    }


def export_registry(store: Store, path: Path | str, *, overwrite: bool = False) -> int:
    """Write every actor to ``path`` (atomic); the number written."""
    actors = store.actors()
    with atomic_write(path, overwrite=overwrite) as out:
        for actor in actors:
            out.write(orjson.dumps(actor_json(actor), option=orjson.OPT_APPEND_NEWLINE))
    return len(actors)


def _field_error(error: ValidationError, path: str, line: int, name: str) -> InputError:
    return InputError(str(error), path=path, line=line, field=name)


def _parse_line(data: Any, path: str, line: int) -> Actor:
    if not isinstance(data, dict):
        raise InputError(f"expected an object, got {type(data).__name__}", path=path, line=line)
    unknown = sorted(data.keys() - set(FIELDS))
    if unknown:
        raise InputError("unknown field", path=path, line=line, field=unknown[0])
    for name in _REQUIRED:
        if data.get(name) in (None, ""):
            raise InputError("missing", path=path, line=line, field=name)
    checks: list[tuple[str, Any]] = [
        ("id", lambda: check_actor_id(data["id"])),
        ("name", lambda: check_actor_name(data["name"])),
    ]
    for name, check in checks:
        try:
            check()
        except ValidationError as error:
            raise _field_error(error, path, line, name) from None
    aliases = data.get("aliases") or []
    if not isinstance(aliases, list):
        raise InputError("must be a list of names", path=path, line=line, field="aliases")
    for index, alias in enumerate(aliases):
        try:
            check_actor_name(alias, "alias")
        except ValidationError as error:
            raise _field_error(error, path, line, f"aliases[{index}]") from None
    for name in ("ref", "description"):
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError("must be a string", path=path, line=line, field=name)
    try:
        kind = actor_kind(data.get("kind") or ActorKind.OTHER.value)
    except ValidationError as error:
        raise _field_error(error, path, line, "kind") from None
    actor = Actor(
        data["id"], data["name"], kind, (), data.get("description") or "", data.get("ref") or None
    )
    # An alias repeated, or the name again, is said once (compared normalised).
    return actor.with_changes(aliases=joined_aliases(actor, aliases))


def read_registry(path: Path | str) -> list[tuple[int, Actor]]:
    """The actors of a registry file with their line numbers; the first bad line raises."""
    shown = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror or error}", path=shown) from None
    text = decode_bytes(data, shown)
    actors: list[tuple[int, Actor]] = []
    seen: dict[str, int] = {}
    names: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            loaded = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise InputError(f"not JSON: {error}", path=shown, line=number) from None
        actor = _parse_line(loaded, shown, number)
        for key, held, what in ((actor.id, seen, "id"), (normalise(actor.name), names, "name")):
            if key in held:
                raise InputError(
                    f"the same {what} as line {held[key]}", path=shown, line=number, field=what
                )
            held[key] = number
        actors.append((number, actor))
    return actors


@dataclass(frozen=True)
class ImportActors(Command):
    """Add the file's new actors and bring known ids up to the file's values, as one step."""

    actors: Sequence[tuple[int, Actor]]
    path: str = ""
    description: ClassVar[str] = "Import actors"

    def edits(self, store: Store, user: User) -> list[Edit]:
        stored = {actor.id: actor for actor in store.actors()}
        incoming = {actor.id for _, actor in self.actors}
        # The names the file leaves in place: those of stored actors it does not list.
        kept = {normalise(a.name): a for a in stored.values() if a.id not in incoming}
        edits = []
        stamp = now_iso()
        for line, actor in self.actors:
            clash = kept.get(normalise(actor.name))
            if clash is not None:
                raise InputError(
                    f"an actor is called {clash.name!r} already ({clash.id})",
                    path=self.path,
                    line=line,
                    field="name",
                )
            before = stored.get(actor.id)
            if before is None:
                edits.append(actor_edit(None, actor.with_changes(created=stamp, updated=stamp)))
                continue
            after = actor.with_changes(created=before.created, updated=before.updated)
            if after != before:
                edits.append(actor_edit(before, after.with_changes(updated=stamp)))
        return edits


def import_registry(store: Store, path: Path | str, user: User) -> int:
    """Read the registry file at ``path`` and store it as one undoable step; how many
    actors were added or changed."""
    command = ImportActors(read_registry(path), str(path))
    return len(run(store, command, user).actor_ids)
