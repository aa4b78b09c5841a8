"""Undoable decisions about suggestions: accept (the annotator's span, with its
provenance), relabel and accept, accept a recommender's every suggestion, reject."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from belannot.core.changes import Edit, Entity
from belannot.core.commands import AddSpan, Command, _check_label, _check_range
from belannot.core.model import User, ValidationError, new_span_id, now_iso
from belannot.core.recommenders.base import Suggestion
from belannot.core.store import Store
from belannot.core.store.actors import link_row


def provenance_row(span_id: str, suggestion: Suggestion) -> dict[str, Any]:
    return {
        "id": span_id,
        "document_id": suggestion.document_id,
        "origin": suggestion.recommender,
        "score": suggestion.score,
    }


def _accept_edits(
    store: Store, user: User, suggestion: Suggestion, label: str, have: set[tuple[int, int, str]]
) -> list[Edit]:
    key = (suggestion.start, suggestion.end, label)
    if key in have:
        raise ValidationError(
            f"{user.name} has a {label} span at {suggestion.start}–{suggestion.end} already"
        )
    have.add(key)
    span_id = new_span_id()
    add = AddSpan(suggestion.document_id, suggestion.start, suggestion.end, label, span_id=span_id)
    edits = [
        *add.edits(store, user),
        Edit(Entity.PROVENANCE, None, provenance_row(span_id, suggestion)),
    ]
    actor = suggestion.actor
    if actor is not None and label in store.actor_labels() and store.actor(actor) is not None:
        edits.append(
            Edit(Entity.ACTOR_LINK, None, link_row(span_id, suggestion.document_id, actor))
        )
    return edits


def _own_keys(store: Store, document_id: str, user: User) -> set[tuple[int, int, str]]:
    return {
        (span.start, span.end, span.label)
        for span in store.spans(document_id)
        if span.annotator == user.name
    }


@dataclass(frozen=True)
class AcceptSuggestion(Command):
    """Make the suggestion the user's span (as ``label`` when given: relabel and accept);
    a registry suggestion's span is linked to its actor in the same step."""

    suggestion: Suggestion
    label: str | None = None

    @property
    def description(self) -> str:
        return f"Accept {self.label or self.suggestion.label} suggestion"

    def edits(self, store: Store, user: User) -> list[Edit]:
        have = _own_keys(store, self.suggestion.document_id, user)
        return _accept_edits(
            store, user, self.suggestion, self.label or self.suggestion.label, have
        )


@dataclass(frozen=True)
class AcceptSuggestions(Command):
    """Accept several suggestions (one recommender's in a document) as one undo step; one
    the user has as a span already, or a second copy of one, is passed over."""

    suggestions: tuple[Suggestion, ...]

    @classmethod
    def of_recommender(cls, suggestions: Iterable[Suggestion], name: str) -> AcceptSuggestions:
        """Those of ``suggestions`` made by ``name`` ("rules" takes every rule's)."""
        return cls(
            tuple(
                s
                for s in suggestions
                if s.recommender.split(":", 1)[0] == name or s.recommender == name
            )
        )

    @property
    def description(self) -> str:
        sources = sorted({s.recommender for s in self.suggestions})
        return f"Accept {len(self.suggestions)} suggestions of {', '.join(sources) or 'none'}"

    def edits(self, store: Store, user: User) -> list[Edit]:
        edits: list[Edit] = []
        have_by_document: dict[str, set[tuple[int, int, str]]] = {}
        started: set[str] = set()
        for suggestion in self.suggestions:
            document_id = suggestion.document_id
            if document_id not in have_by_document:
                have_by_document[document_id] = _own_keys(store, document_id, user)
            have = have_by_document[document_id]
            if suggestion.key in have:
                continue
            for edit in _accept_edits(store, user, suggestion, suggestion.label, have):
                # The document's state moves to in progress once, not once a span.
                if edit.entity is Entity.DOCUMENT_STATE:
                    if document_id in started:
                        continue
                    started.add(document_id)
                edits.append(edit)
        return edits


def rejection_row(suggestion: Suggestion, annotator: str) -> dict[str, Any]:
    return {
        "id": new_span_id(),
        "document_id": suggestion.document_id,
        "annotator": annotator,
        "start": suggestion.start,
        "end": suggestion.end,
        "label": suggestion.label,
        "recommender": suggestion.recommender,
        "score": suggestion.score,
        "created": now_iso(),
    }


@dataclass(frozen=True)
class RejectSuggestion(Command):
    """Reject a suggestion: it is not offered to this user in this document again,
    whichever recommender makes it."""

    suggestion: Suggestion

    @property
    def description(self) -> str:
        return f"Reject {self.suggestion.label} suggestion"

    def edits(self, store: Store, user: User) -> list[Edit]:
        s = self.suggestion
        _check_range(store, s.document_id, s.start, s.end)
        _check_label(store, s.label)
        if store.rejection_row(s.document_id, user.name, s.start, s.end, s.label) is not None:
            return []
        return [Edit(Entity.SUGGESTION_REJECTION, None, rejection_row(s, user.name))]
