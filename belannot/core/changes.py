"""What an edit changed, so that views refresh only that."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Entity(StrEnum):
    """The kinds of rows an undoable edit can touch."""

    SPAN = "span"
    DOCUMENT_STATE = "document_state"
    RELATION = "relation"
    ACTOR = "actor"
    # A span's link to an actor (or NIL); its row's id is the span's.
    ACTOR_LINK = "actor_link"
    # An accepted span's origin (recommender and score); its row's id is the span's.
    PROVENANCE = "provenance"
    # A suggestion an annotator rejected in a document.
    SUGGESTION_REJECTION = "suggestion_rejection"
    # A project setting ({"id": key, "value": …}); only undoable switches write one.
    SETTING = "setting"


@dataclass(frozen=True, slots=True)
class Edit:
    """One row before and after a change; ``None`` means absent (insert or delete)."""

    entity: Entity
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def reversed(self) -> Edit:
        return Edit(self.entity, self.after, self.before)

    @property
    def row(self) -> dict[str, Any]:
        row = self.after if self.after is not None else self.before
        assert row is not None, "an edit has a row before or after"
        return row

    def to_json(self) -> dict[str, Any]:
        return {"entity": self.entity.value, "before": self.before, "after": self.after}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Edit:
        return cls(Entity(data["entity"]), data["before"], data["after"])


@dataclass(frozen=True, slots=True)
class Changes:
    """What an operation touched: spans and documents, labels, settings."""

    span_ids: frozenset[str] = field(default_factory=frozenset)
    document_ids: frozenset[str] = field(default_factory=frozenset)
    entities: frozenset[Entity] = field(default_factory=frozenset)
    # Set for whole-project changes (an import, another process): refresh everything.
    everything: bool = False
    # Names of labels added, edited or removed (both names of a rename): the schema
    # and the current document's spans are shown again, nothing else.
    labels: frozenset[str] = field(default_factory=frozenset)
    # Keys of project settings that changed.
    settings: frozenset[str] = field(default_factory=frozenset)
    # One line for the status bar about what was done differently (an undo that skipped
    # an entry others made stale); empty when there is nothing to say.
    notice: str = ""
    # Relations added, edited or removed (their documents are in document_ids).
    relation_ids: frozenset[str] = field(default_factory=frozenset)
    # Names of relation types added, edited or removed (both names of a rename).
    relation_types: frozenset[str] = field(default_factory=frozenset)
    # Actors of the registry added, edited, merged or removed.
    actor_ids: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_edits(cls, edits: Iterable[Edit]) -> Changes:
        spans: set[str] = set()
        documents: set[str] = set()
        entities: set[Entity] = set()
        relations: set[str] = set()
        actors: set[str] = set()
        settings: set[str] = set()
        for edit in edits:
            row = edit.row
            entities.add(edit.entity)
            if edit.entity is Entity.ACTOR:
                actors.add(row["id"])  # the registry belongs to no document
                continue
            if edit.entity is Entity.SETTING:
                settings.add(row["id"])  # nor does a setting
                continue
            documents.add(row["document_id"])
            if edit.entity in (Entity.SPAN, Entity.ACTOR_LINK, Entity.PROVENANCE):
                spans.add(row["id"])
            elif edit.entity is Entity.RELATION:
                relations.add(row["id"])
        return cls(
            frozenset(spans),
            frozenset(documents),
            frozenset(entities),
            relation_ids=frozenset(relations),
            actor_ids=frozenset(actors),
            settings=frozenset(settings),
        )

    @classmethod
    def all(cls) -> Changes:
        return cls(everything=True)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.span_ids | other.span_ids,
            self.document_ids | other.document_ids,
            self.entities | other.entities,
            self.everything or other.everything,
            self.labels | other.labels,
            self.settings | other.settings,
            "; ".join(n for n in (self.notice, other.notice) if n),
            self.relation_ids | other.relation_ids,
            self.relation_types | other.relation_types,
            self.actor_ids | other.actor_ids,
        )

    def __bool__(self) -> bool:
        return self.everything or bool(
            self.entities or self.labels or self.settings or self.relation_types
        )
