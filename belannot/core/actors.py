"""Actors: who is who in the corpus (frozen, validated), the NIL markers, the default registry."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, NamedTuple

import orjson

from belannot.core.model import ValidationError

# What a link holds instead of an actor id, as Prodigy's NIL choices: the span names an
# actor, but none of the registry's (or not one that can be told).
NIL_NOT_IN_REGISTRY = "NIL"
NIL_AMBIGUOUS = "NIL:ambiguous"
NIL_MARKERS = (NIL_NOT_IN_REGISTRY, NIL_AMBIGUOUS)

# The label whose spans link to actors in a new project.
DEFAULT_ACTOR_LABEL = "actor"

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
_NAME = re.compile(r"^[^\s\x00-\x1f][^\x00-\x1f]{0,199}$")


class ActorKind(StrEnum):
    PERSON = "person"
    STATE = "state"
    ORGANISATION = "organisation"
    GROUP = "group"
    OTHER = "other"


def check_actor_id(actor_id: object) -> str:
    if (
        not isinstance(actor_id, str)
        or not _ID.match(actor_id)
        or actor_id.upper().startswith("NIL")
    ):
        raise ValidationError(
            f"actor id {actor_id!r} must be 1–64 letters, digits or _.:- and not start with NIL"
        )
    return actor_id


def check_actor_name(name: object, what: str = "actor name") -> str:
    if not isinstance(name, str) or not _NAME.match(name) or name != name.strip():
        raise ValidationError(f"{what} {name!r} must be 1–200 printable characters")
    return name


def actor_kind(kind: object) -> ActorKind:
    try:
        return ActorKind(kind if isinstance(kind, str) else "")
    except ValueError:
        kinds = ", ".join(k.value for k in ActorKind)
        raise ValidationError(f"unknown actor kind {kind!r} ({kinds})") from None


def slug(name: str) -> str:
    """An id made from a name: ``Alexander Lukashenko`` → ``alexander-lukashenko``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    made = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:56] or "actor"
    return f"actor-{made}" if made.upper().startswith("NIL") else made


@dataclass(frozen=True, slots=True)
class Actor:
    """One entry of the registry: a canonical name, a kind and the other names it goes by."""

    id: str
    name: str
    kind: ActorKind = ActorKind.OTHER
    aliases: tuple[str, ...] = ()
    description: str = ""
    # An external reference, such as a Wikidata id (Q14190).
    ref: str | None = None
    created: str = ""
    updated: str = ""

    def __post_init__(self) -> None:
        check_actor_id(self.id)
        check_actor_name(self.name)
        object.__setattr__(self, "kind", actor_kind(self.kind))
        for alias in self.aliases:
            check_actor_name(alias, "alias")
        if not isinstance(self.description, str):
            raise ValidationError("an actor's description must be text")
        if self.ref is not None and (not isinstance(self.ref, str) or not self.ref.strip()):
            raise ValidationError(f"external reference {self.ref!r} must be non-empty text")

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name, then the aliases."""
        return (self.name, *self.aliases)

    def with_changes(self, **changes: Any) -> Actor:
        return replace(self, **changes)

    def to_row(self) -> dict[str, Any]:
        """The JSON-able row the history and audit store (and the registry file holds)."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind.value,
            "aliases": list(self.aliases),
            "description": self.description,
            "ref": self.ref,
            "created": self.created,
            "updated": self.updated,
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Actor:
        return cls(
            row["id"],
            row["name"],
            row["kind"],
            tuple(row.get("aliases") or ()),
            row.get("description") or "",
            row.get("ref"),
            row.get("created") or "",
            row.get("updated") or "",
        )


class Mention(NamedTuple):
    """A linked span, where it is: what ``belannot actors mentions`` lists (a tuple: an
    actor named in 10,000 documents has as many)."""

    span_id: str
    document_id: str
    start: int
    end: int
    annotator: str
    text: str
    context: str = ""


def default_actors() -> tuple[Actor, ...]:
    """The registry a new project gets for the bundled corpus (resources/actors.jsonl)."""
    from belannot.core.packaged import resource

    lines = resource("actors.jsonl").read_bytes().splitlines()
    return tuple(Actor.from_row(orjson.loads(line)) for line in lines if line.strip())
