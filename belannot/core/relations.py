"""Relation types and relations: typed links between two spans of one layer, and their rules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from belannot.core.model import (
    SpanStatus,
    ValidationError,
    check_hotkey,
    check_label_color,
    check_label_name,
)


@dataclass(frozen=True, slots=True)
class RelationType:
    """What a relation may join: the labels allowed at its head and at its tail."""

    name: str
    head_labels: tuple[str, ...]
    tail_labels: tuple[str, ...]
    directed: bool = True
    color: str = "#777777"
    hotkey: str | None = None
    description: str = ""
    position: int = 0

    def __post_init__(self) -> None:
        try:
            check_label_name(self.name)
        except ValidationError:
            raise ValidationError(
                f"relation type name {self.name!r} must be 1–64 printable characters"
            ) from None
        check_label_color(self.color)
        check_hotkey(self.hotkey)
        for end, labels in (("head", self.head_labels), ("tail", self.tail_labels)):
            if not isinstance(labels, tuple) or not labels:
                raise ValidationError(f"relation type {self.name!r} needs {end} labels")

    def allows(self, head_label: str, tail_label: str) -> bool:
        """Whether a span labelled ``head_label`` may be linked to one labelled ``tail_label``."""
        if head_label in self.head_labels and tail_label in self.tail_labels:
            return True
        # A symmetric relation has no head: either way round will do.
        return not self.directed and (
            tail_label in self.head_labels and head_label in self.tail_labels
        )

    def check_allows(self, head_label: str, tail_label: str) -> None:
        if not self.allows(head_label, tail_label):
            raise ValidationError(
                f"a {self.name} relation goes from {' or '.join(self.head_labels)} to "
                f"{' or '.join(self.tail_labels)}, not from {head_label} to {tail_label}"
            )

    def with_changes(self, **changes: Any) -> RelationType:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed link from a head span to a tail span of one annotator's layer."""

    id: str
    document_id: str
    type: str
    head: str
    tail: str
    annotator: str
    status: SpanStatus = SpanStatus.PENDING
    reviewer: str | None = None
    created: str = ""
    updated: str = ""

    def __post_init__(self) -> None:
        if not self.id or not self.document_id:
            raise ValidationError("a relation needs an id and a document")
        if self.head == self.tail:
            raise ValidationError("a relation joins two different spans")
        if not isinstance(self.status, SpanStatus):
            raise ValidationError(f"unknown relation status {self.status!r}")

    def with_changes(self, **changes: Any) -> Relation:
        return replace(self, **changes)

    def ends(self) -> tuple[str, str]:
        return (self.head, self.tail)


def relation_order(relation: Relation) -> tuple[str, str, str, str, str]:
    return (relation.type, relation.head, relation.tail, relation.annotator, relation.id)


def _default(name: str, head: str, tail: str, color: str, description: str) -> RelationType:
    return RelationType(name, (head,), (tail,), True, color, None, description)


DEFAULT_RELATION_TYPES: tuple[RelationType, ...] = tuple(
    replace(relation_type, position=position)
    for position, relation_type in enumerate(
        (
            _default("speaker", "quote", "actor", "#1f77b4", "Who says the quote."),
            _default("source", "prediction", "actor", "#ff7f0e", "Who makes the prediction."),
            _default("participant", "event", "actor", "#2ca02c", "Who takes part in the event."),
            _default("about", "prediction", "event", "#9467bd", "The event a prediction is about."),
        )
    )
)


def relation_type_names(types: Iterable[RelationType]) -> list[str]:
    return [relation_type.name for relation_type in types]
