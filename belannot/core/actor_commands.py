"""Undoable edits of the actor registry and of span links: add, edit, alias, link, merge.

The registry belongs to the project: anyone may edit it. A link belongs to its span, so
only the span's annotator links it, and only spans of a linkable label (``actor`` by
default) may be linked. Every edit is a :class:`Command`: audited, undone as one step.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from belannot.core.actor_matching import normalise
from belannot.core.actors import NIL_MARKERS, Actor, ActorKind, actor_kind, check_actor_name, slug
from belannot.core.changes import Changes, Edit, Entity
from belannot.core.commands import Command, _existing_span, check_annotator
from belannot.core.errors import NotFoundError, found
from belannot.core.model import Span, User, ValidationError, now_iso
from belannot.core.operations import Operation
from belannot.core.store import Store
from belannot.core.store.actors import link_row


def existing_actor(store: Store, actor_id: str) -> Actor:
    return found(store.actor(actor_id), NotFoundError(f"no actor {actor_id!r} in the registry"))


def check_unique_name(store: Store, name: str, keep: str | None = None) -> None:
    """Two actors may share an alias ("Moscow") but never a canonical name."""
    key = normalise(name)
    for other in store.actors():
        if other.id != keep and normalise(other.name) == key:
            raise ValidationError(f"an actor is called {other.name!r} already ({other.id})")


def joined_aliases(actor: Actor, extra: Sequence[str]) -> tuple[str, ...]:
    """``actor``'s aliases, then those of ``extra`` not among its names (normalised)."""
    seen = {normalise(name) for name in actor.names}
    aliases = list(actor.aliases)
    for alias in extra:
        key = normalise(alias)
        if key not in seen:
            seen.add(key)
            aliases.append(alias)
    return tuple(aliases)


def free_actor_id(store: Store, name: str) -> str:
    base = slug(name)
    actor_id, number = base, 1
    while store.actor(actor_id) is not None:
        number += 1
        actor_id = f"{base}-{number}"
    return actor_id


def actor_edit(before: Actor | None, after: Actor | None) -> Edit:
    return Edit(
        Entity.ACTOR, before.to_row() if before else None, after.to_row() if after else None
    )


def _link_edit(store: Store, span: Span, target: str | None) -> list[Edit]:
    before = store.span_link_row(span.id)
    after = None if target is None else link_row(span.id, span.document_id, target)
    return [] if before == after else [Edit(Entity.ACTOR_LINK, before, after)]


def check_linkable(store: Store, span: Span) -> None:
    labels = store.actor_labels()
    if span.label not in labels:
        which = ", ".join(labels) or "none"
        raise ValidationError(
            f"only spans of an actor label ({which}) link to actors; this one is {span.label}"
        )


def new_actor(
    store: Store,
    name: str,
    kind: ActorKind | str,
    aliases: Sequence[str] = (),
    description: str = "",
    ref: str | None = None,
    actor_id: str | None = None,
) -> Actor:
    """A checked actor not yet stored (a free id made from the name unless given)."""
    check_actor_name(name)
    check_unique_name(store, name)
    if actor_id is not None and store.actor(actor_id) is not None:
        raise ValidationError(f"an actor has the id {actor_id!r} already")
    stamp = now_iso()
    actor = Actor(
        actor_id or free_actor_id(store, name),
        name,
        actor_kind(kind),
        (),
        description,
        ref,
        stamp,
        stamp,
    )
    for alias in aliases:
        actor = actor.with_changes(aliases=(*actor.aliases, check_new_alias(actor, alias)))
    return actor


@dataclass(frozen=True)
class AddActor(Command):
    name: str
    kind: ActorKind | str = ActorKind.OTHER
    aliases: tuple[str, ...] = ()
    # The actor's description (``description`` is the command's, for the audit and undo).
    text: str = ""
    ref: str | None = None
    actor_id: str | None = None

    @property
    def description(self) -> str:
        return f"Add actor {self.name}"

    def edits(self, store: Store, user: User) -> list[Edit]:
        actor = new_actor(
            store, self.name, self.kind, self.aliases, self.text, self.ref, self.actor_id
        )
        return [actor_edit(None, actor)]


@dataclass(frozen=True)
class EditActor(Command):
    """Rename an actor, or set its kind, description or external reference ("" clears it)."""

    actor_id: str
    name: str | None = None
    kind: ActorKind | str | None = None
    text: str | None = None
    ref: str | None = None
    description: ClassVar[str] = "Edit actor"

    def edits(self, store: Store, user: User) -> list[Edit]:
        actor = existing_actor(store, self.actor_id)
        changes: dict[str, Any] = {}
        if self.name is not None and self.name != actor.name:
            check_actor_name(self.name)
            check_unique_name(store, self.name, keep=actor.id)
            changes["name"] = self.name
            # A name is never its own alias too.
            key = normalise(self.name)
            changes["aliases"] = tuple(a for a in actor.aliases if normalise(a) != key)
        if self.kind is not None:
            changes["kind"] = actor_kind(self.kind)
        if self.text is not None:
            changes["description"] = self.text
        if self.ref is not None:
            changes["ref"] = self.ref.strip() or None
        edited = actor.with_changes(**changes)
        if edited == actor:
            return []
        return [actor_edit(actor, edited.with_changes(updated=now_iso()))]


def check_new_alias(actor: Actor, alias: str) -> str:
    """``alias`` if it is none of ``actor``'s names yet (normalised)."""
    check_actor_name(alias, "alias")
    if normalise(alias) in {normalise(name) for name in actor.names}:
        raise ValidationError(f"{actor.name} is called {alias!r} already")
    return alias


@dataclass(frozen=True)
class _AliasEdit(Command):
    actor_id: str
    alias: str

    @abstractmethod
    def aliases(self, actor: Actor) -> tuple[str, ...]:
        """The actor's aliases after this edit; raises if it cannot be made."""

    def edits(self, store: Store, user: User) -> list[Edit]:
        actor = existing_actor(store, self.actor_id)
        edited = actor.with_changes(aliases=self.aliases(actor), updated=now_iso())
        return [actor_edit(actor, edited)]


@dataclass(frozen=True)
class AddAlias(_AliasEdit):
    description: ClassVar[str] = "Add alias"

    def aliases(self, actor: Actor) -> tuple[str, ...]:
        return (*actor.aliases, check_new_alias(actor, self.alias))


@dataclass(frozen=True)
class RemoveAlias(_AliasEdit):
    """Drop the alias that matches ``alias`` once normalised."""

    description: ClassVar[str] = "Remove alias"

    def aliases(self, actor: Actor) -> tuple[str, ...]:
        key = normalise(self.alias)
        kept = tuple(alias for alias in actor.aliases if normalise(alias) != key)
        if kept == actor.aliases:
            raise NotFoundError(f"{actor.name} has no alias {self.alias!r}")
        return kept


def check_target(store: Store, target: str | None) -> None:
    if target is not None and target not in NIL_MARKERS:
        existing_actor(store, target)


_NIL_DESCRIPTIONS = {
    NIL_MARKERS[0]: "Mark span not in registry",
    NIL_MARKERS[1]: "Mark span ambiguous",
}


@dataclass(frozen=True)
class LinkSpan(Command):
    """Link a span to an actor (its id), to a NIL marker, or (None) unlink it."""

    span_id: str
    target: str | None

    @property
    def description(self) -> str:
        if self.target is None:
            return "Unlink span"
        return _NIL_DESCRIPTIONS.get(self.target, f"Link span to {self.target}")

    def edits(self, store: Store, user: User) -> list[Edit]:
        span = _existing_span(store, self.span_id)
        check_annotator(span.annotator, user, "span")
        if self.target is not None:
            check_linkable(store, span)
        check_target(store, self.target)
        return _link_edit(store, span, self.target)


def span_name(text: str) -> str:
    """A span's text as an actor's name: one line, single spaces."""
    return " ".join(text.split())


@dataclass(frozen=True)
class CreateActorFromSpan(Command):
    """Make an actor named as the span's text and link the span to it, in one step."""

    span_id: str
    kind: ActorKind | str = ActorKind.OTHER
    name: str | None = None
    description: ClassVar[str] = "Create actor from span"

    def edits(self, store: Store, user: User) -> list[Edit]:
        span = _existing_span(store, self.span_id)
        check_annotator(span.annotator, user, "span")
        check_linkable(store, span)
        text = store.document_text(span.document_id)[span.start : span.end]
        actor = new_actor(store, self.name or span_name(text), self.kind)
        return [actor_edit(None, actor), *_link_edit(store, span, actor.id)]


@dataclass(frozen=True)
class MergeActors(Command):
    """Fold ``source`` into ``into``: every link moves, the names join ``into``'s aliases,
    ``source`` goes. The audit keeps both actors as they were; undo splits them again."""

    source: str
    into: str

    @property
    def description(self) -> str:
        return f"Merge actor {self.source} into {self.into}"

    def edits(self, store: Store, user: User) -> list[Edit]:
        if self.source == self.into:
            raise ValidationError("an actor cannot be merged into itself")
        source = existing_actor(store, self.source)
        into = existing_actor(store, self.into)
        merged = into.with_changes(aliases=joined_aliases(into, source.names), updated=now_iso())
        moved = [
            Edit(Entity.ACTOR_LINK, row, {**row, "actor": into.id})
            for row in store.actor_link_rows(source.id)
        ]
        return [actor_edit(into, merged), *moved, actor_edit(source, None)]


@dataclass(frozen=True)
class SetActorLabels(Operation):
    """Choose the labels whose spans link to actors (a schema edit: audited, not undone).
    A label left out keeps its spans' links; new links to its spans are refused."""

    labels: tuple[str, ...]
    description: ClassVar[str] = "Set actor labels"

    def apply(self, store: Store, user: User) -> Changes:
        known = {label.name for label in store.labels()}
        for name in self.labels:
            if name not in known:
                raise ValidationError(f"unknown label {name!r}")
        before = store.actor_labels()
        after = sorted(set(self.labels))
        if after == before:
            return Changes()
        store.set_actor_labels(after)
        store.append_audit(
            user=user.name,
            action=self.description,
            entity="actor_labels",
            entity_id="actor_labels",
            before=before,
            after=after,
        )
        return Changes(labels=frozenset(before).symmetric_difference(after))
