"""Setting one typed attribute on a span: an undoable, audited command."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from belannot.core.attributes import check_attributes
from belannot.core.changes import Edit, Entity
from belannot.core.commands import Command, missing_span
from belannot.core.errors import PermissionDeniedError
from belannot.core.model import Role, Span, SpanStatus, User, ValidationError, now_iso
from belannot.core.store import Store, span_to_row


def _check_may_set(span: Span, user: User) -> None:
    """An annotator sets attributes on their own spans; a reviewer also on the gold."""
    if span.annotator == user.name:
        return
    if user.role is Role.REVIEWER and span.status is SpanStatus.APPROVED:
        return
    raise PermissionDeniedError(
        f"{user.name} cannot change a span of {span.annotator}; only its annotator can"
        + ("" if user.role is Role.REVIEWER else ", or a reviewer once it is approved")
    )


@dataclass(frozen=True)
class SetSpanAttribute(Command):
    """Set attribute ``name`` of a span to ``value``, checked against its label; None unsets."""

    span_id: str
    name: str
    value: Any

    @property
    def description(self) -> str:
        if self.value is None:
            return f"Clear span attribute {self.name}"
        return f"Set span attribute {self.name}"

    def edits(self, store: Store, user: User) -> list[Edit]:
        span = store.span(self.span_id)
        if span is None:
            raise missing_span(store, self.span_id)
        _check_may_set(span, user)
        label = store.label(span.label)
        if label is None:  # pragma: no cover - the foreign key keeps a span's label
            raise ValidationError(f"unknown label {span.label!r}")
        attributes = dict(span.attributes)
        if self.value is None:
            if self.name not in attributes:
                if label.attributes and label.attribute(self.name) is None:
                    check_attributes(label.name, label.attributes, {self.name: self.value})
                return []
            del attributes[self.name]
        else:
            attributes[self.name] = self.value
            check_attributes(label.name, label.attributes, {self.name: self.value})
            if span.attributes.get(self.name) == self.value:
                return []
        updated = span.with_changes(attributes=attributes, updated=now_iso())
        return [Edit(Entity.SPAN, span_to_row(span), span_to_row(updated))]
