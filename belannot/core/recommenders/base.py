"""The one interface every recommender has, the suggestion it yields, and word tokens."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple, Protocol

from belannot.core.actors import Actor

# A word: letters, digits and marks, joined by inner apostrophes ("don't", "Belarus’").
_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A span a recommender proposes: never a span itself until an annotator accepts it.

    Offsets are code points into the stored text, end-exclusive; ``actor`` is set when
    accepting it should also link the new span to that actor."""

    document_id: str
    start: int
    end: int
    label: str
    score: float
    recommender: str
    actor: str | None = None

    @property
    def key(self) -> tuple[int, int, str]:
        """What makes two suggestions the same one: a rejection covers every recommender's."""
        return (self.start, self.end, self.label)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "score": round(self.score, 4),
            "recommender": self.recommender,
        }
        if self.actor is not None:
            data["actor"] = self.actor
        return data


class SuggestionReader(Protocol):
    """What recommenders read of a project (the Store satisfies it)."""

    def setting(self, key: str, default: Any = None) -> Any: ...

    def actors(self) -> list[Actor]: ...

    def actor_labels(self) -> list[str]: ...

    def span_strings(self) -> list[tuple[str, str, str, int]]: ...


class Token(NamedTuple):
    start: int
    end: int
    text: str


def words(text: str) -> list[Token]:
    """The words of ``text`` with their code point offsets."""
    return [Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def is_word_char(char: str) -> bool:
    return bool(_WORD.match(char))


class Recommender(ABC):
    """A source of suggestions, made once from the project (``reader``) and then asked
    about one document at a time; its ``name`` keys its settings and each suggestion's
    provenance."""

    name: ClassVar[str]
    # What the settings and ``belannot suggest --stats`` call it.
    title: ClassVar[str]

    @abstractmethod
    def suggest(self, document_id: str, text: str) -> Iterator[Suggestion]:
        """Every suggestion for this document's text, in any order."""
