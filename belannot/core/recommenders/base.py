"""The one interface every recommender has, the suggestion it yields, and word tokens."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Any, ClassVar, NamedTuple, Protocol

from belannot.core.actors import Actor

# A word: letters, digits and marks, joined by inner apostrophes ("don't", "Belarus’").
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_SPLIT = re.compile(r"(\w+(?:['’]\w+)*)")


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


class Words(NamedTuple):
    """A text's words: their offsets and their text, as three parallel sequences."""

    starts: Sequence[int]
    ends: Sequence[int]
    texts: Sequence[str]


# A long text is split this many characters at a time (cut at a space, which no word
# holds): one split of 1 MB holds the interpreter ~0.2 s, which the window's thread waits.
CHUNK = 1 << 16


@lru_cache(maxsize=2)
def words(text: str) -> Words:
    """The words of ``text`` with their code point offsets. The last texts' are kept: the
    recommenders ask for the same document's words one after the other."""
    if len(text) <= CHUNK:
        return _words(text, 0)
    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    at = 0
    while at < len(text):
        cut = text.find(" ", at + CHUNK)
        cut = len(text) if cut < 0 else cut
        piece = _words(text[at:cut], at)
        starts.extend(piece.starts)
        ends.extend(piece.ends)
        texts.extend(piece.texts)
        at = cut
    return Words(starts, ends, texts)


def _words(text: str, base: int) -> Words:
    # re.split with the word as its group alternates gap, word, gap, … and the running
    # sum of their lengths gives every offset: no Python call per word (a 1 MB text has
    # 160,000 words).
    parts = _SPLIT.split(text)
    offsets = list(accumulate(map(len, parts), initial=base))[1:]
    return Words(offsets[0:-1:2], offsets[1::2], parts[1::2])


def folded(texts: Sequence[str], fold: Callable[[str], str]) -> list[str]:
    """``fold`` of every text, each distinct text folded once."""
    forms = {text: fold(text) for text in set(texts)}
    return list(map(forms.__getitem__, texts))


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
